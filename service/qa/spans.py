"""Answering spans inside a chosen sentence: the shortest stretch of the asked type.

A name for who, a place after "in"/"en" for where, a date for when, a number
with its unit for how many; what a class word introduces, a passive's agent, a copula's
subject, or the words a sentence adds. Definitions and reasons are found by the base class
(definitions.py). Offsets are absolute, so ``source[start:end]`` is the span.
"""
from __future__ import annotations

import os
import re
from typing import Callable

from index.analysis import ALL_STOP_WORDS, fold

from .definitions import DefinitionSpans, Groups, blank_markup
from .clauses import added_words, copula_subject, introduced_by_class, passive_agent
from .patterns import (DATE_SPAN_RE, GIVEN_NAME_RE, LEADING_STOP_RE, LOCATIVE_RE,
                       MONTH_RE, NAMES_SPAN_RE, NUMBER_SPAN_RE, WORD_RE, YEAR_RE)
from .question import Question
from .vocabulary import tokenize

NEAR_CHARS = 40   # about six words

NAMED = ("who", "where", "which")   # kinds whose answer is a name
COUNT_CUES = frozenset({"many", "cuantos", "cuantas"})
# What a text counts without naming it: "how many people died?" is answered by "killed 25".
UNNAMED_COUNTS = frozenset({"people", "persons", "personas", "gente", "times", "veces"})
MORE_OF = frozenset({"other", "more", "otros", "otras", "mas"})
PEOPLE = frozenset({"people", "persons", "personas", "gente"})
# A number of a measure ("1300 pounds", "5 km", "$30", "20%") counts no people.
MEASURE_RE = re.compile(r"[%$]|\b(?:pounds?|kilos?|kilograms?|kg|tons?|toneladas?|miles?|km|kil[oó]metros?|metros?|"
                        r"meters?|feet|pies|hect[aá]reas?|hectares?|acres?|dollars?|d[oó]lares|soles|percent|"
                        r"por\s+ciento|hours?|horas?|minutes?|minutos?)\b", re.IGNORECASE)
SHARE_WORDS = frozenset({"share", "percentage", "percent", "proportion", "porcentaje", "proporcion"})
# A share: a percentage, or a fraction in words ("over half the territory", "la mitad").
SHARE_RE = re.compile(r"%|\bper\s*cent\b|\bpor\s+ciento\b|\b(?:half|mitad|thirds?|quarters?|tercios?)\b",
                      re.IGNORECASE)
KIND_WORDS = frozenset({"kind", "kinds", "type", "types", "sort", "tipo", "tipos", "clase", "clases"})
KIND_OF_RE = re.compile(rf"\b(?:{'|'.join(sorted(KIND_WORDS))})\s+(?:of|de)\s+(?P<noun>\w+)")
# "the outskirts of ", "el norte de ": a part of the place named next.
PART_OF_PLACE_RE = re.compile(r"\b(?P<part>[a-záéíóúñ]{3,})\s+(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?$")
# "Andean", "Peruvian", "Japanese", "peruano": a people's adjective before the noun it qualifies.
DEMONYM_RE = re.compile(r"[A-ZÁÉÍÓÚÑ]\w+(?:ian|ean|an|ese|ish|ano|ana|anos|anas|ense|enses)")
MODIFIES_RE = re.compile(r"\s+[a-záéíóúñ]")
APPOSITION_RE = re.compile(r",\s+(?:(?:the|a|an|el|la|los|las|un|una)\s+)?")
# "... Mariana Soto, who wrote that ...": the name is the subject of the relative clause's verb
RELATIVE_SUBJECT_RE = re.compile(r",?\s+(?:who|quien|quienes|que)\s+")
QUALIFIER_RE = re.compile(r"['’]s?$|-[a-z]+$")   # "Quispe's", "Lima-born": a name that qualifies a noun
EXPLICIT_WHICH = frozenset({"which", "cual", "cuales"})
DETERMINERS = frozenset({"which", "what", "que", "cual", "cuales"})   # question words a noun can follow
def given_names(question: Question) -> list[str]:
    return GIVEN_NAME_RE.findall(question.text.strip())


