"""Everyday words across languages: a question word's translations, by stem.

The glossary holds curated terms and phrases; ``vocabulary/dictionary.tsv`` (generated from FreeDict
by ``scripts/import_dictionary.py``) holds plain word pairs, so that "Who did she marry?" meets
"se casó" and "¿cuánta agua?" meets "water". Words are joined by stem, so an inflected question
word ("murieron", "married") finds the entry of its dictionary form ("morir", "marry").
"""
from __future__ import annotations

from pathlib import Path

from index.analysis import Analyzer

DICTIONARY_PATH = Path(__file__).parent / "vocabulary" / "dictionary.tsv"
OTHER = {"en": "es", "es": "en"}


def read_pairs(path: Path = DICTIONARY_PATH) -> list[tuple[str, tuple[str, ...]]]:
    """(English word, its Spanish words) per line of the dictionary file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, spanish = line.split("\t")
            pairs.append((english, tuple(spanish.split("|"))))
    return pairs


class Dictionary:
    def __init__(self, analyzer: Analyzer, pairs: list[tuple[str, tuple[str, ...]]]) -> None:
        self.analyzer = analyzer
        self.by_stem: dict[str, dict[str, set[str]]] = {"en": {}, "es": {}}
        for english, spanish in pairs:
            for language, words, translations in (("en", (english,), spanish), ("es", spanish, (english,))):
                for word in words:
                    for stem in analyzer.terms(word, language):
                        self.by_stem[language].setdefault(stem, set()).update(translations)

    def translations(self, word: str, language: str) -> set[str]:
        """The words of the other language for ``word``, a word of ``language``."""
        table = self.by_stem.get(language, {})
        return {t for stem in self.analyzer.terms(word, language) for t in table.get(stem, ())}

    def stems(self, word: str, language: str) -> set[str]:
        """The other language's stems of ``word``'s translations, as that language's texts are indexed."""
        target = OTHER.get(language)
        return {s for t in self.translations(word, language) for s in self.analyzer.terms(t, target)} \
            if target else set()
