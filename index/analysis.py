"""The one analyzer used for documents and questions alike.

NFKC, case folding and accent folding first, so that stop lists, stems and
numbers all see the same form of a word; then numbers are kept whole
(``24,000`` and ``24000`` are one token), irregular forms are mapped to their
lemma ("grew" → "grow", "murió" → "morir") and words are stemmed with Snowball.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).parent / "data"
STEMMER_NAMES = {"en": "english", "es": "spanish"}
LANGUAGES = tuple(STEMMER_NAMES)

# A number (with thousands separators or a decimal part) or a run of letters/digits.
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
THOUSANDS_COMMA_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
THOUSANDS_DOT_RE = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")
DECIMAL_COMMA_RE = re.compile(r"^\d+,\d{1,2}$")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """NFKC, case-fold and strip accents (ñ becomes n, as people type it). Cached: labels, cues and
    question words are folded again and again."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_number(token: str) -> str:
    if THOUSANDS_COMMA_RE.match(token):
        return token.replace(",", "")
    if THOUSANDS_DOT_RE.match(token):
        return token.replace(".", "")
    if DECIMAL_COMMA_RE.match(token):
        return token.replace(",", ".")
    return token


# A footnote marker goes with its number; any other inline tag leaves its content.
MARKUP_RE = re.compile(r"<sup>[^<\n]{0,12}</sup>|<[^>\n]{1,40}>")


def words(text: str) -> list[str]:
    """Folded tokens with numbers normalised, before stop words and stemming.

    Inline markup (``<sup>1</sup>`` footnote markers) is dropped so it does not
    become a term of every paragraph.
    """
    text = MARKUP_RE.sub(" ", text)
    return [normalize_number(t) if t[0].isdigit() else t for t in TOKEN_RE.findall(fold(text))]


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    path = DATA_DIR / f"stopwords_{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for line in lines if not line.startswith("#") for w in line.split())


ALL_STOP_WORDS = frozenset().union(*(stop_words(lang) for lang in LANGUAGES))


@lru_cache(maxsize=None)
def lemmas(language: str) -> dict[str, str]:
    """Irregular word forms of ``language`` mapped to their lemma ("grew" → "grow")."""
    path = DATA_DIR / f"lemmas_{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {fold(form): fold(lemma) for line in lines if line.strip() and not line.startswith("#")
            for lemma, *forms in [line.split()] for form in forms}


# A Spanish stressed vowel splits in two ("aprueba", "gobierno") where its family keeps it whole
# ("aprobar", "gobernar"); Snowball leaves both. The vowel is joined again in stems long enough not
# to meet an unrelated word ("cien" and "cena"); "gue", "que" are no split vowel.
DIPHTHONG_RE = re.compile(r"(?<![gq])ue|ie")
SPLIT_VOWEL_MIN_STEM = 5


def undiphthong(stem: str, language: str) -> str:
    if language != "es" or len(stem) < SPLIT_VOWEL_MIN_STEM:
        return stem
    return DIPHTHONG_RE.sub(lambda m: "o" if m.group() == "ue" else "e", stem)


class Analyzer:
    """Turns text into index terms.

    ``language`` picks the stemmer: a document is analysed in its own
    language; a question whose language is unknown gets the stems of every
    supported language, so it can match documents in either.
    """

    version = "3"

    def __init__(self) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in STEMMER_NAMES.items()}

    def terms(self, text: str, language: str | None = None) -> list[str]:
        return list(self._terms(text, language))

    @lru_cache(maxsize=65536)
    def _terms(self, text: str, language: str | None) -> tuple[str, ...]:
        tokens = [w for w in words(text) if w not in ALL_STOP_WORDS]
        languages = [language] if language else list(LANGUAGES)
        out: list[str] = []
        for token in tokens:
            if token[0].isdigit():
                out.append(token)
                continue
            stems = dict.fromkeys(undiphthong(self._stemmers[lang].stemWord(lemmas(lang).get(token, token)), lang)
                                  for lang in languages)
            out.extend(stems)
        return tuple(out)

    def stem_words(self, words: list[str], language: str) -> list[str]:
        """The stems of dictionary forms, one per word, in one call: for tables of thousands of words."""
        stems = self._stemmers[language].stemWords([w.lower() if w.isascii() else fold(w) for w in words])
        return [undiphthong(stem, language) for stem in stems]

    def __call__(self, text: str) -> list[str]:
        return self.terms(text)


SPANISH_MARKS = re.compile(r"[¿¡ñáéíóú]", re.IGNORECASE)


def detect_language(text: str) -> str:
    """'es' or 'en' from stop-word evidence; English when there is none."""
    tokens = words(text)
    en = sum(t in stop_words("en") for t in tokens)
    es = sum(t in stop_words("es") for t in tokens) + 2 * len(SPANISH_MARKS.findall(text))
    return "es" if es > en else "en"
