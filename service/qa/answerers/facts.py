"""Fact-sheet entries and document metadata: answers about a poll or an article itself."""
from __future__ import annotations

import re

from .. import messages
from ..answer import Citation
from ..documents import DocumentChoice, describe
from ..vocabulary import fold
from ..proposal import Proposal
from ..query import Query, Unit
from ..resolve import credit, unit_weight
from ..schema import DocumentInfo, FactInfo, Schema

# A fact must explain at least this share of the question's own words.
MIN_FACT_COVERAGE = 0.5
# A word of the entry's value ("departamentos" in the coverage entry) says less than its key.
VALUE_WEIGHT = 0.8
METADATA_SCORE = 0.99
# Another document's entry that fits almost as well is named beside the answer.
SAME_FACT = 0.9
MAX_OTHERS = 4


def plain_numbers(text: str) -> str:
    """1,200 -> 1200 in our own words (the quote keeps the source's form)."""
    return re.sub(r"\b\d{1,3}(?:,\d{3})+\b", lambda m: m.group().replace(",", ""), text)


class FactAnswerer:
    def __init__(self, schema: Schema, poll_words: frozenset[str]) -> None:
        self.schema = schema
        self.poll_words = poll_words

    def about(self, query: Query, choice: DocumentChoice) -> list[Unit]:
        """The units a fact must explain: not the words that name the document or a poll."""
        return [u for u in query.units if u not in choice.named
                and not all(fold(w) in self.poll_words for w in u.text.split())]

    def propose(self, query: Query, choice: DocumentChoice) -> list[Proposal]:
        units = self.about(query, choice)
        if not units:
            return []
        total = sum(unit_weight(self.schema, u) for u in units)
        scored = [(sum(max(credit(self.schema, u, f.label), VALUE_WEIGHT * credit(self.schema, u, f.value))
                       for u in units), f)
                  for d in choice.documents for f in d.facts]
        scored = [(g, f) for g, f in scored if g > 0]
        if not scored:
            return []
        gain, best = max(scored, key=lambda pair: pair[0])   # the first of equals: the most recent
        coverage = gain / total
        names = [u for u in units if u.name]
        if coverage < MIN_FACT_COVERAGE or any(
                not credit(self.schema, u, best.label) and not credit(self.schema, u, best.value) for u in names):
            return []   # "the population of Tokyo" is not the poll's population
        others = [f for g, f in scored if g >= SAME_FACT * gain and f.document is not best.document]
        return [self.fact(query, best, coverage, others)]

    def fact(self, query: Query, info: FactInfo, coverage: float, others: list[FactInfo]) -> Proposal:
        fact, document = info.fact, info.document
        lang = query.language
        value = plain_numbers(fact.value)
        text = messages.say("fact", lang, label=fact.key, value=value, key=fact.key, document=document.publisher)
        if value != fact.value:
            text += f" [{fact.value}]"
        if others:
            text += " " + messages.say("also_in", lang, documents="; ".join(
                f"{describe(self.schema.document_info(o.document.id))}: {o.fact.value}" for o in others))
        citation = Citation(document=document.id, title=document.title, text=document.text[fact.start:fact.end],
                            version=document.content_hash,
                            start=fact.start, end=fact.end, score=round(coverage, 3), kind="fact",
                            section=fact.section, line=fact.line)
        return Proposal(route="facts", score=coverage, reason=f"fact-sheet key {fact.key!r}", text=text,
                        answer_type="passage", citations=(citation,), understood_as=fact.key,
                        slots={"fact": fact.key, "document": document.id})


class MetadataAnswerer:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def propose(self, query: Query, choice: DocumentChoice) -> list[Proposal]:
        if not query.metadata_fields:
            return []
        if query.metadata_fields == ["title"] and not (query.document_kinds or choice.named):
            return []   # "¿cómo se llama la doctrina?" asks the name of something in the text
        units = [u for u in query.units if u not in choice.named]

        def fit(document: DocumentInfo) -> float:
            return sum(max(self.schema.weight(u.keys, document.label), self.schema.weight(u.keys, document.title))
                       for u in units)

        best = max(fit(d) for d in choice.documents)
        fitting = [d for d in choice.documents if fit(d) >= best]   # the most recent first
        document = fitting[0]
        # A document is identified by most of what the question says of it: "Who wrote One Hundred
        # Years of Solitude?" is not about a text titled "One Hundred Years of the Port".
        identified = best > 0.5 * sum(unit_weight(self.schema, u) for u in units) or choice.named or query.names_time
        if not identified and units:
            return []   # the question is about something in the text ("who wrote the Manifesto?")
        proposal = self.field(query, document, self.asked_field(query))
        if len(fitting) > 1 and not choice.named:   # "who conducted the poll?" with several polls
            field = self.asked_field(query)
            others = "; ".join(f"{describe(d)}: {getattr(d.document, field)}" for d in fitting[1:MAX_OTHERS + 1])
            proposal = Proposal(**{**proposal.__dict__, "text": proposal.text + " " + messages.say(
                "also_in", query.language, documents=others)})
        return [proposal]

    def asked_field(self, query: Query) -> str:
        """The field the question asks for: "when was it published?" is the date, not the publisher."""
        if query.question_type == "when" and "date" not in query.metadata_fields:
            return "date"
        return query.metadata_fields[0]

    def field(self, query: Query, info: DocumentInfo, field: str) -> Proposal:
        document = info.document
        value = getattr(document, field)
        if field == "date" and messages.date_words(value, query.language) != value:
            value = f"{value} ({messages.date_words(value, query.language)})"
        head = document.text[:document.body_start]
        start = head.find(f"\n{field}: ") + 1
        end = head.find("\n", start)
        lang = query.language
        text = messages.say("metadata", lang, field=messages.field_name(field, lang), title=document.title,
                            value=value)
        citation = Citation(document=document.id, title=document.title, text=document.text[start:end], start=start,
                            version=document.content_hash,
                            end=end, score=1.0, kind="fact", section="metadata", line=document.line_of(start))
        # Just under a fact-sheet entry that fits fully: a poll's own "pollster" entry says more.
        return Proposal(route="facts", score=METADATA_SCORE, reason=f"document metadata field {field!r}", text=text,
                        answer_type="passage", citations=(citation,), understood_as=field,
                        slots={"metadata": field, "document": document.id})
