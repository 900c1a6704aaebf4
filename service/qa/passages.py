"""Passage answers: hybrid retrieval, then the best sentence and the answering span.

Retrieval returns passages; each of their sentences is scored by the
IDF-weighted question words it contains (with glossary translations, so a
Spanish question can be answered from an English text). For who / when /
where / how-many questions the shortest span of the right type inside the
sentence (a name, a date, a place, a number with its unit) is picked out.
How much of the question the best passage covers decides whether to answer
at all.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from index.analysis import Analyzer, fold
from index.chunking import BODY
from index.retrieval import Hit, Retriever
from index.sentences import sentence_spans
from index.store import IndexBundle

from .question import Question
from .vocabulary import Vocabulary, tokenize

MARKUP_RE = re.compile(r"<sup>\d+</sup>|<[^>\n]{1,40}>")
NUMBER_SPAN_RE = re.compile(
    r"(?:(?:approximately|about|around|roughly|nearly|almost|over|more than|less than|at least|only|some|"
    r"up to|between|from)\s+)?\\?\$?\d[\d,.]*(?:\s*(?:-|to|and|or)\s*\d[\d,.]*)?(?:\s*(?:percent|%|mm|"
    r"billion|million|thousand|hundred))?(?:\s+(?!(?:and|or|to|in|of|the|a)\b)[A-Za-z][\w-]*){0,2}"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|"
    r"hundred|a few hundred|thousands|hundreds|half)\b(?:\s+[a-z][\w-]*){0,3}",
    re.IGNORECASE)
MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_ES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# "July 28, 1938", "28 July 1938", "28 de julio de 1938", "julio de 1938", "1938", "the early 1980s".
DATE_SPAN_RE = re.compile(
    rf"\b(?:(?:{MONTHS_EN})\s+\d{{1,2}},?\s+|\d{{1,2}}\s+(?:{MONTHS_EN})\s+|(?:{MONTHS_EN})\s+)?{YEAR}s?\b"
    rf"|\b(?:\d{{1,2}}\s+de\s+)?(?:{MONTHS_ES})\s+(?:de\s+|del\s+)?{YEAR}\b"
    rf"|\b(?:early|late|mid)[- ]{YEAR}s\b", re.IGNORECASE)
NAME_SPAN_RE = re.compile(
    r"\b(?:(?:General|President|Dr\.|Comrade|Captain|Colonel)\s+)?[A-Z][\w'’-]+(?:\s+(?:de\s+|del\s+|la\s+)?"
    r"[A-Z][\w'’-]+)*")
YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d(?:s\b|\b(?!\s*(?:pounds|people|troops|men|km|kilometers|dollars)))")
# Capitalised function words a name match can start with ("The Jesuit-educated Guzman").
LEADING_STOP_RE = re.compile(r"(?:(?:The|A|An|El|La|Los|Las|Un|Una|In|En|At|On)\s+)*")
LOCATIVE_RE = re.compile(
    r"\b(?:in|at|near|from|to|into|en|cerca de|desde|hacia|a)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?$", re.IGNORECASE)
MONTH_RE = re.compile(rf"(?:{MONTHS_EN}|{MONTHS_ES})", re.IGNORECASE)
# Capitalised words of a question after its first: the names it gives.
GIVEN_NAME_RE = re.compile(r"(?<![¿¡\w])(?<!^)[A-ZÁÉÍÓÚÑ][\w'’-]+")
QUOTED_RE = re.compile(r"[\"“‘'«]([^\"”’'»]{2,80})[\"”’'»]")
# How much of the question the best passage must cover before we answer from it.
MIN_COVERAGE = 0.5
UNTYPED_PENALTY = 0.45
UNTRANSLATED_WEIGHT = 0.3
SENTENCE_CANDIDATE_PASSAGES = 5


@dataclass(frozen=True)
class PassageAnswer:
    hit: Hit
    sentence: tuple[int, int]           # absolute offsets
    span: tuple[int, int] | None        # absolute offsets of the typed answer span
    coverage: float
    supporting: list[Hit]
    question_type: str | None


def question_type(question: Question, vocabulary: Vocabulary) -> str | None:
    text = " " + " ".join(question.tokens) + " "
    for kind, cues in vocabulary.answer_types.items():
        if any(f" {fold(cue)} " in text for cue in cues):
            return kind
    return None


def clean(text: str) -> str:
    """A quote as a reader wants it: no footnote markers, Markdown escapes or emphasis."""
    text = MARKUP_RE.sub("", text).replace("\\$", "$").replace("*", "")
    return " ".join(text.split())


class PassageAnswerer:
    def __init__(self, bundle: IndexBundle, retriever: Retriever, analyzer: Analyzer,
                 vocabulary: Vocabulary, aliases: Callable[[list[str]], list[str]] | None = None) -> None:
        self.bundle = bundle
        self.aliases = aliases   # the other names a document gives to what a question names
        self.retriever = retriever
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.idf = bundle.bm25.idf
        self.cue_patterns = {kind: re.compile(
            r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b[\s,:]*"
            r"(?P<answer>[^.;()]{2,160})") for kind, cues in vocabulary.span_cues.items()}
        self.term_index = bundle.bm25.vocabulary
        self.max_idf = float(np.max(self.idf)) if len(self.idf) else 1.0
        words: set[str] = set()
        for chunk in bundle.chunks:
            words.update(tokenize(MARKUP_RE.sub(" ", chunk.text)))
        self.corpus_words = sorted(words)
        self.corpus_word_set = frozenset(words)
        self.words_by_initial: dict[str, list[str]] = {}
        for word in self.corpus_words:
            self.words_by_initial.setdefault(word[0], []).append(word)

    # --- query side -------------------------------------------------------------------------
    def translations(self, tokens: list[str]) -> list[str]:
        """Glossary terms (both languages) for the question's words, for cross-language matching."""
        out: list[str] = []
        for match in self.vocabulary.glossary_matcher.find(tokens):
            out.extend(" ".join(term) for term in self.vocabulary.glossary[int(match.key)])
        return out + (self.aliases(tokens) if self.aliases else [])

    def corrected(self, token: str) -> str:
        """A word the corpus does not have, replaced by its closest spelling in the corpus."""
        if any(s in self.term_index for s in self.analyzer.terms(token)) or len(token) < 5:
            return token
        # Only words of about the same length and first letter can be 0.84 alike: a cheap filter
        # that keeps difflib off the whole vocabulary.
        near = [w for w in self.words_by_initial.get(token[0], ()) if abs(len(w) - len(token)) <= 2]
        close = difflib.get_close_matches(token, near, n=1, cutoff=0.84)
        return close[0] if close else token

    def unknown_names(self, question: Question) -> list[str]:
        """Capitalised words of the question (not its first word) that the collection never mentions:
        a question about Tokyo or the Mona Lisa is not one this collection can answer."""
        words = GIVEN_NAME_RE.findall(question.text.strip())
        return [w for w in words if fold(w) not in question.form_words
                and all(self.corrected(t) == t and not self.known(t) for t in tokenize(w))]

    def known(self, token: str) -> bool:
        return any(s in self.term_index for s in self.analyzer.terms(token)) or token in self.corpus_word_set

    def idf_of(self, stem: str) -> float:
        index = self.term_index.get(stem)
        return float(self.idf[index]) if index is not None else self.max_idf

    # --- answering ----------------------------------------------------------------------------
    def answer(self, question: Question, extra_terms: list[str] = (),
               documents: frozenset[str] | None = None) -> PassageAnswer | None:
        """The best sentence for the question, from ``documents`` when the question chose some."""
        content = [self.corrected(t) for t in question.content_tokens]
        translated = self.translations(content)
        query = " ".join([question.text, *extra_terms, *translated, *content])
        if documents is None:
            hits = self.retriever.search(query, k=8)
        else:
            hits = [h for h in self.retriever.search(query, k=64) if h.chunk.document_id in documents][:8]
        if not hits:
            return None
        # Translations count only across languages: in an English question about an English text,
        # the glossary would let "guerrilla" stand for "fighters" and the group's name.
        words, names = [*content, *extra_terms], self.names(question)
        groups_by_language: dict[str, list[tuple[set[str], float]]] = {}
        kind = question_type(question, self.vocabulary)
        best: tuple[float, float, Hit, tuple[int, int]] | None = None
        for rank, hit in enumerate(hits[:SENTENCE_CANDIDATE_PASSAGES]):
            language = self.bundle.document(hit.chunk.document_id).language
            if language not in groups_by_language:
                target = None if language == question.language else language
                groups_by_language[language] = self.word_groups(words, question.language, names, target)
            groups = groups_by_language[language]
            total = sum(weight for _, weight in groups) or 1.0
            previous: set[str] = set()
            for start, end in sentence_spans(hit.chunk.text, hit.chunk.start):
                stems = set(self.analyzer.terms(self.text(hit, start, end)))
                # Coverage is judged on the answering sentence and the one before it (which often
                # names what "it" or "the blast" is): a passage can mention every word of an
                # unanswerable question in different places ("population" here, "Lima" there).
                window = stems | previous
                previous = stems
                coverage = sum(weight for group, weight in groups if group & window) / total
                own = sum(weight for group, weight in groups if group & stems) / total
                score = 0.7 * coverage + 0.3 * own
                if kind and self.typed_span(kind, self.text(hit, start, end), start, question) is None:
                    score *= UNTYPED_PENALTY   # a how-many question wants a sentence with a number
                score += 0.1 / (rank + 1) + (0.05 if hit.chunk.kind == BODY else 0.0)
                if best is None or score > best[0]:
                    best = (score, coverage, hit, (start, end))
        _, coverage, hit, sentence = best
        span = self.typed_span(kind, self.text(hit, *sentence), sentence[0], question) if kind else None
        return PassageAnswer(hit, sentence, span, coverage, hits[:3], kind)

    def names(self, question: Question) -> list[list[str]]:
        """Tokens of the multi-word names in the question ("Túpac Amaru", "María Elena Moyano")."""
        found = [tokenize(m.group()) for m in NAME_SPAN_RE.finditer(question.text) if m.start() > 1]
        return [name for name in found if len(name) > 1]

    def word_groups(self, tokens: list[str], language: str, names: list[list[str]] = (),
                    target: str | None = None) -> list[tuple[set[str], float]]:
        """For each question word: the stems that count as finding it, and its IDF weight.

        A multi-word name is one group that any of its words finds: texts say "Moyano" or
        "Túpac" far more often than the full name. For a text in another language (``target``),
        a word the glossary knows is found through its ``target`` terms only: Spanish "fundó"
        shares its stem with English "funding", not with "founded".
        """
        groups = []
        in_names = {t for name in names for t in name}
        for name in names:
            stems = {s for t in name for s in self.analyzer.terms(t)}
            if stems:
                groups.append((stems, max(self.idf_of(s) for s in stems)))
        # A word inside a phrase the glossary knows ("margin of error") is translated with it.
        translated: dict[str, list[str]] = {}
        if target is not None:
            for match in self.vocabulary.glossary_matcher.find(list(tokens)):
                for token in tokens[match.start:match.end]:
                    translated.setdefault(token, []).extend(self.vocabulary.glossary_sides[int(match.key)][target])
        for token in dict.fromkeys(t for t in tokens if t not in in_names):
            stems = set(self.analyzer.terms(token))
            if not stems:
                continue
            weight = min(self.idf_of(s) for s in stems)
            if token in translated:
                stems = {s for term in translated[token] for s in self.analyzer.terms(term)}
            if target is not None and self.aliases:
                stems.update(s for term in self.aliases([token]) for s in self.analyzer.terms(term))
            if language != "en" and not any(s in self.term_index for s in stems):
                # An untranslated word of a Spanish question (mostly a verb form the glossary
                # lacks) says less about answerability than an English word the text never uses.
                weight *= UNTRANSLATED_WEIGHT
            groups.append((stems, weight))
        return groups

    def text(self, hit: Hit, start: int, end: int) -> str:
        return self.bundle.document(hit.chunk.document_id).text[start:end]

    def clause_after_cue(self, kind: str, sentence: str, offset: int) -> tuple[int, int] | None:
        """A definition or a reason: what follows its cue ("Spanish for 'High Port'",
        "because ..."): a quoted phrase if there is one, else the words up to the clause's end."""
        folded = fold(sentence)
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

    def typed_span(self, kind: str, sentence: str, offset: int, question: Question) -> tuple[int, int] | None:
        """The shortest span of the asked type in the sentence, preferring ones the question lacks."""
        # Footnote markers become blanks of the same length, so offsets still point into the source.
        sentence = MARKUP_RE.sub(lambda m: " " * len(m.group()), sentence)
        if kind in self.cue_patterns:
            return self.clause_after_cue(kind, sentence, offset)
        pattern = {"how_many": NUMBER_SPAN_RE, "when": DATE_SPAN_RE,
                   "where": NAME_SPAN_RE, "who": NAME_SPAN_RE}[kind]
        asked = set(question.tokens)
        question_stems = set(self.analyzer.terms(" ".join(question.content_tokens)))
        given = {w for name in GIVEN_NAME_RE.findall(question.text.strip()) for w in tokenize(name)}
        found: list[tuple[int, int, int]] = []   # (preference, start, end)
        for match in pattern.finditer(sentence):
            words = {w for w in tokenize(match.group()) if len(w) > 1}
            if not words or words <= asked:
                continue
            if kind in ("who", "where") and (match.start() == 0 and len(words) == 1):
                continue  # the capital at the start of a sentence is not a name
            if kind == "how_many" and YEAR_RE.match(sentence, match.start()) and not question_stems & set(
                    self.analyzer.terms(match.group())):
                continue  # "the early 1980s" is a date, not a quantity
            start = match.start()
            if kind in ("who", "where"):
                start += len(LEADING_STOP_RE.match(sentence, start, match.end()).group())
                if start >= match.end():
                    continue
                if MONTH_RE.fullmatch(sentence[start:match.end()]):
                    continue
                # A name the question already gives ("the Jesuit-educated Guzman") is its subject,
                # not its answer, while a word it asks with ("which general") leads to the answer;
                # a place is what follows "in", "en", "near".
                rank = (bool(words & given), kind == "where" and not LOCATIVE_RE.search(sentence, 0, start),
                        not question_stems & set(self.analyzer.terms(match.group())))
            else:
                # A number followed by what was asked about ("24,000 deaths") beats any other number.
                rank = (not question_stems & set(self.analyzer.terms(match.group())), False, False)
            found.append((*rank, start, match.end()))
        if not found:
            return None
        *_, start, end = min(found)
        return offset + start, offset + end
