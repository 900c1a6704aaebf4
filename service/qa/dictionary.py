"""Everyday words in other words: a question word's translations and synonyms, by stem.

The glossary holds curated terms and phrases; ``third_party/freedict/dictionary.tsv`` (FreeDict's
pairs, imported unedited by ``scripts/import_dictionary.py``) holds plain word pairs, so that "Who
did she marry?" meets "se casó" and "¿cuánta agua?" meets "water". A name in a question is
translated only as a name ("Italy", "Italia"), never as the common word it is spelt like (a Paredes
is not walls); ``vocabulary/synonyms_en.tsv`` (from WordNet, by
``scripts/import_synonyms.py``) lets "the summit" meet "the peak". Words are joined by stem, so an
inflected question word ("murieron", "married") finds the entry of its dictionary form.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from index.analysis import Analyzer

DICTIONARY_PATH = Path(__file__).resolve().parents[2] / "third_party" / "freedict" / "dictionary.tsv"
SYNONYMS_PATH = Path(__file__).parent / "vocabulary" / "synonyms_en.tsv"
OTHER = {"en": "es", "es": "en"}


def read_pairs(path: Path = DICTIONARY_PATH) -> list[tuple[str, tuple[str, ...]]]:
    """(word, its translations or synonyms) per line of a dictionary file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, spanish = line.split("\t")
            pairs.append((english, tuple(spanish.split("|"))))
    return pairs


def write_pairs(path: Path, header: str, pairs: dict[str, set[str]]) -> None:
    """A dictionary file as ``read_pairs`` reads it: the header, then word <TAB> words joined by |."""
    lines = [f"{word}\t{'|'.join(sorted(others))}" for word, others in sorted(pairs.items())]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


@lru_cache(maxsize=2)
def word_tables(analyzer_version: str) -> tuple["Dictionary", "Synonyms"]:
    """The dictionary and the synonyms, as an analyzer of this version stems them: they know no
    collection, so one process builds them once, not once per engine or index generation."""
    analyzer = Analyzer()
    assert analyzer.version == analyzer_version, "the tables must be stemmed as the index is"
    return Dictionary(analyzer, read_pairs()), Synonyms(analyzer)


class Dictionary:
    def __init__(self, analyzer: Analyzer, pairs: list[tuple[str, tuple[str, ...]]]) -> None:
        self.analyzer = analyzer
        # (language, a name?) → stem → the other language's words; a pair is a name's when its
        # English word is capitalised
        self.by_stem: dict[tuple[str, bool], dict[str, set[str]]] = {
            (language, proper): {} for language in OTHER for proper in (False, True)}
        english = analyzer.stem_words([word for word, _ in pairs], "en")
        for stem, (word, spanish) in zip(english, pairs):
            self.by_stem["en", word[:1].isupper()].setdefault(stem, set()).update(spanish)
        spanish_words = [(word, english_word) for english_word, spanish in pairs for word in spanish]
        for stem, (_, english_word) in zip(analyzer.stem_words([w for w, _ in spanish_words], "es"), spanish_words):
            self.by_stem["es", english_word[:1].isupper()].setdefault(stem, set()).add(english_word)

    def translations(self, word: str, language: str, proper: bool = False) -> set[str]:
        """The words of the other language for ``word``, a word of ``language``; with ``proper``,
        for ``word`` as a name."""
        table = self.by_stem.get((language, proper), {})
        return {t for stem in self.analyzer.terms(word, language) for t in table.get(stem, ())}

    def stems(self, word: str, language: str, proper: bool = False) -> set[str]:
        """The other language's stems of ``word``'s translations, as that language's texts are indexed."""
        target = OTHER.get(language)
        return {s for t in self.translations(word, language, proper) for s in self.analyzer.terms(t, target)} \
            if target else set()


class Synonyms:
    """Words of the same language that share a frequent sense."""

    def __init__(self, analyzer: Analyzer, path: Path = SYNONYMS_PATH, language: str = "en") -> None:
        self.analyzer = analyzer
        self.language = language
        # Tens of thousands of lines, read at every start: kept as the file's "a|b|c" strings and
        # split only for the words of a question.
        rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
        self.by_stem: dict[str, str] = {}
        for stem, (_, others) in zip(analyzer.stem_words([word for word, _ in rows], language), rows):
            self.by_stem[stem] = f"{self.by_stem[stem]}|{others}" if stem in self.by_stem else others

    def stems(self, word: str, language: str) -> set[str]:
        """The stems of ``word``'s synonyms, or none for a word of another language."""
        if language != self.language:
            return set()
        synonyms = {s for stem in self.analyzer.terms(word, language) for s in self.by_stem.get(stem, "").split("|")}
        return {t for s in synonyms if s for t in self.analyzer.terms(s, language)}