class SpanFinder(DefinitionSpans):
    @staticmethod
    def class_words(question: Question) -> list[str]:
        """The class of the answer: the words after "which" ("guild" in "which guild did ...", "town"
        in "The battle was fought near which town?")."""
        tokens = question.tokens
        at = next((i for i, word in enumerate(tokens) if word in DETERMINERS), None)
        if at is None:
            return []
        after = tokens[at + 1:at + 4]
        # (up to the first function word: "fuerte" in "¿Qué fuerte del puerto ...?", not "puerto")
        end = next((i for i, word in enumerate(after) if word in ALL_STOP_WORDS), len(after))
        return after[:end]

    def introduced(self, sentence: str, offset: int, classes: set[str]) -> tuple[int, int] | None:
        """What a word of the asked class (one of the stems ``classes``) introduces in the sentence."""
        return introduced_by_class(blank_markup(sentence), offset,
                                   lambda w: not classes.isdisjoint(self.analyzer.terms(w)))

    def agent(self, sentence: str, offset: int, groups: Groups, given: frozenset[str]) -> tuple[int, int] | None:
        """Who did what the question asks, said in the passive (clauses.passive_agent)."""
        wanted = set().union(*(group for group, weight in groups if weight > 0))
        return passive_agent(blank_markup(sentence), offset,
                             asked=lambda w: w not in given and not wanted.isdisjoint(self.analyzer.terms(w)))

    def demonym(self, sentence: str, offset: int, groups: Groups, given: frozenset[str],
                is_demonym: Callable[[str], bool]) -> tuple[int, int] | None:
        """For "What nationality was ...?", the people's adjective nearest an asked word: "el
        explorador italiano Antonio Raimondi" → "italiano"."""
        text = blank_markup(sentence)
        wanted = set().union(*(group for group, _ in groups))
        asked_at = [w.span() for w in WORD_RE.finditer(text) if not wanted.isdisjoint(self.analyzer.terms(w.group()))]
        found = [(near, w.span()) for w in WORD_RE.finditer(text)
                 if fold(w.group()) not in given and is_demonym(w.group())
                 and (near := self.distance_to_asked(asked_at, *w.span())) is not None]
        return (offset + min(found)[1][0], offset + min(found)[1][1]) if found else None

    def kind_of(self, sentence: str, offset: int, question: Question, classes: set[str] = frozenset()) \
            -> tuple[int, int] | None:
        """For "what kind of business ...?", the words that qualify "business" in the sentence:
        "the dairy business"; likewise for the class a which-question asks (``classes``, stems):
        "a mythical status" for "What status did he acquire?"."""
        found = KIND_OF_RE.search(" ".join(question.tokens))
        stems = set(self.analyzer.terms(found.group("noun"))) if found else set(classes)
        if not stems:
            return None
        asked = set(question.tokens)
        words = list(WORD_RE.finditer(blank_markup(sentence)))
        for i, word in enumerate(words):
            if stems & set(self.analyzer.terms(word.group())):
                first = i
                while first > i - 3 and first > 0 and self.analyzer.terms(words[first - 1].group()) \
                        and not stems & set(self.analyzer.terms(words[first - 1].group())):
                    first -= 1
                # Qualifiers the question gives ("colonial" in "which colonial burdens") add nothing.
                if first < i and any(fold(w.group()) not in asked for w in words[first:i]):
                    return offset + words[first].start(), offset + word.end()
                return None
        return None

    def subject(self, sentence: str, offset: int, groups: Groups, given: frozenset[str]) -> tuple[int, int] | None:
        """The subject of which the sentence says what the question asks (clauses.copula_subject).
        The class the question asks for ("good", weightless) is what the subject is, not a
        word the subject must leave unsaid: its glossary terms may name the answer ("salt" for "good")."""
        wanted = set().union(*(group for group, weight in groups if weight > 0))
        found = copula_subject(blank_markup(sentence), offset,
                               asked=lambda w: w in given or not wanted.isdisjoint(self.analyzer.terms(w)),
                               is_copula=lambda w: w in self.vocabulary.copulas)
        # "He was later ...": a pronoun only points at the answer, in the sentence before.
        if found and fold(sentence[found[0] - offset:found[1] - offset]) in self.vocabulary.anaphora:
            return None
        return found

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
    def after_asked_phrase(sentence: str, start: int, asked_at: list[tuple[int, int]]) -> bool:
        """Does a name stand after a comma that ends a phrase of asked words ("la tesorera de la
        cooperativa del valle, Elena Vargas")?"""
        before = sentence[:start].rstrip()
        if not before.endswith(","):
            return False
        opened = max(before[:-1].rfind(mark) for mark in ",;:(“”«»\"") + 1
        return any(opened <= a < len(before) for a, _ in asked_at)

    @staticmethod
    def asked_in_clause(sentence: str, asked_at: list[tuple[int, int]], at: int) -> int:
        """How many asked words stand in the clause (between commas, semicolons, colons) around ``at``."""
        opened = max(sentence.rfind(mark, 0, at) for mark in ",;:") + 1
        closed = min([i for i in (sentence.find(mark, at) for mark in ",;:") if i >= 0], default=len(sentence))
        return sum(opened <= a < closed for a, _ in asked_at)

    def counted(self, question: Question, groups: Groups) -> set[str]:
        """What a how-many question counts: the stems that find the noun after "how many" or
        "cuántos" ("testimonios"), unless the question words cover it ("people")."""
        # ("how many other leaders" counts leaders)
        after = counted_words([t for t in question.tokens if t not in MORE_OF])
        if not after or after[0] in ALL_STOP_WORDS or after[0] in UNNAMED_COUNTS:
            return set()
        # (through its translations too: the groups of a Spanish question about an English text
        # hold "boats", not "barcos")
        terms = [after[0], *(" ".join(term) for match in self.vocabulary.glossary_matcher.find(after[:1])
                             for term in self.vocabulary.glossary[int(match.key)])]
        stems = {s for term in terms for s in self.analyzer.terms(term)}
        # ("votes" in "how many votes" is no content word of the question, but still what it counts)
        return set().union(*(group for group, _ in groups if group & stems)) or stems

    @staticmethod
    def gives(words: set[str], given: frozenset[str]) -> bool:
        """Does the question already give one of these words ("Luis Quispe" after "Quispe"), or
        words of the same root ("Peruvian" after "Peru")? A name sharing only a root and adding a word
        of its own ("Andeans First" after "Andean") is a new name."""
        return not words.isdisjoint(given) or all(
            any(min(len(w), len(g)) >= 4 and len(os.path.commonprefix([w, g])) >= min(len(w), len(g)) - 1
                for g in given) for w in words)

    def typed_span(self, kind: str, sentence: str, offset: int, question: Question, groups: Groups,
                   given: frozenset[str], final: bool = False,
                   classes: set[str] | None = None) -> tuple[int, int] | None:
        """The shortest span of the asked type in the sentence, preferring ones the question lacks.
        ``given``: the words of the names the question (or the turn before it) already gives.
        ``final``: the span of the chosen sentence, which may rather be the words it adds.
        ``classes``: the stems of the asked class in the text's language (else the question's own)."""
        sentence = blank_markup(sentence)
        if kind in self.cue_patterns:
            return (kind == "definition" and (self.gloss(sentence, offset, groups)
                                              or self.quoted_name(question, sentence, offset, groups))) \
                or self.clause_after_cue(kind, sentence, offset) \
                or (self.purpose(sentence, offset, groups, set(question.tokens)) if kind == "reason" else None)
        pattern = {"how_many": NUMBER_SPAN_RE, "when": DATE_SPAN_RE,
                   "where": NAMES_SPAN_RE, "who": NAMES_SPAN_RE, "which": NAMES_SPAN_RE}[kind]
        asked = set(question.tokens)
        question_stems = set(self.analyzer.terms(" ".join(question.content_tokens)))
        wanted = set().union(*(group for group, _ in groups))
        asked_at = [(w.start(), w.end()) for w in WORD_RE.finditer(sentence)
                    if not wanted.isdisjoint(self.analyzer.terms(w.group())) and fold(w.group()) not in given]
        if classes is None:
            classes = {s for w in self.class_words(question) for s in self.analyzer.terms(w)}
        class_ends = [b for a, b in asked_at if not classes.isdisjoint(self.analyzer.terms(sentence[a:b]))]
        counted = self.counted(question, groups) if kind == "how_many" else set()
        counts_people = any(a in COUNT_CUES and b in PEOPLE for a, b in zip(question.tokens, question.tokens[1:]))
        shares = not SHARE_WORDS.isdisjoint(question.tokens)
        counted_at = [w.span() for w in WORD_RE.finditer(sentence) if counted and not counted.isdisjoint(
            self.analyzer.terms(w.group()))]
        found: list[tuple] = []   # (preferences..., start, end)
        for match in pattern.finditer(sentence):
            words = {w for w in tokenize(match.group()) if len(w) > 1 or w.isdigit()}
            if not words or words <= asked:
                continue
            if kind in NAMED and len(words) == 1 and (opens_a_sentence(sentence, match.start())
                                                      or DEMONYM_RE.fullmatch(match.group())
                                                      and MODIFIES_RE.match(sentence, match.end())):
                continue  # the capital at the start of a sentence, or "Andean" in "Andean traders", is no name
            if kind == "how_many" and YEAR_RE.match(sentence, match.start()) and not question_stems & set(
                    self.analyzer.terms(match.group())):
                continue  # "the early 1980s" is a date, not a quantity
            if kind == "how_many" and counted and self.distance_to_asked(counted_at, *match.span()) is None:
                continue  # "how many testimonies?" is not answered by "two movements"
            if kind == "how_many" and counts_people and MEASURE_RE.search(match.group()):
                continue  # "how many people?" is not answered by "1300 pounds"
            if kind == "how_many" and shares != bool(SHARE_RE.search(match.group())) and (shares or counted):
                continue  # a share is answered by a share, a count of things by no share of them
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
                # ... or follows a comma that ends a phrase of asked words ("the treasurer of the
                # fishermen's cooperative of Valle Verde, Elena Vargas"), which beats a name inside it.
                apposed = len(words) > 1 and self.after_asked_phrase(sentence, start, asked_at)
                introduced = apposed or any(
                    start <= a < match.end() or self.joined(sentence, b, start)
                    or APPOSITION_RE.fullmatch(sentence, match.end(), a)
                    or RELATIVE_SUBJECT_RE.fullmatch(sentence, match.end(), a)
                    or (self.joined(sentence, match.end(), a) and "," not in sentence[match.end():a]
                        and (not QUALIFIER_RE.search(match.group()) or "whose" in question.tokens))
                    for a, b in asked_at)
                rank = (self.gives(words, given), kind == "where" and not LOCATIVE_RE.search(sentence, 0, start),
                        not any(self.joined(sentence, b, start) for b in class_ends), not introduced, not apposed)
            else:
                # The number nearest what was asked about ("12,000 inhabitants", "el 40 % de los
                # pescadores", "las escuelas ... bajaron a 45") beats any other number.
                # A share is answered by a percentage ("el 37 por ciento"), not a count near it.
                # What the question counts is what the number must be nearest ("3 seats", not
                # "4 lists won 3 seats").
                near = self.distance_to_asked(counted_at or asked_at, start, match.end())
                # Between two as near, the one whose clause says more of the question.
                rank = (shares and not SHARE_RE.search(match.group()), near is None, near or 0,
                        -self.asked_in_clause(sentence, asked_at, start), 0)
            found.append((*rank, start, match.end()))
        if not found:
            return None
        *rank, start, end = min(found)
        if final and kind in ("which", "who") and rank[2] and rank[3] and EXPLICIT_WHICH.isdisjoint(question.tokens):
            # "What tool ...?", "Who runs the cooperative?" are answered by a name the
            # question's words introduce, or else not by a name ("... is run by local farmers").
            return None
        if kind == "where" and (part := PART_OF_PLACE_RE.search(sentence, 0, start)) \
                and part.group("part") not in ALL_STOP_WORDS and fold(part.group("part")) not in question.tokens:
            start = part.start("part")   # "the outskirts of Lima", "el norte de Puno": where in the place
        return offset + start, offset + end


def counted_words(tokens: list[str]) -> list[str]:
    """The words right after "how many", "cuántos", "cuántas": what a question counts."""
    return [after for word, after in zip(tokens, tokens[1:]) if word in COUNT_CUES]


def opens_a_sentence(text: str, at: int) -> bool:
    """Whether ``at`` starts the text or one of its sentences (a quote may be two: "... in 1781.
    He was later ..."), where any word is capitalised."""
    before = text[:at].rstrip(" \"'“”«»(")
    return not before or before[-1] in ".!?¿¡:"
