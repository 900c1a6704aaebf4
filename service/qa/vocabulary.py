"""The bilingual vocabulary: data files in ``vocabulary/`` turned into matchers.

Everything language-specific that the router knows (region names, candidates,
table topics, fact-sheet keys, question operations, follow-up cues, the
English-Spanish glossary) lives in those files, not in code.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from index.analysis import fold

VOCABULARY_DIR = Path(__file__).parent / "vocabulary"
WORD_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


# Function words that phrase matching skips, so "costa y sierra del norte" finds the
# alias "costa y sierra norte" and "Lima/Callao" finds "Lima y Callao".
FILLER_WORDS = frozenset("a al an and de del e el la las lo los of the y".split())


def tokenize(text: str) -> list[str]:
    """Folded word tokens."""
    return WORD_RE.findall(fold(text))


def phrase_tokens(text: str) -> list[str]:
    """Folded word tokens without filler words: the unit phrase matching works on."""
    return [t for t in tokenize(text) if t not in FILLER_WORDS]


@dataclass(frozen=True)
class PhraseMatch:
    category: str
    key: str
    start: int    # token positions, end exclusive
    end: int
    phrase: str


class PhraseMatcher:
    """Finds non-overlapping phrases in a token list, longest first, left to right."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self._longest = 1

    def add(self, category: str, key: str, phrase: str) -> None:
        tokens = tuple(phrase_tokens(phrase))
        if tokens:
            entries = self._phrases.setdefault(tokens, [])
            if (category, key) not in entries:
                entries.append((category, key))
            self._longest = max(self._longest, len(tokens))

    def find(self, tokens: list[str]) -> list[PhraseMatch]:
        found: list[PhraseMatch] = []
        i = 0
        while i < len(tokens):
            for length in range(min(self._longest, len(tokens) - i), 0, -1):
                entries = self._phrases.get(tuple(tokens[i:i + length]))
                if entries:
                    phrase = " ".join(tokens[i:i + length])
                    found.extend(PhraseMatch(c, k, i, i + length, phrase) for c, k in entries)
                    i += length
                    break
            else:
                i += 1
        return found


def _load(name: str):
    return json.loads((VOCABULARY_DIR / name).read_text(encoding="utf-8"))


def _without_comment(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


@dataclass(frozen=True)
class Entity:
    key: str
    role: str
    name: str
    labels: tuple[str, ...]    # folded substrings of row labels or titles that stand for it


@dataclass(frozen=True)
class FactKey:
    key: str        # folded key as the fact sheet prints it
    english: str


class Vocabulary:
    """All vocabulary files, loaded once per process."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str]] = _without_comment(_load("columns.json"))
        entities = _without_comment(_load("entities.json"))
        self.entities = {k: Entity(k, v["role"], v["name"], tuple(fold(x) for x in v["labels"]))
                         for k, v in entities.items()}
        topics = _load("topics.json")
        self.topic_titles = {k: tuple(v["title"]) for k, v in topics["topics"].items()}
        self.multiple_response_marks = tuple(topics["multiple_response"])
        facts = _without_comment(_load("facts.json"))
        self.fact_keys = {k: FactKey(k, v["en"]) for k, v in facts.items()}
        cuts = _without_comment(_load("cuts.json"))
        operations = _without_comment(_load("operations.json"))
        metadata = _load("metadata.json")
        followups = _load("followups.json")
        self.months = [tuple(fold(name) for name in names) for names in _load("months.json")["months"]]
        self.followup_openers = {tuple(tokenize(p)) for p in followups["openers"]}
        self.pronouns = {lang: {tuple(tokenize(p)) for p in words} for lang, words in followups["pronouns"].items()}

        self.matcher = PhraseMatcher()
        for label, aliases in self.columns.items():
            for alias in [label, *aliases]:
                self.matcher.add("column", label, alias)
        words = _load("words.json")
        self.question_words = frozenset(fold(w) for w in words["question"])
        self.measure_words = frozenset(fold(w) for w in words["measure"])
        self.poll_words = frozenset(fold(w) for w in words["poll"])
        self.answer_types = {kind: tuple(fold(c) for c in cues) for kind, cues in words["answer_types"].items()}
        column_groups = _load("column_groups.json")
        self.total_columns = frozenset(fold(label) for label in column_groups["totals"])
        for group, aliases in column_groups["groups"].items():
            for alias in aliases:
                self.matcher.add("column_group", group, alias)
        for key, value in entities.items():
            for alias in value["aliases"]:
                self.matcher.add("entity", key, alias)
        for key, value in topics["topics"].items():
            for alias in value["aliases"]:
                self.matcher.add("topic", key, alias)
        for key, value in facts.items():
            for alias in value["aliases"]:
                self.matcher.add("fact", key, alias)
        for kind, phrases in cuts.items():
            for phrase in phrases:
                self.matcher.add("cut", kind, phrase)
        for operation, phrases in operations.items():
            for phrase in phrases:
                self.matcher.add("operation", operation, phrase)
        for name, phrases in metadata["fields"].items():
            for phrase in phrases:
                self.matcher.add("metadata", name, phrase)
        for kind, phrases in metadata["kinds"].items():
            for phrase in phrases:
                self.matcher.add("document_kind", kind, phrase)

    @cached_property
    def glossary(self) -> list[tuple[tuple[str, ...], ...]]:
        """Concept lines of the glossary: every English and Spanish term, tokenized."""
        path = VOCABULARY_DIR / "glossary.tsv"
        concepts = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            english, spanish = line.split("\t", 1)
            terms = [t for t in english.split("|") + spanish.split("|") if t.strip()]
            concepts.append(tuple(tuple(phrase_tokens(t)) for t in terms if phrase_tokens(t)))
        return concepts

    @cached_property
    def glossary_matcher(self) -> PhraseMatcher:
        matcher = PhraseMatcher()
        for number, terms in enumerate(self.glossary):
            for term in terms:
                matcher.add("concept", str(number), " ".join(term))
        return matcher


_VOCABULARY: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = Vocabulary()
    return _VOCABULARY
