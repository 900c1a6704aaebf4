"""Answering spans inside a chosen sentence: the shortest stretch of the asked type.

A name for who, a place after "in"/"en" for where, a date for when, a number
with its unit for how many, the clause after a cue for a definition or a reason
("Spanish for ...", "because ..."), and the clause after "<asked word> is" for
"what is ...?". Offsets are absolute, so ``source[start:end]`` is the span.
"""
from __future__ import annotations

import os
import re
from typing import Callable

from index.analysis import ALL_STOP_WORDS, Analyzer, fold

from .clauses import added_words, copula_subject, introduced_by_class, passive_agent
from .patterns import (ACRONYM_RE, CLAUSE_END_RE, DATE_SPAN_RE, GIVEN_NAME_RE, GLOSS_RE, LEADING_STOP_RE, LOCATIVE_RE,
                       MONTH_RE, NAMED_AFTER_RE, NAMES_SPAN_RE, NAME_SPAN_RE, NUMBER_SPAN_RE, QUOTED_RE,
                       TITLE_ABBREVIATION_RE, WORD_RE, WORD_THEN_COPULA_RE, YEAR_RE)
from .question import Question
from .quotes import MARKUP_RE
from .vocabulary import Vocabulary, tokenize

NEAR_CHARS = 40   # about six words

NAMED = ("who", "where", "which")   # kinds whose answer is a name
COUNT_CUES = frozenset({"many", "cuantos", "cuantas"})
CALL_WORDS = frozenset({"call", "called", "calls", "llama", "llaman", "llamaba", "llamaban", "llamado", "llamada",
                        "llamados", "llamadas", "apodo", "nickname", "nicknamed"})
# What a text counts without naming it: "how many people died?" is answered by "killed 25".
UNNAMED_COUNTS = frozenset({"people", "persons", "personas", "gente", "times", "veces"})
SHARE_WORDS = frozenset({"share", "percentage", "percent", "proportion", "porcentaje", "proporcion"})
# A share: a percentage, or a fraction in words ("over half the territory", "la mitad").
SHARE_RE = re.compile(r"%|\bper\s*cent\b|\bpor\s+ciento\b|\b(?:half|mitad|thirds?|quarters?|tercios?)\b",
                      re.IGNORECASE)
KIND_WORDS = frozenset({"kind", "kinds", "type", "types", "sort", "tipo", "tipos", "clase", "clases"})
KIND_OF_RE = re.compile(rf"\b(?:{'|'.join(sorted(KIND_WORDS))})\s+(?:of|de)\s+(?P<noun>\w+)")
# "Andean", "Peruvian", "Japanese", "peruano": a people's adjective before the noun it qualifies.
DEMONYM_RE = re.compile(r"[A-ZÁÉÍÓÚÑ]\w+(?:ian|ean|an|ese|ish|ano|ana|anos|anas|ense|enses)")
MODIFIES_RE = re.compile(r"\s+[a-záéíóúñ]")
APPOSITION_RE = re.compile(r",\s+(?:(?:the|a|an|el|la|los|las|un|una)\s+)?")
# "... Mariana Soto, who wrote that ...": the name is the subject of the relative clause's verb
RELATIVE_SUBJECT_RE = re.compile(r",?\s+(?:who|quien|quienes|que)\s+")
QUALIFIER_RE = re.compile(r"['’]s?$|-[a-z]+$")   # "Quispe's", "Lima-born": a name that qualifies a noun
EXPLICIT_WHICH = frozenset({"which", "cual", "cuales"})
DETERMINERS = frozenset({"which", "what", "que", "cual", "cuales"})   # question words a noun can follow
Groups = list[tuple[set[str], float]]   # per question word: the stems that find it, and its weight


def blank_markup(sentence: str) -> str:
    """Footnote markers as blanks of the same length, so offsets still point into the source."""
    return MARKUP_RE.sub(lambda m: " " * len(m.group()), sentence)


def given_names(question: Question) -> list[str]:
    return GIVEN_NAME_RE.findall(question.text.strip())


