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

from .vocabulary import FILLER_WORDS, WORD_RE, PhraseMatch, PhraseMatcher, Vocabulary, contains_phrase, fold, phrase_tokens

YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
ABBREVIATION_RE = re.compile(r"\b([a-z]{3,})\.(?!\w)")
LETTER_RE = re.compile(r"[A-Z]")
NAME_CAPITALS = 0.75
CLAUSE_RE = re.compile(r"\s*[/:–—]\s*|\s+-\s+")
HEADING_LINES = 3
COGNATE_MIN, COGNATE_PREFIX = 8, 7
UNKNOWN_SHARE = 0.6


class SchemaError(ValueError):
    """The collection cannot be served as it is (an alias that names nothing, say)."""


@dataclass(frozen=True)
class Label:
    text: str
    keys: frozenset[str]      # stems ("s:seguridad") and concepts ("c:12", "a:<doc>:<n>")


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

    def column_info(self, key: str) -> ColumnInfo:
        return next(c for c in self.columns if c.column.key == key)

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


class Labeler:
    """Text to ``Label`` keys, the same way for documents and questions."""

    def __init__(self, vocabulary: Vocabulary, analyzer: Analyzer, documents: list[Document]) -> None:
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.aliases, self.alias_phrases = alias_matcher(documents)

    def concepts(self, tokens: list[str], document_id: str | None = None) -> list[PhraseMatch]:
        """Glossary concepts and aliases in a question: the longest phrases, left to right."""
        return self.vocabulary.glossary_matcher.find(tokens) + self.aliases.find(tokens)

    def label_concepts(self, tokens: list[str]) -> list[PhraseMatch]:
        """Every concept any phrase of a label expresses ("Lima y Callao" is also "the capital"),
        and the aliases of any document, longest first ("Alberto Fujimori" is not "Fujimori"):
        an alias is a fact about a name, wherever the name is printed."""
        return self.vocabulary.glossary_matcher.find_all(tokens) + self.aliases.find(tokens)

    @cached_property
    def _single_terms(self) -> dict[str, set[str]]:
        """Single-word terms of the glossary's cuts (sex, age, region...), for abbreviations."""
        out: dict[str, set[str]] = {}
        for number, terms in enumerate(self.vocabulary.glossary):
            if str(number) in self.vocabulary.cut_concepts:
                for term in terms:
                    if len(term) == 1:
                        out.setdefault(term[0], set()).add(f"c:{number}")
        return out

    def abbreviations(self, text: str) -> set[str]:
        """Concepts of the cut an abbreviated label stands for: "Fem." is "femenino"."""
        keys: set[str] = set()
        for short in ABBREVIATION_RE.findall(fold(text)):
            for term, concepts in self._single_terms.items():
                if term.startswith(short) and len(term) > len(short):
                    keys |= concepts
        return keys

    def stems(self, token: str, language: str | None = None) -> frozenset[str]:
        """A document's words get the stems of both languages; a question's only those of its own
        language, so that English "sure" does not meet Spanish "sur" (the glossary bridges languages).
        A long word also gets its first letters, which join cognates the glossary lacks
        ("congressional", "congresal")."""
        if token in ALL_STOP_WORDS:
            return frozenset()
        keys = {f"s:{s}" for s in self.analyzer.terms(token, language)}
        if len(token) >= COGNATE_MIN and token.isalpha():
            keys.add(f"p:{token[:COGNATE_PREFIX]}")
        return frozenset(keys)

    def alias_spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.aliases.find(tokens)]

    def alias_expansions(self, tokens: list[str]) -> list[str]:
        """Every name of the things a token list names by a document's alias."""
        return [p for m in self.aliases.find(tokens) for p in self.alias_phrases[m.key]]

    def label(self, text: str) -> Label:
        tokens = phrase_tokens(text)
        keys = {k for t in tokens for k in self.stems(t)}
        keys |= {m.key if m.category == "alias" else f"c:{m.key}" for m in self.label_concepts(tokens)}
        keys |= self.abbreviations(text)
        if LETTER_RE.fullmatch(text.strip()):
            keys.add(letter_key(text.strip()))   # "A", "B": a socioeconomic level, say
        return Label(text, frozenset(keys))


