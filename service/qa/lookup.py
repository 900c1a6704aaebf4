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
TITLE_ENTITY_MATCH, TITLE_ENTITY_MISMATCH = 1.5, -3.0
ROW_ENTITY, AMBIGUOUS_ROW_ENTITY, WRONG_PARENT = 4.0, 1.5, -2.0
# A nested row is the answer when the question names its parent and something of its own.
PARENT_ENTITY, PARENT_ENTITY_ALONE = 4.0, 1.5
PARENT_LEXICAL = 1.5
TRANSLATION_WEIGHT, EXACT_WORD = 0.6, 0.5


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


@dataclass(frozen=True)
class WordSense:
    """A free word of the question: its own stems, and those of its glossary concepts."""
    token: str
    own: frozenset[str]
    translated: frozenset[str]


def word_senses(question: Question, vocabulary: Vocabulary, analyzer: Analyzer) -> list[WordSense]:
    tokens = question.free_tokens
    translated: dict[int, set[str]] = {}
    for match in vocabulary.glossary_matcher.find(tokens):
        stems = {s for term in vocabulary.glossary[int(match.key)] for s in analyzer.terms(" ".join(term))}
        for position in range(match.start, match.end):
            translated.setdefault(position, set()).update(stems)
    return [WordSense(token, frozenset(analyzer.terms(token)), frozenset(translated.get(i, ())))
            for i, token in enumerate(tokens)]


def meaning_score(senses: list[WordSense], stems: frozenset[str], words: frozenset[str], idf: dict) -> float:
    """How much of the question a row label means: per question word, the rarest stem it shares
    with the label (a translation counts half), plus a little for the very word."""
    score = 0.0
    for sense in senses:
        own = max((idf.get(s, 0.0) for s in sense.own & stems), default=0.0)
        translated = max((idf.get(s, 0.0) for s in sense.translated & stems), default=0.0)
        score += max(own, TRANSLATION_WEIGHT * translated) + (EXACT_WORD if sense.token in words else 0.0)
    return score


def table_columns(info: TableInfo, labels: list[str]) -> list[Column] | None:
    """The table's columns for the asked labels (its total when none is asked); None when it
    lacks one of them."""
    if not labels:
        return [info.total] if info.total else None
    columns = [info.columns_by_label.get(fold(label)) for label in labels]
    return None if any(c is None for c in columns) else columns


def specific_columns(labels: list[str], catalog: Catalog, totals: frozenset[str]) -> list[str]:
    """Drop a named column that is only the group of another named one ("the interior's
    cities" is Urbano, not Interior del País), and the national total when a region is named."""
    groups = {c.group for info in catalog.tables for c in info.table.columns
              if c.group and c.label in labels}
    kept = [label for label in labels if label not in groups]
    regional = [label for label in kept if fold(label) not in totals]
    return regional or kept


class TableLookup:
    def __init__(self, catalog: Catalog, vocabulary: Vocabulary, analyzer: Analyzer) -> None:
        self.catalog = catalog
        self.vocabulary = vocabulary
        self.analyzer = analyzer

    def resolve(self, question: Question, require_columns: bool = True) -> Resolution:
        key = ("resolve", require_columns)
        if key not in question.memo:
            question.memo[key] = self._resolve(question, require_columns)
        return question.memo[key]

    def _resolve(self, question: Question, require_columns: bool) -> Resolution:
        columns = specific_columns(question.keys("column"), self.catalog, self.vocabulary.total_columns)
        cut = None
        if not columns:
            cut = next((m.phrase for m in question.matches if m.category == "cut" and m.key != "present"), None)
        entities = {k for k in question.keys("entity")}
        # An entity named by a phrase that also means something else ("sure" is a topic too;
        # "Fujimori" is Keiko the candidate or Alberto her father) counts for less, unless it is
        # the candidate.
        ambiguous = {m.key for m in question.matches if m.category == "entity" and any(
            o.start == m.start and o is not m and (o.category == "topic" or (
                o.category == "entity" and self.vocabulary.entities[m.key].role != "candidate"))
            for o in question.matches)}
        topics = set(question.keys("topic"))
        senses = word_senses(question, self.vocabulary, self.analyzer)
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
                # Mildly favour short labels: "Es docente" is more about teachers than a long
                # label that mentions them among other things.
                lexical = meaning_score(senses, row.stems, row.words, self.catalog.idf) / (
                    0.75 + 0.25 * len(row.stems) / self.catalog.average_stems)
                own = sum(AMBIGUOUS_ROW_ENTITY if e in ambiguous else ROW_ENTITY for e in entities & row.entities)
                score = table_score + lexical + own
                if row.row.parent:
                    parent_lexical = meaning_score(senses, row.parent_stems, frozenset(), self.catalog.idf)
                    if entities & row.parent_entities or parent_lexical >= PARENT_LEXICAL:
                        score += PARENT_ENTITY if own or lexical else PARENT_ENTITY_ALONE
                    elif entities - row.parent_entities - row.entities - info.entities and any(
                            self.vocabulary.entities[e].role in ("candidate", "option") for e in entities):
                        score += WRONG_PARENT
                candidates.append(Candidate(info, row, score, lexical))
        candidates.sort(key=lambda c: -c.score)  # stable: ties keep table and row order
        return Resolution(candidates, columns, cut)
