"""Guards: answers that say what the collection lacks instead of giving another figure.

A place or group no table breaks out, a date no document has, a document the
collection does not hold, a mention that fits two columns equally, a question
about today. Each is computed from the whole collection, and each carries the
strength of the table evidence it stands in for, so the arbiter can weigh it.
"""
from __future__ import annotations

from .. import messages
from ..compose import nothing
from ..documents import DocumentChoice, describe
from ..proposal import Proposal
from ..query import Query
from ..resolve import TableMatch, unit_weight
from ..schema import Schema
from ..vocabulary import vocabulary
from .table import poll_evidence

# How much of a question the table evidence must explain before a guard speaks for it.
MIN_EVIDENCE = 0.7


class Guards:
    def __init__(self, schema: Schema, poll_words: frozenset[str]) -> None:
        self.schema = schema
        self.poll_words = poll_words

    def propose(self, query: Query, choice: DocumentChoice, matches: list[TableMatch]) -> list[Proposal]:
        out = []
        best = matches[0] if matches else None
        strength = self.strength(query, best) if best else 0.0
        if query.present:   # no dated document can say what is true today
            out.append(self.present(query, 1.0))
        if best is not None and strength >= MIN_EVIDENCE and best.row is not None and poll_evidence(best):
            if choice.time_missing:
                out.append(self.other_time(query, strength))
            elif best.missing and not any(not m.missing and m.rank >= best.rank for m in matches):
                out.append(self.no_cut(query, best, strength))
            elif best.ambiguous:
                out.append(self.clarify(query, best, strength))
        unknown = [u for u in query.units if u.name and not any(k in self.schema.idf for k in u.keys)]
        if unknown and self.about_polls(query) and not choice.named:
            out.append(self.unknown_document(query, unknown[0].text))
        return out

    def strength(self, query: Query, match: TableMatch) -> float:
        """How much of the question the table would explain if it had the asked cut."""
        total = sum(unit_weight(self.schema, u) for u in query.units) or 1.0
        return min((match.score + sum(unit_weight(self.schema, u) for u in match.missing)) / total, 1.0)

    def about_polls(self, query: Query) -> bool:
        return bool(set(query.question.tokens) & self.poll_words)

    def present(self, query: Query, strength: float) -> Proposal:
        dates = ", ".join(sorted({d.document.date[:7] for d in self.schema.documents}))
        return guard(nothing(query, "the question asks about today", messages.say("present", query.language,
                                                                                     dates=dates)), strength)

    def other_time(self, query: Query, strength: float) -> Proposal:
        when = ", ".join([*query.years, *(messages_month(query, m) for m in query.months)])
        dates = "; ".join(f"{describe(d)}" for d in self.schema.documents if d.tables or d.facts)
        text = messages.say("other_time", query.language, when=when, dates=dates)
        return guard(nothing(query, f"no document is from {when}", text), strength + 0.05)

    def no_cut(self, query: Query, match: TableMatch, strength: float) -> Proposal:
        cut = match.missing[0].text
        anywhere = bool(match.missing[0].keys & self.schema.column_keys)   # another poll has the cut
        columns = ", ".join(dict.fromkeys(c.column.label for c in match.table.columns))
        document = describe(self.schema.document_info(match.table.document.id))
        text = messages.say("no_cut", query.language, document=document, cut=cut, columns=columns)
        if not anywhere:
            text = messages.say("no_cut_anywhere", query.language, cut=cut) + " " + text
        return guard(nothing(query, f"{match.table.table.id} has no column for {cut!r}", text), strength + 0.05)

    def clarify(self, query: Query, match: TableMatch, strength: float) -> Proposal:
        options = [c.column.label for c in match.ambiguous[0]]
        words = [u.text for u in match.slots["columns"]]
        suggestions = tuple(_replace(query.text, words, option) for option in options)
        text = messages.say("clarify", query.language, options=" / ".join(options))
        return guard(nothing(query, f"{words} fits {options} equally", text, suggestions), strength + 0.05)

    def unknown_document(self, query: Query, name: str) -> Proposal:
        documents = "; ".join(describe(d) for d in self.schema.documents)
        text = messages.say("unknown_document", query.language, name=name, documents=documents)
        return guard(nothing(query, f"no document knows {name!r}", text), 1.0)


def guard(proposal: Proposal, score: float) -> Proposal:
    return Proposal(**{**proposal.__dict__, "score": score})


def _replace(text: str, words: list[str], option: str) -> str:
    for word in words:
        if word in text:
            return text.replace(word, option, 1)
    return f"{text} ({option})"


def messages_month(query: Query, month: int) -> str:
    names = vocabulary().months[month - 1]
    return names[1] if query.language == "es" and len(names) > 1 else names[0]
