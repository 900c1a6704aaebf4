"""Spans that say what a word is or means: a gloss in brackets, the clause after "<word> is", the
quoted name something is called, the words after a cue ("Spanish for", "because").

The base of ``spans.SpanFinder``; offsets are absolute, so ``source[start:end]`` is the span.
"""
from __future__ import annotations

import re

from index.analysis import Analyzer, fold

from .patterns import (ACRONYM_RE, CLAUSE_END_RE, GLOSS_RE, LEADING_STOP_RE, NAMED_AFTER_RE, NAME_SPAN_RE,
                       QUOTED_RE, TITLE_ABBREVIATION_RE, WORD_RE, WORD_THEN_COPULA_RE)
from .question import Question
from .quotes import MARKUP_RE
from .vocabulary import Vocabulary, tokenize

Groups = list[tuple[set[str], float]]   # per question word: the stems that find it, and its weight
CALL_WORDS = frozenset({"call", "called", "calls", "llama", "llaman", "llamaba", "llamaban", "llamado", "llamada",
                        "llamados", "llamadas", "apodo", "nickname", "nicknamed"})


def blank_markup(sentence: str) -> str:
    """Footnote markers as blanks of the same length, so offsets still point into the source."""
    return MARKUP_RE.sub(lambda m: " " * len(m.group()), sentence)
# An infinitive of purpose right after a word ("militias to defend"): "to"/"para" and a verb.
PURPOSE_RE = re.compile(r"\b(?P<word>\w+)\s+(?P<purpose>(?:in order to|to|para)\s+)(?=[a-záéíóúñ]{3,}\b)")


class DefinitionSpans:
    def __init__(self, analyzer: Analyzer, vocabulary: Vocabulary) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.cue_patterns = {kind: re.compile(
            r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b[\s,:]*"
            r"(?P<answer>[^.;()]{2,160})") for kind, cues in vocabulary.span_cues.items()}

    def says_what_it_is(self, words: list[str], groups: Groups) -> bool:
        """Does the sentence link a question word to what it is ("Its economy is a mix ...")?"""
        return any(after in self.vocabulary.copulas and self.asked(word, groups)
                   for word, after in zip(words, words[1:]))

    def asked(self, word: str, groups: Groups) -> bool:
        return any(group & set(self.analyzer.terms(word)) for group, _ in groups)

    def gloss(self, sentence: str, offset: int, groups: Groups) -> tuple[int, int] | None:
        """What brackets after an asked word say it is or means: "Cajamayo ("the green valley")";
        for an asked acronym in brackets, the name before it: "Andean Water Cooperative (AWC)"."""
        for match in GLOSS_RE.finditer(sentence):
            if ACRONYM_RE.fullmatch(match.group("gloss")):   # an abbreviation, not a meaning
                name = list(NAME_SPAN_RE.finditer(sentence, 0, match.end("word")))
                if self.asked(match.group("gloss"), groups) and name and name[-1].end() == match.end("word"):
                    start = name[-1].start() + len(LEADING_STOP_RE.match(sentence, name[-1].start()).group())
                    return offset + start, offset + name[-1].end()
            elif self.asked(match.group("word"), groups):
                return offset + match.start("gloss"), offset + match.end("gloss")
        # "una fiesta, la «Noche de Faroles»": a quoted name a few function words after the word.
        for match in NAMED_AFTER_RE.finditer(sentence):
            if self.asked(match.group("word"), groups) and self.joined(sentence, match.end("word"),
                                                                        match.start("quote")):
                return offset + match.start("gloss"), offset + match.end("gloss")
        return None

    def what_it_is(self, sentence: str, offset: int, groups: Groups) -> tuple[int, int] | None:
        """A gloss in brackets, or the clause after "<asked word> is": "a mix of river trade and farming"."""
        sentence = blank_markup(sentence)
        glossed = self.gloss(sentence, offset, groups)
        if glossed:
            return glossed
        for found in WORD_THEN_COPULA_RE.finditer(sentence):
            if fold(found.group("copula")) in self.vocabulary.copulas and self.asked(found.group("word"), groups):
                start = found.start("clause")
                end = CLAUSE_END_RE.search(sentence, start)
                end = len(sentence[:end.start()].rstrip(" ,")) if end else len(sentence.rstrip(" ."))
                # "... are called "silver lanterns" by ...": the name in quotes.
                quoted = QUOTED_RE.search(sentence, start, end)
                if quoted and len(sentence[start:quoted.start()].split()) <= 2:
                    start, end = quoted.span(1)
                return (offset + start, offset + end) if end > start else None
        return None

    def quoted_name(self, question: Question, sentence: str, offset: int, groups: Groups) -> tuple[int, int] | None:
        """For "what do they call ...?", "¿cómo llaman ...?": the quoted name nearest an asked word
        ("his charts are "the second compass"", "targets of "night raids""), one the question
        does not already say."""
        if CALL_WORDS.isdisjoint(question.tokens):
            return None
        asked_at = [w.span() for w in WORD_RE.finditer(sentence) if self.asked(w.group(), groups)]
        asked = set(question.tokens)
        names = [(min((abs(a - m.start()) for a, _ in asked_at), default=len(sentence)), m.span(1))
                 for m in QUOTED_RE.finditer(sentence) if not set(tokenize(m.group(1))) <= asked]
        if not names:
            return None
        start, end = min(names)[1]
        return offset + start, offset + end

    def clause_after_cue(self, kind: str, sentence: str, offset: int) -> tuple[int, int] | None:
        """A definition or a reason: what follows its cue ("Spanish for 'High Port'",
        "because ..."): a quoted phrase if there is one, else the words up to the clause's end."""
        # The full stop of "Dr. Agua Fría" does not end the clause (the cue pattern stops at full stops).
        folded = TITLE_ABBREVIATION_RE.sub(lambda m: m.group()[:-1] + " ", fold(sentence))
        found = self.cue_patterns[kind].search(folded) if len(folded) == len(sentence) else None
        if found is None:   # (a ligature that folding expands would shift every offset)
            return None
        start, end = found.span("answer")
        text = sentence[start:end]
        quoted = QUOTED_RE.search(text)
        if quoted:
            start, end = start + quoted.start(1), start + quoted.end(1)
        stripped = sentence[start:end].rstrip(" ,;:")
        return (offset + start, offset + start + len(stripped)) if stripped.strip() else None

    def purpose(self, sentence: str, offset: int, groups: Groups, question_words: set[str]) -> tuple[int, int] | None:
        """For a why-question, the purpose an asked word's infinitive states: "the formation of
        armed militias to defend remote villages" → "to defend remote villages"."""
        for match in PURPOSE_RE.finditer(sentence):
            if self.asked(match.group("word"), groups):
                end = match.end() + len(sentence[match.end():].split(",")[0].split(";")[0].rstrip(". "))
                # ("refuse to send military aid": the question's own words are no reason)
                if any(not self.asked(w, groups) and fold(w) not in question_words
                       for w in WORD_RE.findall(sentence[match.end():end]) if self.analyzer.terms(w)):
                    return offset + match.start("purpose"), offset + end
        return None

    def joined(self, sentence: str, end: int, start: int) -> bool:
        """Do only function words (at most three) come between ``end`` and ``start``: "clashed with
        the Salineros", "another guild, the Salineros"?"""
        gap = sentence[end:start]
        words = WORD_RE.findall(gap)
        return end <= start and len(gap) <= 24 and len(words) <= 3 and not re.search(r"[.;:()]", gap) \
            and not any(self.analyzer.terms(w) for w in words)

