"""The passage answerer: a quoted sentence (and its answering span) from the prose."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from index.analysis import fold
from index.store import IndexBundle

from .. import messages
from ..answer import Citation, Span
from ..documents import DocumentChoice
from ..passages import MIN_COVERAGE, PassageAnswer, PassageAnswerer
from ..proposal import Proposal
from ..query import Query
from ..quotes import clean
from ..patterns import NAME_SPAN_RE

QUESTION_STARTERS = frozenset({"who", "what", "when", "where", "which", "how", "why", "quien", "que", "cuando",
                               "donde", "cual", "como", "por", "and", "y", "is", "was", "did", "does"})


class PassageRoute:
    def __init__(self, bundle: IndexBundle, passages: PassageAnswerer, understand: Callable[..., Query]) -> None:
        self.bundle = bundle
        self.understand = understand
        self.passages = passages
        self.documents = {d.id: d for d in bundle.documents}

    def find(self, query: Query, extra: list[str] = (),
             documents: frozenset[str] | None = None) -> PassageAnswer | None:
        """The best passage, searched once per question and set of documents."""
        key = ("passage", tuple(extra), documents)
        if key not in query.memo:
            unknown = self.passages.lexicon.unknown_names(query.question)
            query.memo[key] = None if unknown else self.passages.answer(
                query.question, query.question_type, list(extra), documents)
        return query.memo[key]

    def propose(self, query: Query, choice: DocumentChoice, extra: list[str] = ()) -> list[Proposal]:
        allowed = frozenset(d.document.id for d in choice.documents)
        narrowed = len(allowed) < len(self.documents)
        if narrowed and (choice.named or query.names_time or query.document_kinds):
            # "the margin of error of the Datum poll of 20 March 2016": the words that chose the
            # document are not words the answering sentence must contain.
            query = self.reread(query, without_words(query.text, choice.words))
        # "Where did the author earn his Ph.D.?": the text names its author ("Luis Paredes
        # teaches ..."), not "the author" (of a text, not a poll's pollster).
        if "author" in query.metadata_fields:
            texts = [d for d in choice.documents if d.kind != "poll"] or list(choice.documents)
            query = self.reread(query, without_words(query.text, self.passages.vocabulary.field_words["author"]))
            extra = [*extra, texts[0].document.author]
        found = self.find(query, extra, allowed if narrowed else None)
        if found is None or found.coverage <= MIN_COVERAGE:
            return []
        return [self.to_proposal(query, found)]

    def reread(self, query: Query, text: str) -> Query:
        """``text`` read in the language ``query`` was read in, answered in the language it answers in
        (the asker may have chosen another)."""
        return replace(self.understand(text, query.question.language), language=query.language)

    def to_proposal(self, query: Query, found: PassageAnswer) -> Proposal:
        hit = found.hit
        document = self.documents[hit.chunk.document_id]
        sentence = clean(document.text[found.sentence[0]:found.sentence[1]])
        lang = query.language
        if found.span:
            span = clean(document.text[found.span[0]:found.span[1]])
            text = messages.say("passage", lang, span=span, sentence=sentence)
        else:
            text = messages.say("passage_sentence", lang, sentence=sentence)
        highlight = found.span or found.sentence
        span = Span(text=document.text[found.span[0]:found.span[1]], document=document.id,
                    start=found.span[0], end=found.span[1],
                    type=span_type(found.span_kind, document.text[found.span[0]:found.span[1]])) \
            if found.span else None
        citations = [Citation(document=document.id, title=document.title, text=hit.chunk.text,
                              version=document.content_hash,
                              start=hit.chunk.start, end=hit.chunk.end, score=round(hit.score, 4),
                              section=hit.chunk.section, highlight_start=highlight[0], highlight_end=highlight[1])]
        for other in found.supporting:
            if other.chunk.id != hit.chunk.id:
                other_doc = self.documents[other.chunk.document_id]
                citations.append(Citation(document=other_doc.id, title=other_doc.title, text=other.chunk.text,
                                          version=other_doc.content_hash,
                                          start=other.chunk.start, end=other.chunk.end,
                                          score=round(other.score, 4), section=other.chunk.section))
        return Proposal(
            route="passage", score=found.coverage, answer_type="passage", text=text, citations=tuple(citations),
            reason=f"passage {hit.chunk.id} covers {found.coverage:.0%} of the question",
            suggestions=self.suggestions(document.id, lang),
            understood_as=found.question_type, passage_id=hit.chunk.id, span=span,
            entity=passage_entity(query.text, document.text[highlight[0]:highlight[1]]))

    def suggestions(self, document_id: str, language: str) -> tuple[str, ...]:
        """About the quoted document itself: who wrote it and when (always answerable)."""
        title = self.documents[document_id].title
        return tuple(messages.say(key, language, title=title) for key in ("suggest_author", "suggest_date"))


def without_words(text: str, words: frozenset[str]) -> str:
    """``text`` without ``words``, also where a dash or a slash joins them ("Andina–Pacific")."""
    kept = (part for w in text.split() for part in JOINED_RE.split(w))
    return " ".join(part for part in kept if part and fold(part.strip("?¿!¡.,;:'’")) not in words)


JOINED_RE = re.compile(r"[–—/]")
SPAN_TYPES = {"when": "date", "where": "place", "who": "person", "definition": "definition", "reason": "reason"}


def span_type(kind: str | None, text: str) -> str:
    """What an answering span is: a number alone, or a quantity of something ("12,000 inhabitants")."""
    if kind == "how_many":
        return "quantity" if any(ch.isalpha() for ch in text) else "number"
    return SPAN_TYPES.get(kind or "", "other")


def passage_entity(question: str, answer_text: str) -> str | None:
    """The person or thing a pronoun in the next question will most likely mean."""
    for source in (question, answer_text):
        names = [m.group() for m in NAME_SPAN_RE.finditer(source)
                 if m.start() > 0 and fold(m.group()) not in QUESTION_STARTERS]
        if names:
            return max(names, key=len)
    return None
