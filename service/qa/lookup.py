"""Structured lookup: resolve a question to (table, row, column) with scores.

Every table row is scored against the question: the table's topic and the
entities in its title, the entities in the row's own label and its parent's,
and the meaning of the row label (its stems, against the question's words and
their glossary translations). Columns come from the region vocabulary. The
scores stay visible, so ambiguity can be reported and "no such cut" is an
answer of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from index.analysis import Analyzer, fold
from index.tables import Column

from .catalog import Catalog, RowInfo, TableInfo
from .question import Question
from .vocabulary import Vocabulary

TOPIC_MATCH, TOPIC_MISMATCH = 2.0, -1.0
TITLE_ENTITY_MATCH, TITLE_ENTITY_MISMATCH = 2.0, -3.0
ROW_ENTITY, AMBIGUOUS_ROW_ENTITY, PARENT_ENTITY, WRONG_PARENT = 3.0, 1.5, 1.5, -2.0
DEFAULT_COLUMN = "total peru"
ROW_ROLES = ("candidate", "option", "certainty", "person")


@dataclass(frozen=True)
class Candidate:
    table: TableInfo
    row: RowInfo
    score: float
    lexical: float


@dataclass(frozen=True)
class Resolution:
    candidates: list[Candidate]          # best first
    columns: list[str]                   # column labels the question names, in order
    missing_cut: str | None              # a place or group the tables do not break out

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def expanded_stems(question: Question, vocabulary: Vocabulary, analyzer: Analyzer) -> set[str]:
    """Stems of the question's free words plus those of their glossary concepts."""
    stems = set(analyzer.terms(" ".join(question.free_tokens)))
    for match in vocabulary.glossary_matcher.find(question.free_tokens):
        for term in vocabulary.glossary[int(match.key)]:
            stems.update(analyzer.terms(" ".join(term)))
    return stems


def table_columns(info: TableInfo, labels: list[str]) -> list[Column] | None:
    """The table's columns for the asked labels; None when it lacks one of them."""
    if not labels:
        default = info.columns_by_label.get(DEFAULT_COLUMN)
        return [default] if default else None
    columns = [info.columns_by_label.get(fold(label)) for label in labels]
    return None if any(c is None for c in columns) else columns


class TableLookup:
    def __init__(self, catalog: Catalog, vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.catalog = catalog
        self.vocabulary = vocabulary
        self.analyzer = analyzer

    def resolve(self, question: Question, require_columns: bool = True) -> Resolution:
        columns = question.keys("column")
        cut = None
        if not columns and question.has("cut"):
            cut = next(m.phrase for m in question.matches if m.category == "cut")
        entities = {k for k in question.keys("entity")}
        ambiguous = {m.key for m in question.matches if m.category == "entity"
                     and any(o.category == "topic" and o.start == m.start for o in question.matches)}
        topics = set(question.keys("topic"))
        stems = expanded_stems(question, self.vocabulary, self.analyzer)
        candidates: list[Candidate] = []
        for info in self.catalog.tables:
            if require_columns and table_columns(info, columns) is None:
                continue
            table_score = 0.0
            if topics:
                table_score += TOPIC_MATCH * len(topics & info.topics) or TOPIC_MISMATCH
            if info.entities:
                if entities & info.entities:
                    table_score += TITLE_ENTITY_MATCH
                elif any(self.vocabulary.entities[e].role == "candidate" for e in entities):
                    table_score += TITLE_ENTITY_MISMATCH
            for row in info.rows:
                lexical = sum(self.catalog.idf.get(s, 0.0) for s in stems & row.stems)
                score = table_score + lexical
                for entity in entities & row.entities:
                    score += AMBIGUOUS_ROW_ENTITY if entity in ambiguous else ROW_ENTITY
                if row.row.parent:
                    if entities & row.parent_entities:
                        score += PARENT_ENTITY
                    elif entities - row.parent_entities - row.entities - info.entities and any(
                            self.vocabulary.entities[e].role in ("candidate", "option") for e in entities):
                        score += WRONG_PARENT
                candidates.append(Candidate(info, row, score, lexical))
        candidates.sort(key=lambda c: -c.score)  # stable: ties keep table and row order
        return Resolution(candidates, columns, cut)
