"""What a question says, before routing: language, vocabulary matches, leftover words."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from index.analysis import ALL_STOP_WORDS, Analyzer, detect_language

from .vocabulary import PhraseMatch, Vocabulary, phrase_tokens, tokenize




@dataclass
class Question:
    text: str
    language: str
    tokens: list[str]            # every folded word
    phrase_tokens: list[str]     # without filler words; match positions index these
    matches: list[PhraseMatch]
    analyzer: Analyzer = field(repr=False)
    form_words: frozenset[str] = field(default=frozenset(), repr=False)   # words of form, not content
    memo: dict = field(default_factory=dict, repr=False)   # per-question results of pure look-ups

    def keys(self, category: str) -> list[str]:
        """Matched keys of a category, in question order, without repeats."""
        return list(dict.fromkeys(m.key for m in self.matches if m.category == category))

    def has(self, category: str, key: str | None = None) -> bool:
        return any(m.category == category and (key is None or m.key == key) for m in self.matches)

    @cached_property
    def free_tokens(self) -> list[str]:
        """Content words that no vocabulary phrase consumed."""
        used = {i for m in self.matches for i in range(m.start, m.end)}
        return [t for i, t in enumerate(self.phrase_tokens)
                if i not in used and t not in ALL_STOP_WORDS and t not in self.form_words]

    @cached_property
    def content_tokens(self) -> list[str]:
        return [t for t in self.tokens if t not in ALL_STOP_WORDS and t not in self.form_words]


def analyse(text: str, vocabulary: Vocabulary, analyzer: Analyzer) -> Question:
    phrases = phrase_tokens(text)
    return Question(text=text, language=detect_language(text), tokens=tokenize(text), phrase_tokens=phrases,
                    matches=vocabulary.matcher.find(phrases), analyzer=analyzer,
                    form_words=vocabulary.question_words)
