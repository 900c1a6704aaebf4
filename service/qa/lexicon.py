"""What words the collection knows: its own words, their spellings, and their translations.

A question may misspell a word the collection has ("Cajamyo"), use a word of the other language
("lake" for a Spanish text that says "lago"), or name something the collection never mentions
("the Mona Lisa"), which it then cannot answer.
"""
from __future__ import annotations

import difflib

from index.analysis import Analyzer, fold
from index.store import IndexBundle

from .dictionary import Dictionary
from .question import Question
from .quotes import MARKUP_RE
from .spans import given_names
from .vocabulary import tokenize


class Lexicon:
    def __init__(self, bundle: IndexBundle, analyzer: Analyzer, dictionary: Dictionary) -> None:
        self.analyzer = analyzer
        self.dictionary = dictionary
        self.term_index = bundle.bm25.vocabulary
        words: set[str] = set()
        for chunk in bundle.chunks:
            words.update(tokenize(MARKUP_RE.sub(" ", chunk.text)))
        self.corpus_word_set = frozenset(words)
        self.words_by_initial: dict[str, list[str]] = {}
        for word in sorted(words):
            self.words_by_initial.setdefault(word[0], []).append(word)

    def corrected(self, token: str) -> str:
        """A word the corpus does not have, replaced by its closest spelling in the corpus; a word
        the dictionary knows is not a misspelling of one it does not know ("marry" is not "Mary")."""
        if any(s in self.term_index for s in self.analyzer.terms(token)) or len(token) < 5:
            return token
        # Only words of about the same length and first letter can be 0.84 alike: a cheap filter
        # that keeps difflib off the whole vocabulary.
        near = [w for w in self.words_by_initial.get(token[0], ()) if abs(len(w) - len(token)) <= 2]
        close = difflib.get_close_matches(token, near, n=1, cutoff=0.84)
        if close and self.in_dictionary(token) and not self.in_dictionary(close[0]):
            return token
        return close[0] if close else token

    def in_dictionary(self, word: str) -> bool:
        return any(self.dictionary.translations(word, language, proper)
                   for language in ("en", "es") for proper in (False, True))

    def unknown_names(self, question: Question) -> list[str]:
        """Capitalised words of the question (not its first word) that the collection never mentions:
        a question about Tokyo or the Mona Lisa is not one this collection can answer."""
        words = given_names(question)
        unknown = [w for w in words if fold(w) not in question.form_words
                   and all(self.corrected(t) == t and not self.known(t) for t in tokenize(w))]
        # "Lake" in "Lake Cajamayo" is known as "lago" when the text is in Spanish; a title of
        # common words ("Cien años de soledad") is not known for its words' translations.
        return [w for w in unknown if not any(
            f"{w} {after}" in question.text and after not in unknown
            and any(self.known(o) for t in tokenize(w) for o in self.dictionary.translations(t, question.language))
            for after in words)]

    def known(self, token: str) -> bool:
        return any(s in self.term_index for s in self.analyzer.terms(token)) or token in self.corpus_word_set

