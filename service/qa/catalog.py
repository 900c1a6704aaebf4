"""What the router knows about each table: topics, entities, stems of row labels.

Computed once when the engine starts, so resolving a question against the
tables is a few dictionary look-ups and set intersections.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from index.analysis import Analyzer, fold
from index.tables import Column, Row, Table

from .vocabulary import Vocabulary, tokenize


@dataclass(frozen=True)
class RowInfo:
    row: Row
    entities: frozenset[str]          # entities named in the row's own label
    parent_entities: frozenset[str]   # entities named in the parent row's label
    stems: frozenset[str]             # of the label, less the names of entities in it
    parent_stems: frozenset[str]
    has_children: bool
    words: frozenset[str]             # folded words of the label


@dataclass(frozen=True, eq=False)
class TableInfo:
    table: Table
    topics: frozenset[str]
    entities: frozenset[str]          # entities named in the title or subtitles
    multiple_response: bool
    rows: tuple[RowInfo, ...]
    columns_by_label: dict[str, Column]   # folded column label -> column
    total: Column | None                  # the column that totals the whole sample


def entities_in(text: str, vocabulary: Vocabulary) -> frozenset[str]:
    folded = fold(text)
    return frozenset(key for key, entity in vocabulary.entities.items()
                     if any(label in folded for label in entity.labels))


def without_entity_names(text: str, vocabulary: Vocabulary) -> str:
    """The label with the names of known entities cut out: "Fuerza Popular" is a name, not a
    meaning, so "how popular" must not match it."""
    folded = fold(text)
    for entity in vocabulary.entities.values():
        if entity.role in ("candidate", "person"):
            for label in entity.labels:
                folded = folded.replace(label, " ")
    return folded


class Catalog:
    def __init__(self, tables: list[Table], vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.vocabulary = vocabulary
        self.tables: list[TableInfo] = []
        document_frequency: dict[str, int] = {}
        for table in tables:
            heading = fold(" ".join([table.title, *table.subtitles]))
            parents = {r.parent for r in table.rows if r.parent}
            rows = []
            for row in table.rows:
                stems = frozenset(analyzer.terms(without_entity_names(row.label, vocabulary)))
                for stem in stems:
                    document_frequency[stem] = document_frequency.get(stem, 0) + 1
                parent_stems = frozenset(analyzer.terms(without_entity_names(row.parent, vocabulary))
                                         if row.parent else ())
                rows.append(RowInfo(row, entities_in(row.label, vocabulary),
                                    entities_in(row.parent, vocabulary) if row.parent else frozenset(),
                                    stems, parent_stems, row.label in parents and row.parent is None,
                                    frozenset(tokenize(row.label))))
            self.tables.append(TableInfo(
                table=table,
                topics=frozenset(t for t, marks in vocabulary.topic_titles.items()
                                 if any(fold(m) in heading for m in marks)),
                entities=entities_in(" ".join([table.title, *table.subtitles]), vocabulary),
                multiple_response=any(fold(m) in heading for m in vocabulary.multiple_response_marks),
                rows=tuple(rows),
                columns_by_label={fold(c.label): c for c in table.columns},
                total=next((c for c in table.columns if fold(c.label) in vocabulary.total_columns), None),
            ))
        total = sum(len(t.rows) for t in self.tables) or 1
        self.average_stems = sum(len(r.stems) for t in self.tables for r in t.rows) / total or 1.0
        self.idf = {stem: math.log(1 + total / df) for stem, df in document_frequency.items()}

    def info(self, table_id: str) -> TableInfo | None:
        return next((t for t in self.tables if t.table.id == table_id), None)

    def column_labels(self) -> list[str]:
        """Every distinct column label, in table order: the cuts the tables offer."""
        return list(dict.fromkeys(c.label for t in self.tables for c in t.table.columns))
