"""Labels: any printed text (a row, a column, a title, a question) as keys that can meet.

A label's keys are its words' Snowball stems, the first letters of its long words (cognates),
the general concepts of the glossary that its phrases express, and the names the collection's
documents give as aliases. A question and a label meet where they share a key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from index.analysis import ALL_STOP_WORDS, LANGUAGES, Analyzer
from index.corpus import Document

from .vocabulary import PhraseMatch, PhraseMatcher, Vocabulary, fold, phrase_tokens

ABBREVIATION_RE = re.compile(r"\b([a-z]{3,})\.(?!\w)")
LETTERS_RE = re.compile(r"[A-Z](?:\s*[/-]\s*[A-Z])*")
COGNATE_MIN, COGNATE_PREFIX = 8, 7
PHRASE_SIZES = (2, 3)


@dataclass(frozen=True)
class Label:
    text: str
    keys: frozenset[str]      # stems ("s:seguridad") and concepts ("c:12", "a:<doc>:<n>")


class Labeler:
    """Text to ``Label`` keys, the same way for documents and questions."""

    def __init__(self, vocabulary: Vocabulary, analyzer: Analyzer, documents: list[Document]) -> None:
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.aliases, self.alias_phrases = alias_matcher(documents)

    def concepts(self, tokens: list[str]) -> list[PhraseMatch]:
        """Glossary concepts and aliases in a question: the longest phrases, left to right."""
        return self.vocabulary.glossary_matcher.find(tokens) + self.aliases.find(tokens)

    def label_concepts(self, tokens: list[str]) -> list[PhraseMatch]:
        """Every concept any phrase of a label expresses ("Lima y Callao" is also "the capital"),
        and the aliases of any document, longest first ("Juan Torres" is not "Torres"):
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
        # Each stem is tagged with its stemmer: English "population" and Spanish "popular" share
        # the stem "popul", but are not one word.
        keys = {f"s:{lang}:{s}" for lang in ([language] if language else LANGUAGES)
                for s in self.analyzer.terms(token, lang)}
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
        keys |= phrase_keys(tokens)
        if LETTERS_RE.fullmatch(text.strip()):   # "A", "A/B", "D-E": socioeconomic levels, say
            keys |= {letter_key(letter) for letter in re.findall(r"[A-Z]", text)}
        return Label(text, frozenset(keys))


def phrase_keys(tokens: list[str]) -> set[str]:
    """Two- and three-word phrases as keys: the row that prints the question's very words
    ("buenas propuestas") beats one that only shares their concept ("propuestas... buena opción")."""
    return {"ph:" + " ".join(tokens[i:i + n]) for n in PHRASE_SIZES for i in range(len(tokens) - n + 1)}


def letter_key(letter: str) -> str:
    return f"l:{letter.lower()}"


def alias_matcher(documents: list[Document]) -> tuple[PhraseMatcher, dict[str, list[str]]]:
    """Every document's ``aliases:`` (label: alias, alias...) as phrases of one key per label,
    and the phrases of each key."""
    matcher = PhraseMatcher()
    phrases_by_key: dict[str, list[str]] = {}
    for document in documents:
        aliases = document.extra.get("aliases") or {}   # checked against the text when the corpus is read
        for number, (label, names) in enumerate(aliases.items()):
            key = f"a:{document.id}:{number}"
            phrases_by_key[key] = [p.strip() for p in [label, *names.split(",")] if p.strip()]
            for phrase in phrases_by_key[key]:
                matcher.add("alias", key, phrase)
    return matcher, phrases_by_key