def letter_key(letter: str) -> str:
    return f"l:{letter.lower()}"


def alias_matcher(documents: list[Document]) -> tuple[PhraseMatcher, dict[str, list[str]]]:
    """Every document's ``aliases:`` (label: alias, alias...) as phrases of one key per label,
    and the phrases of each key. An alias whose label is nowhere in its document is a mistake
    that must not pass silently."""
    matcher = PhraseMatcher()
    phrases_by_key: dict[str, list[str]] = {}
    for document in documents:
        aliases = document.extra.get("aliases") or {}
        if not isinstance(aliases, dict):
            raise SchemaError(f"{document.path}: 'aliases' must be a block of 'label: alias, alias' lines")
        text_tokens = phrase_tokens(document.text)
        for number, (label, names) in enumerate(aliases.items()):
            if not contains_phrase(text_tokens, (tuple(phrase_tokens(label)),)):
                raise SchemaError(f"{document.path}: alias label {label!r} matches nothing in the document")
            key = f"a:{document.id}:{number}"
            phrases_by_key[key] = [p.strip() for p in [label, *names.split(",")] if p.strip()]
            for phrase in phrases_by_key[key]:
                matcher.add("alias", key, phrase)
    return matcher, phrases_by_key


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
    "Pedro Castillo - Perú Libre"); an answer option is a sentence ("Por sus propuestas/ Apoya a
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
        self.documents: list[DocumentInfo] = []
        for document in bundle.documents:
            tables = tuple(self._table(t, document, vocabulary) for t in bundle.tables
                           if t.document_id == document.id)
            facts = tuple(FactInfo(f, document, label(f.key), label(f.value))
                          for f in bundle.facts if f.document_id == document.id)
            dated = " ".join([document.date, document.title, *(f.fact.value for f in facts)])
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
        self.name_keys = frozenset(self._name_keys())
        self.cut_keys = frozenset(f"c:{k}" for k in vocabulary.cut_concepts)
        self.column_label_keys = frozenset(k for t in self.tables for c in t.columns for k in c.label.keys)
        self.column_keys = frozenset(k for t in self.tables for c in t.columns
                                     for k in c.label.keys | (c.group.keys if c.group else frozenset()))

    def _name_keys(self):
        """Stems of the names printed as rows (candidates, parties), and every alias: a question
        word with one of these keys names someone, wherever it stands in the question."""
        for table in self.tables:
            for row in table.rows:
                if row.candidate:
                    for word in WORD_RE.findall(row.row.label):
                        if word[:1].isupper():
                            yield from self.labeler.stems(fold(word))
        yield from (k for t in self.tables for r in t.rows for k in r.label.keys if k.startswith("a:"))

    def _table(self, table: Table, document: Document, vocabulary: Vocabulary) -> TableInfo:
        label = self.labeler.label
        parents = {r.parent for r in table.rows if r.parent}
        heading = " ".join([*heading_context(document, table), table.title, *table.subtitles])
        cuts = frozenset(f"c:{k}" for k in vocabulary.cut_concepts)
        columns = []
        for column in table.columns:
            own = label(column.label)
            group = label(column.group) if column.group else None
            columns.append(ColumnInfo(
                column, own, group,
                contains_phrase(phrase_tokens(column.label), vocabulary.total_words)
                and len(phrase_tokens(column.label)) <= 3,
                bool((own.keys | (group.keys if group else frozenset())) & cuts)))
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
                                substantive and names_someone(row.label)
                                and not contains_phrase(tokens, vocabulary.non_candidate)))
        return TableInfo(table, document, label(f"{heading} {table.header_label}"), columns,
                         tuple(rows), total,
                         contains_phrase(phrase_tokens(heading), vocabulary.multiple_response_marks))

    def _idf(self) -> dict[str, float]:
        labels = [lab for t in self.tables for lab in (
            t.measure, *(c.label for c in t.columns), *(r.label for r in t.rows))]
        labels += [lab for f in self.facts for lab in (f.label, f.value)] + [d.label for d in self.documents]
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
        return next(d for d in self.documents if d.document.id == document_id)
