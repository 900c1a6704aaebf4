"""The values that flow from the core to the renderers: small frozen dataclasses.

An ``Answer`` is everything a renderer (JSON, HTML, Slack) needs; renderers
never go back to the index to re-derive anything. An answer without
citations is a bug unless its type is ``none``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

AnswerType = Literal["figure", "passage", "none"]
Route = Literal["table", "computed", "facts", "passage", "none"]


@dataclass(frozen=True)
class Figure:
    """One table cell, or a value computed from cited cells (``computed`` says how)."""
    value: float
    unit: str | None
    document: str
    table: str                 # table title as in the source
    table_id: str
    row: str                   # row label as in the source
    parent_row: str | None
    column: str                # column label as in the source
    column_group: str | None
    line: int
    computed: str | None = None   # e.g. "41.2 − 11.9 = 29.3" for a gap


@dataclass(frozen=True)
class Citation:
    document: str
    title: str                 # the document's title
    text: str                  # the cited text, exactly source[start:end]
    start: int
    end: int
    score: float
    kind: Literal["passage", "table-row", "fact"] = "passage"
    section: str | None = None
    highlight_start: int | None = None   # the answering span inside [start, end), absolute offsets
    highlight_end: int | None = None
    table_id: str | None = None
    line: int | None = None
    version: str | None = None         # the document's content hash when it was cited


SpanType = Literal["date", "number", "quantity", "person", "place", "organisation", "definition", "reason",
                   "other"]


@dataclass(frozen=True)
class Span:
    """The part of a quoted passage that answers the question: exactly ``source[start:end]``."""
    text: str
    document: str
    start: int
    end: int
    type: SpanType


@dataclass(frozen=True)
class Bar:
    label: str
    group: str | None
    value: float | None
    emphasised: bool = False


@dataclass(frozen=True)
class Series:
    name: str                  # row label
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A row (or rows, for comparisons) across the columns of its table."""
    title: str
    table_id: str
    unit: str | None
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Interpretation:
    """How the question was understood: shown to people, logged, and carried to the next turn."""
    route: Route
    reason: str
    understood_as: str | None = None        # e.g. "Ana Torres - Partido Verde, Rural"
    language: str = "en"
    table_id: str | None = None
    row_key: str | None = None
    column_key: str | None = None
    entity: str | None = None               # the person or thing a pronoun in the next turn points to
    operation: str | None = None            # lookup | leader | gap | highest | lowest | ranking
    passage_id: str | None = None
    question: str | None = None             # the question as resolved (follow-ups filled in)
    slots: dict | None = None               # the words that filled each slot (rows, columns, measure, ...)


@dataclass(frozen=True)
class Answer:
    text: str
    answer_type: AnswerType
    interpretation: Interpretation
    figures: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    language: str = "en"
    span: Span | None = None          # for passage answers: the answering span the answer leads with

    def __post_init__(self) -> None:
        if self.answer_type != "none" and not self.citations:
            raise ValueError("an answer other than 'none' must carry citations")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Answer":
        """An ``Answer`` back from ``to_dict()``, as the conversation store keeps it."""
        charts = tuple(Chart(c["title"], c["table_id"], c["unit"],
                             tuple(Series(s["name"], tuple(Bar(**b) for b in s["bars"])) for s in c["series"]))
                       for c in data.get("charts", ()))
        return cls(text=data["text"], answer_type=data["answer_type"],
                   interpretation=Interpretation(**data["interpretation"]),
                   figures=tuple(Figure(**f) for f in data.get("figures", ())),
                   citations=tuple(Citation(**c) for c in data.get("citations", ())),
                   suggestions=tuple(data.get("suggestions", ())), charts=charts,
                   language=data.get("language", "en"),
                   span=Span(**data["span"]) if data.get("span") else None)
