"""The bilingual vocabulary: general language in ``vocabulary/`` turned into matchers.

These files hold language, not documents: question words, operations, months,
follow-up cues, metadata fields, the English-Spanish glossary of general words
and the general names of Peru's regions and survey cuts. What a document calls
its own rows, columns and facts comes from the document (see ``schema.py``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from index.analysis import ALL_STOP_WORDS, fold

VOCABULARY_DIR = Path(__file__).parent / "vocabulary"
WORD_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


# Function words that phrase matching skips, so "costa y sierra del norte" finds the
# phrase "costa y sierra norte" and "Lima/Callao" finds "Lima y Callao".
FILLER_WORDS = frozenset("a al an and de del e el la las lo los of the y".split())
NEGATIONS = frozenset("no not nunca never ni sin without".split())


def tokenize(text: str) -> list[str]:
    """Folded word tokens; a dotted acronym is one word ("J.N.E." is "jne")."""
    return [_undotted(t) for t in WORD_RE.findall(fold(text))]


def _undotted(token: str) -> str:
    parts = token.split(".")
    return "".join(parts) if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts) else token


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


    def find_all(self, tokens: list[str]) -> list[PhraseMatch]:
        """Every phrase at every position, overlapping: what a label can be asked by. A phrase
        right after a negation is left out ("no piensa cambiar de candidato" is not "cambiar de
        candidato"); the longer phrase that includes the negation is kept."""
        found: list[PhraseMatch] = []
        for i in range(len(tokens)):
            negated = bool(NEGATIONS & set(tokens[max(i - 2, 0):i]))
            for length in range(1, min(self._longest, len(tokens) - i) + 1):
                phrase = tuple(tokens[i:i + length])
                if not negated:
                    found.extend(PhraseMatch(c, k, i, i + length, " ".join(phrase))
                                 for c, k in self._phrases.get(phrase, ()))
        return found


def _load(name: str):
    return json.loads((VOCABULARY_DIR / name).read_text(encoding="utf-8"))


def _without_comment(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(t for t in (tuple(phrase_tokens(w)) for w in words) if t)


def contains_phrase(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(tuple(tokens[i:i + len(p)]) == p for p in phrases for i in range(len(tokens) - len(p) + 1))


class Vocabulary:
    """All vocabulary files, loaded once per process."""

    def __init__(self) -> None:
        cuts = _without_comment(_load("cuts.json"))
        operations = _without_comment(_load("operations.json"))
        metadata = _load("metadata.json")
        followups = _load("followups.json")
        words = _load("words.json")
        months = _load("months.json")
        self.months = [tuple(fold(name) for name in names) for names in months["months"]]
        self.ambiguous_months = frozenset(fold(name) for name in months["ambiguous"])
        self.followup_openers = {tuple(tokenize(p)) for p in followups["openers"]}
        self.pronouns = {lang: {tuple(tokenize(p)) for p in words_} for lang, words_ in followups["pronouns"].items()}
        self.question_words = frozenset(fold(w) for w in words["question"])
        self.measure_words = frozenset(fold(w) for w in words["measure"])
        self.poll_words = frozenset(fold(w) for w in words["poll"])
        self.answer_types = {kind: tuple(fold(c) for c in cues) for kind, cues in words["answer_types"].items()}
        self.total_words = _phrases(words["totals"])
        self.multiple_response_marks = _phrases(words["multiple_response"])
        self.non_substantive = _phrases(words["non_substantive"])
        self.non_candidate = _phrases(words["non_candidate"])
        self.definition_cues = _phrases(words["definition"])
        self.process_cues = _phrases(words["process"])
        self.margin_of_error = _phrases(words["margin_of_error"])
        self.span_cues = {kind: tuple(fold(c) for c in cues) for kind, cues in words["span_cues"].items()}
        self.anaphora = frozenset(fold(w) for w in words["anaphora"])
        self.copulas = frozenset(fold(w) for w in words["copulas"])
        self.nationality = frozenset(fold(w) for w in words["nationality"])

        self.matcher = PhraseMatcher()
        for kind, phrases in cuts.items():
            for phrase in phrases:
                self.matcher.add("cut", kind, phrase)
        for operation, phrases in operations.items():
            for phrase in phrases:
                self.matcher.add("operation", operation, phrase)
        # The single words that name a metadata field ("author", "autor"), by field.
        self.field_words = {name: frozenset(fold(p) for p in phrases if " " not in p)
                            for name, phrases in metadata["fields"].items()}
        for name, phrases in metadata["fields"].items():
            for phrase in phrases:
                self.matcher.add("metadata", name, phrase)
        for kind, phrases in metadata["kinds"].items():
            for phrase in phrases:
                self.matcher.add("document_kind", kind, phrase)

    @cached_property
    def glossary(self) -> list[tuple[tuple[str, ...], ...]]:
        """Concept lines of the glossary: every English and Spanish term, tokenized."""
        return self._glossary[0]

    @cached_property
    def cut_concepts(self) -> frozenset[str]:
        """Concepts of the glossary's sections marked [cuts]: places and groups a poll breaks
        its results out by (a column, never a row)."""
        return self._glossary[1]

    @cached_property
    def glossary_sides(self) -> list[dict[str, tuple[str, ...]]]:
        """Concept lines of the glossary by language: ``{"en": terms, "es": terms}``, so a word
        is matched in a text of the other language through that language's terms only."""
        return self._glossary[3]

    @cached_property
    def _glossary(self) -> tuple[list[tuple[tuple[str, ...], ...]], frozenset[str], frozenset[str],
                                 list[dict[str, tuple[str, ...]]]]:
        """Concept lines, those of the sections marked [cuts] and [form] (ways of asking), and
        each line's terms by language."""
        path = VOCABULARY_DIR / "glossary.tsv"
        concepts, sides, marked, section = [], [], {"[cuts]": set(), "[form]": set()}, ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# ---"):
                section = line
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            english, spanish = line.split("\t", 1)
            side = {language: tuple(" ".join(phrase_tokens(t)) for t in terms.split("|") if phrase_tokens(t))
                    for language, terms in (("en", english), ("es", spanish))}
            for mark, numbers in marked.items():
                if mark in section:
                    numbers.add(str(len(concepts)))
            concepts.append(tuple(tuple(t.split()) for t in side["en"] + side["es"]))
            sides.append(side)
        return concepts, frozenset(marked["[cuts]"]), frozenset(marked["[form]"]), sides

    @cached_property
    def content_concepts(self) -> frozenset[str]:
        """Concepts with a term of content ("a cuántas personas" is "tamaño de la muestra"), unlike
        those made of question words only ("how many", "cuántos")."""
        form = self.question_words | ALL_STOP_WORDS
        return frozenset(str(n) for n, terms in enumerate(self.glossary)
                         if str(n) not in self._glossary[2] and any(t not in form for term in terms for t in term))

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
