"""What an answerer proposes: an answer with its evidence and how well it fits the question."""
from __future__ import annotations

from dataclasses import dataclass, field

from .answer import Chart, Citation, Figure, Span


@dataclass(frozen=True)
class Proposal:
    route: str                     # table | computed | facts | passage | guard
    score: float                   # how much of the question the evidence explains, 0..1
    reason: str                    # why this answerer believes it
    text: str
    answer_type: str = "figure"    # figure | passage | none
    figures: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    charts: tuple[Chart, ...] = ()
    suggestions: tuple[str, ...] = ()
    understood_as: str | None = None
    operation: str | None = None
    table_id: str | None = None
    row_key: str | None = None
    column_key: str | None = None
    entity: str | None = None
    passage_id: str | None = None
    named_row: bool = False        # the question names the row by a proper name
    structured: bool = False       # the question names both a row and a column of the table
    slots: dict = field(default_factory=dict)
    span: Span | None = None