class SpanFinder:
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

    @staticmethod
    def class_words(question: Question) -> list[str]:
        """The class of the answer: the words after "which" ("guild" in "which guild did ...")."""
        opening = question.tokens[:5]
        return [w for i, word in enumerate(opening) if word in DETERMINERS for w in opening[i + 1:i + 4]]

    def introduced(self, sentence: str, offset: int, classes: set[str]) -> tuple[int, int] | None:
        """What a word of the asked class (one of the stems ``classes``) introduces in the sentence."""
        return introduced_by_class(blank_markup(sentence), offset,
                                   lambda w: not classes.isdisjoint(self.analyzer.terms(w)))

    def agent(self, sentence: str, offset: int, groups: Groups, given: frozenset[str]) -> tuple[int, int] | None:
        """Who did what the question asks, said in the passive (clauses.passive_agent)."""
        wanted = set().union(*(group for group, weight in groups if weight > 0))
        return passive_agent(blank_markup(sentence), offset,
                             asked=lambda w: w not in given and not wanted.isdisjoint(self.analyzer.terms(w)))

    def kind_of(self, sentence: str, offset: int, question: Question) -> tuple[int, int] | None:
        """For "what kind of business ...?", the words that qualify "business" in the sentence:
        "the dairy business"."""
        found = KIND_OF_RE.search(" ".join(question.tokens))
        if not found:
            return None
        stems = set(self.analyzer.terms(found.group("noun")))
        words = list(WORD_RE.finditer(blank_markup(sentence)))
        for i, word in enumerate(words):
            if stems & set(self.analyzer.terms(word.group())):
                first = i
                while first > i - 3 and first > 0 and self.analyzer.terms(words[first - 1].group()) \
                        and not stems & set(self.analyzer.terms(words[first - 1].group())):
                    first -= 1
                return (offset + words[first].start(), offset + word.end()) if first < i else None
        return None

    def subject(self, sentence: str, offset: int, groups: Groups, given: frozenset[str]) -> tuple[int, int] | None:
        """The subject of which the sentence says what the question asks (clauses.copula_subject).
        The class the question asks for ("good", weightless) is what the subject is, not a
        word the subject must leave unsaid: its glossary terms may name the answer ("salt" for "good")."""
        wanted = set().union(*(group for group, weight in groups if weight > 0))
        return copula_subject(blank_markup(sentence), offset,
                              asked=lambda w: w in given or not wanted.isdisjoint(self.analyzer.terms(w)),
                              is_copula=lambda w: w in self.vocabulary.copulas)

    def added(self, sentence: str, offset: int, groups: Groups, given: frozenset[str],
              rarity: Callable[[str], float]) -> tuple[int, int] | None:
        """The words the sentence adds to the question, for a question no typed span answers.
        ``rarity(stem)``: its idf."""
        wanted = set().union(*(group for group, _ in groups))

        def weight(word: str) -> float:
            stems = self.analyzer.terms(word)
            return 0.0 if word in self.vocabulary.copulas or not stems else max(map(rarity, stems))
        return added_words(blank_markup(sentence), offset,
                           asked=lambda w: w in given or not wanted.isdisjoint(self.analyzer.terms(w)), weight=weight)

    @staticmethod
    def distance_to_asked(asked_at: list[tuple[int, int]], start: int, end: int) -> int | None:
        """Characters between a span and the nearest asked word within a few words of it."""
        gaps = [max(a - end, start - b, 0) for a, b in asked_at]
        near = [g for g in gaps if g <= NEAR_CHARS]
        return min(near) if near else None

    @staticmethod
    def asked_in_clause(sentence: str, asked_at: list[tuple[int, int]], at: int) -> int:
        """How many asked words stand in the clause (between commas, semicolons, colons) around ``at``."""
        opened = max(sentence.rfind(mark, 0, at) for mark in ",;:") + 1
        closed = min([i for i in (sentence.find(mark, at) for mark in ",;:") if i >= 0], default=len(sentence))
        return sum(opened <= a < closed for a, _ in asked_at)

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

    def counted(self, question: Question, groups: Groups) -> set[str]:
        """What a how-many question counts: the stems that find the noun after "how many" or
        "cuántos" ("testimonios"), unless the question words cover it ("people")."""
        tokens = question.tokens
        after = [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in COUNT_CUES]
        if not after or after[0] in ALL_STOP_WORDS or after[0] in UNNAMED_COUNTS:
            return set()
        # (through its translations too: the groups of a Spanish question about an English text
        # hold "boats", not "barcos")
        terms = [after[0], *(" ".join(term) for match in self.vocabulary.glossary_matcher.find(after[:1])
                             for term in self.vocabulary.glossary[int(match.key)])]
        stems = {s for term in terms for s in self.analyzer.terms(term)}
        # ("votes" in "how many votes" is no content word of the question, but still what it counts)
        return set().union(*(group for group, _ in groups if group & stems)) or stems

    def joined(self, sentence: str, end: int, start: int) -> bool:
        """Do only function words (at most three) come between ``end`` and ``start``: "clashed with
        the Salineros", "another guild, the Salineros"?"""
        gap = sentence[end:start]
        words = WORD_RE.findall(gap)
        return end <= start and len(gap) <= 24 and len(words) <= 3 and not re.search(r"[.;:()]", gap) \
            and not any(self.analyzer.terms(w) for w in words)

    @staticmethod
    def gives(words: set[str], given: frozenset[str]) -> bool:
        """Does the question already give one of these words ("Luis Quispe" after "Quispe"), or
        words of the same root ("Peruvian" after "Peru")? A name sharing only a root and adding a word
        of its own ("Andeans First" after "Andean") is a new name."""
        return not words.isdisjoint(given) or all(
            any(min(len(w), len(g)) >= 4 and len(os.path.commonprefix([w, g])) >= min(len(w), len(g)) - 1
                for g in given) for w in words)

    def typed_span(self, kind: str, sentence: str, offset: int, question: Question, groups: Groups,
                   given: frozenset[str], final: bool = False) -> tuple[int, int] | None:
        """The shortest span of the asked type in the sentence, preferring ones the question lacks.
        ``given``: the words of the names the question (or the turn before it) already gives.
        ``final``: the span of the chosen sentence, which may rather be the words it adds."""
        sentence = blank_markup(sentence)
        if kind in self.cue_patterns:
            return (kind == "definition" and (self.gloss(sentence, offset, groups)
                                              or self.quoted_name(question, sentence, offset, groups))) \
                or self.clause_after_cue(kind, sentence, offset)
        pattern = {"how_many": NUMBER_SPAN_RE, "when": DATE_SPAN_RE,
                   "where": NAMES_SPAN_RE, "who": NAMES_SPAN_RE, "which": NAMES_SPAN_RE}[kind]
        asked = set(question.tokens)
        question_stems = set(self.analyzer.terms(" ".join(question.content_tokens)))
        wanted = set().union(*(group for group, _ in groups))
        asked_at = [(w.start(), w.end()) for w in WORD_RE.finditer(sentence)
                    if not wanted.isdisjoint(self.analyzer.terms(w.group())) and fold(w.group()) not in given]
        classes = {s for w in self.class_words(question) for s in self.analyzer.terms(w)}
        class_ends = [b for a, b in asked_at if not classes.isdisjoint(self.analyzer.terms(sentence[a:b]))]
        counted = self.counted(question, groups) if kind == "how_many" else set()
        shares = not SHARE_WORDS.isdisjoint(question.tokens)
        counted_at = [w.span() for w in WORD_RE.finditer(sentence) if counted and not counted.isdisjoint(
            self.analyzer.terms(w.group()))]
        found: list[tuple[bool, int, bool, bool, int, int]] = []   # (preferences..., start, end)
        for match in pattern.finditer(sentence):
            words = {w for w in tokenize(match.group()) if len(w) > 1 or w.isdigit()}
            if not words or words <= asked:
                continue
            if kind in NAMED and len(words) == 1 and (match.start() == 0 or DEMONYM_RE.fullmatch(match.group())
                                                      and MODIFIES_RE.match(sentence, match.end())):
                continue  # the capital at the start of a sentence, or "Andean" in "Andean traders", is no name
            if kind == "how_many" and YEAR_RE.match(sentence, match.start()) and not question_stems & set(
                    self.analyzer.terms(match.group())):
                continue  # "the early 1980s" is a date, not a quantity
            if kind == "how_many" and counted and self.distance_to_asked(counted_at, *match.span()) is None:
                continue  # "how many testimonies?" is not answered by "two movements"
            start = match.start()
            if kind in NAMED:
                start += len(LEADING_STOP_RE.match(sentence, start, match.end()).group())
                if start >= match.end():
                    continue
                if MONTH_RE.fullmatch(sentence[start:match.end()]):
                    continue
                # A name the question already gives ("the Lima-born engineer Huaman") is its subject,
                # not its answer, while the word it asks with introduces the answer ("General
                # Rojas", "the engineer Jorge Huaman"); a place is what follows "in", "en", "near".
                # ... or stands in apposition to it ("Colonel Rosa Pinto, head of ..."), or is
                # the subject of the asked verb ("Quispe has appointed ...", not "Quispe's promotion" or
                # "the Lima-born engineer").
                introduced = any(start <= a < match.end() or self.joined(sentence, b, start)
                                 or APPOSITION_RE.fullmatch(sentence, match.end(), a)
                                 or RELATIVE_SUBJECT_RE.fullmatch(sentence, match.end(), a)
                                 or (self.joined(sentence, match.end(), a) and "," not in sentence[match.end():a]
                                     and (not QUALIFIER_RE.search(match.group()) or "whose" in question.tokens))
                                 for a, b in asked_at)
                rank = (self.gives(words, given), kind == "where" and not LOCATIVE_RE.search(sentence, 0, start),
                        not any(self.joined(sentence, b, start) for b in class_ends), not introduced)
            else:
                # The number nearest what was asked about ("12,000 inhabitants", "el 40 % de los
                # pescadores", "las escuelas ... bajaron a 45") beats any other number.
                # A share is answered by a percentage ("el 37 por ciento"), not a count near it.
                # What the question counts is what the number must be nearest ("3 seats", not
                # "4 lists won 3 seats").
                near = self.distance_to_asked(counted_at or asked_at, start, match.end())
                # Between two as near, the one whose clause says more of the question.
                rank = (shares and not SHARE_RE.search(match.group()), near is None, near or 0,
                        -self.asked_in_clause(sentence, asked_at, start))
            found.append((*rank, start, match.end()))
        if not found:
            return None
        *rank, start, end = min(found)
        if final and kind in ("which", "who") and rank[2] and rank[3] and EXPLICIT_WHICH.isdisjoint(question.tokens):
            # "What tool ...?", "Who runs the cooperative?" are answered by a name the
            # question's words introduce, or else not by a name ("... is run by local farmers").
            return None
        return offset + start, offset + end
