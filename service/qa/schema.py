"""The schema of the collection, derived from the index: what each document offers.

Every table yields its measure (title, subtitles, row-header label), columns
(with their group and whether they total the sample) and rows (with parents);
every fact-sheet entry its key; every document its metadata and dates. Each
element is a ``Label``: its own printed words as stems, plus the general
concepts of the glossary and the document's own aliases that its words
express. Nothing here knows any particular document.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property

from index.analysis import ALL_STOP_WORDS, Analyzer
from index.corpus import Document
from index.store import IndexBundle
from index.tables import Column, Fact, Row, Table

from .labels import Label, Labeler
from .vocabulary import WORD_RE, Vocabulary, contains_phrase, fold, phrase_tokens

YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
NAME_CAPITALS = 0.75
CLAUSE_RE = re.compile(r"\s*[/:–—]\s*|\s+-\s+")
HEADING_LINES = 3
UNKNOWN_SHARE = 0.6


@dataclass(frozen=True, eq=False)
class ColumnInfo:
    column: Column
    label: Label
    group: Label | None
    is_total: bool
    is_cut: bool              # a place or group (region, sex, age...), not a date or a measure


@dataclass(frozen=True, eq=False)
class RowInfo:
    row: Row
    label: Label
    parent: Label | None
    has_children: bool
    substantive: bool         # not "other", "don't know", "nothing"
    empty: bool               # no values: a heading over the rows nested under it
    candidate: bool           # substantive and not "blank", "undecided", "won't vote"


@dataclass(frozen=True, eq=False)
class TableInfo:
    table: Table
    document: Document
    measure: Label
    columns: tuple[ColumnInfo, ...]
    rows: tuple[RowInfo, ...]
    total: ColumnInfo | None
    multiple_response: bool

    def row_info(self, key: str) -> RowInfo:
        return next(r for r in self.rows if r.row.key == key)


@dataclass(frozen=True, eq=False)
class FactInfo:
    fact: Fact
    document: Document
    label: Label              # the key ("Tamaño de la muestra")
    value: Label              # what it says ("1,200"; "18 departamentos del Perú...")


@dataclass(frozen=True, eq=False)
class DocumentInfo:
    document: Document
    label: Label              # author, publisher and the document's aliases
    title: Label
    years: frozenset[str]
    months: frozenset[int]    # 1-12
    tables: tuple[TableInfo, ...]
    facts: tuple[FactInfo, ...]

    @property
    def kind(self) -> str:
        return self.document.extra.get("kind") or ("poll" if self.tables else "article")


def heading_context(document: Document, table: Table, lines: int = HEADING_LINES) -> list[str]:
    """The lines just above a table's title, back to the previous table: a poll often prints the
    question it asked there ("¿Aprueba o desaprueba la gestión...?"), which says what it measures."""
    above = document.text[document.body_start:table.start].split("\n")
    found: list[str] = []
    for line in reversed(above):
        text = line.strip()
        if text.startswith("|") or len(found) >= lines:
            break
        if text and text not in (table.title, *table.subtitles):
            found.insert(0, text.strip("#*- "))
    return found


def names_someone(label: str) -> bool:
    """A row that names a candidate or party is written in capitals ("Rafael López Aliaga",
    "Ana Torres - Partido Verde"); an answer option is a sentence ("Por sus propuestas/ Apoya a
    Venezuela"), whose clauses start with a capital like any sentence. A one-word label could
    be either, and counts as a name."""
    inner = [w for clause in CLAUSE_RE.split(label)
             for w in WORD_RE.findall(clause)[1:] if fold(w) not in ALL_STOP_WORDS]
    return not inner or sum(w[:1].isupper() for w in inner) / len(inner) >= NAME_CAPITALS


def _months_in(text: str, vocabulary: Vocabulary) -> set[int]:
    tokens = set(phrase_tokens(text))
    return {number for number, names in enumerate(vocabulary.months, start=1) if tokens & set(names)}


class Schema:
    def __init__(self, bundle: IndexBundle, vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.labeler = Labeler(vocabulary, analyzer, bundle.documents)
        label = self.labeler.label
        self.cut_keys = frozenset(f"c:{k}" for k in vocabulary.cut_concepts)
        # Concepts with a term of content, as keys: a phrase of question words that is one of them
        # ("how many people were interviewed") is content.
        self.content_keys = frozenset(f"c:{n}" for n in vocabulary.content_concepts)
        self.documents: list[DocumentInfo] = []
        for document in bundle.documents:
            tables = tuple(self._table(t, document, vocabulary) for t in bundle.tables
                           if t.document_id == document.id)
            facts = tuple(FactInfo(f, document, label(f.key), label(f.value))
                          for f in bundle.facts if f.document_id == document.id)
            # A year a table prints as a column or row ("2020 | 2021") is one the document has figures for.
            printed = [label for t in tables for label in (*(c.column.label for c in t.columns),
                                                            *(r.row.label for r in t.rows))]
            dated = " ".join([document.date, document.title, *(f.fact.value for f in facts), *printed])
            months = _months_in(dated, vocabulary)
            if re.match(r"^\d{4}-\d\d", document.date):
                months.add(int(document.date[5:7]))
            self.documents.append(DocumentInfo(
                document=document,
                label=label(f"{document.author} {document.publisher}"),
                title=label(document.title),
                years=frozenset(YEAR_RE.findall(dated)), months=frozenset(months), tables=tables, facts=facts))
        self.tables = [t for d in self.documents for t in d.tables]
        self.facts = [f for d in self.documents for f in d.facts]
        self.idf = self._idf()
        self.name_words = frozenset(self._name_words())
        self.alias_keys = frozenset(self.labeler.alias_phrases)
        self._by_id = {d.document.id: d for d in self.documents}
        self.label_phrases = frozenset(k for t in self.tables for lab in (*(c.label for c in t.columns),
                                                                        *(r.label for r in t.rows))
                                       for k in lab.keys if k.startswith("ph:"))
        self.column_label_keys = frozenset(k for t in self.tables for c in t.columns for k in c.label.keys)
        self.column_keys = frozenset(k for t in self.tables for c in t.columns
                                     for k in c.label.keys | (c.group.keys if c.group else frozenset()))

    def _common_word(self, label: str) -> bool:
        """A one-word label the glossary knows is an answer ("Approve", "Indecisos"), not a name."""
        tokens = phrase_tokens(label)
        return len(tokens) == 1 and bool(self.labeler.vocabulary.glossary_matcher.find(tokens))

    def _name_words(self):
        """The proper names printed as rows (candidates, parties): a question word that is one of
        them names someone, wherever it stands in the question."""
        for table in self.tables:
            for row in table.rows:
                if row.candidate:
                    yield from (fold(w) for w in WORD_RE.findall(row.row.label) if w[:1].isupper())

    def _table(self, table: Table, document: Document, vocabulary: Vocabulary) -> TableInfo:
        label = self.labeler.label
        parents = {r.parent for r in table.rows if r.parent}
        heading = " ".join([*heading_context(document, table), table.title, *table.subtitles])
        columns = []
        for column in table.columns:
            own = label(column.label)
            group = label(column.group) if column.group else None
            columns.append(ColumnInfo(
                column, own, group,
                contains_phrase(phrase_tokens(column.label), vocabulary.total_words)
                and len(phrase_tokens(column.label)) <= 3,
                bool((own.keys | (group.keys if group else frozenset())) & self.cut_keys)))
        # With no total, a table whose columns are not cuts (dates, a single "%") answers from its
        # first column; one broken out by region has no figure for a question that names none.
        total = next((c for c in columns if c.is_total), None)
        if total is None and not any(c.is_cut for c in columns):
            total = columns[0]
        rows = []
        for row in table.rows:
            tokens = phrase_tokens(row.label)
            substantive = not contains_phrase(tokens[:3], vocabulary.non_substantive)
            rows.append(RowInfo(row, label(row.label),
                                label(row.parent) if row.parent else None,
                                row.label in parents and row.parent is None, substantive,
                                bool(table.frame.loc[row.key].isna().all()),
                                substantive and names_someone(row.label) and not self._common_word(row.label)
                                and not contains_phrase(tokens, vocabulary.non_candidate)))
        return TableInfo(table, document, label(f"{heading} {table.header_label}"), columns,
                         tuple(rows), total,
                         contains_phrase(phrase_tokens(heading), vocabulary.multiple_response_marks))

    def _idf(self) -> dict[str, float]:
        labels = [lab for t in self.tables for lab in (
            t.measure, *(c.label for c in t.columns), *(c.group for c in t.columns if c.group),
            *(r.label for r in t.rows))]
        labels += [lab for f in self.facts for lab in (f.label, f.value)]
        labels += [lab for d in self.documents for lab in (d.label, d.title)]
        frequency: dict[str, int] = {}
        for lab in labels:
            for key in lab.keys:
                frequency[key] = frequency.get(key, 0) + 1
        total = len(labels) or 1
        return {key: math.log(1 + total / df) for key, df in frequency.items()}

    @cached_property
    def unknown_weight(self) -> float:
        """The weight of a question word no label has: a good share of the rarest word's. Such
        words say the question may be about something else, but they are often just phrasing."""
        return UNKNOWN_SHARE * max(self.idf.values(), default=1.0)

    def weight(self, keys: frozenset[str], label: Label | None) -> float:
        if label is None:
            return 0.0
        shared = keys & label.keys
        return max((self.idf.get(k, 0.0) for k in shared), default=0.0)

    def document_info(self, document_id: str) -> DocumentInfo:
        return self._by_id[document_id]
