"""A question's words: its language, every folded word, and the words that carry content."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from index.analysis import ALL_STOP_WORDS, detect_language

from .vocabulary import Vocabulary, phrase_tokens, tokenize


@dataclass
class Question:
    text: str
    language: str
    tokens: list[str]            # every folded word
    phrase_tokens: list[str]     # without filler words: the positions phrase matches refer to
    form_words: frozenset[str] = field(default=frozenset(), repr=False)   # words of form, not content

    @cached_property
    def content_tokens(self) -> list[str]:
        return [t for t in self.tokens if t not in ALL_STOP_WORDS and t not in self.form_words]


def analyse(text: str, vocabulary: Vocabulary) -> Question:
    return Question(text=text, language=detect_language(text), tokens=tokenize(text),
                    phrase_tokens=phrase_tokens(text), form_words=vocabulary.question_words)
