"""The one place an ``Answer`` is built: from the chosen proposal and the ones it beat."""
from __future__ import annotations

from . import messages
from .answer import Answer, Interpretation
from .proposal import Proposal
from .query import Query


def compose(query: Query, chosen: Proposal, beaten: list[Proposal], reason: str) -> Answer:
    others = "; ".join(f"{p.route} {p.score:.2f}" for p in beaten[:3])
    why = f"{chosen.reason}; {reason}" + (f" (beat {others})" if others else "")
    route = "none" if chosen.answer_type == "none" else chosen.route
    return Answer(
        text=chosen.text, answer_type=chosen.answer_type, language=query.language,
        figures=chosen.figures, citations=chosen.citations, charts=chosen.charts,
        suggestions=chosen.suggestions, span=chosen.span,
        interpretation=Interpretation(
            route=route if route in ("table", "computed", "facts", "passage", "none") else "none",
            reason=why, understood_as=chosen.understood_as, language=query.language,
            table_id=chosen.table_id, row_key=chosen.row_key, column_key=chosen.column_key,
            entity=chosen.entity, operation=chosen.operation, passage_id=chosen.passage_id,
            question=query.text, slots=chosen.slots or None))


def nothing(query: Query, reason: str, text: str | None = None, suggestions: tuple[str, ...] = ()) -> Proposal:
    """The answer when the collection does not answer: a plain 'none', or a guard's own words."""
    lang = query.language
    text = text or messages.say("none", lang)
    return Proposal(route="guard", score=0.0, reason=reason, text=text, answer_type="none",
                    suggestions=suggestions)
