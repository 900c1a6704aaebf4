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

from dataclasses import dataclass
from typing import Callable

from index.analysis import Analyzer
from index.chunking import BODY
from index.retrieval import Hit, Retriever
from index.sentences import sentence_spans
from index.store import IndexBundle

from .patterns import NAME_ASKED_RE, NAME_SPAN_RE, TIME_ASKED_RE, TIME_OF_DAY_RE
from .question import Question
from .answer_types import type_words
from .lexicon import Lexicon
from .question_terms import QuestionTerms
from .spans import SpanFinder, given_names
from .vocabulary import Vocabulary, tokenize

# The best passage must cover more than this share of the question before we answer from it: a
# sentence that finds the name in "When did X die?" but not "die" covers only half.
MIN_COVERAGE = 0.5
UNTYPED_PENALTY = 0.45
UNNAMED_PENALTY = 0.5
NEEDS_A_SPAN = ("how_many", "when")
# Kinds whose answer is always of the type: a sentence without one is a worse candidate. ("Which
# infrastructure ...?" and "Who runs the cooperative?" may be answered by words that are not a name:
# "local farmers".)
PENALISED = ("how_many", "when", "where", "definition", "reason")
# "What is the town's economy?" is best answered where the text says "Its economy is ...".
COPULA_BONUS = 0.05
SAME_LANGUAGE_BONUS = 0.06   # more than a place in the retrieval ranking is worth
SENTENCE_CANDIDATE_PASSAGES = 5
@dataclass(frozen=True)
class PassageAnswer:
    hit: Hit
    sentence: tuple[int, int]           # absolute offsets of the quote: the answering sentence (and the one
                                        # before it, when it opens by referring back to it)
    span: tuple[int, int] | None        # absolute offsets of the typed answer span
    coverage: float
    supporting: list[Hit]
    question_type: str | None
    span_kind: str | None               # what the span is: the asked kind, or "other" for the words
                                        # a sentence adds to an untyped question


class PassageAnswerer:
    def __init__(self, bundle: IndexBundle, retriever: Retriever, analyzer: Analyzer,
                 vocabulary: Vocabulary, aliases: Callable[[list[str]], list[str]] | None = None) -> None:
        self.bundle = bundle
        self.retriever = retriever
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.spans = SpanFinder(analyzer, vocabulary)
        self.terms = QuestionTerms(bundle, analyzer, vocabulary, self.spans, aliases)
        self.lexicon = Lexicon(bundle, analyzer, self.terms.dictionary)

    def answer(self, question: Question, kind: str | None, extra_terms: list[str] = (),
               documents: frozenset[str] | None = None) -> PassageAnswer | None:
        """The best sentence for the question, from ``documents`` when the question chose some;
        ``kind``: the type of answer it asks (``question_type``)."""
        content = [self.lexicon.corrected(t) for t in question.content_tokens]
        # A name is translated only as a name: "Italy" is "Italia", but a Paredes is not walls.
        proper = frozenset(w for name in given_names(question) for w in tokenize(name))
        translated = self.terms.translations(content, question.language, proper)
        # Two question words a text prints as one ("break away", "breakaway"): found by either form.
        compounds = {word: a + b for a, b in zip(question.tokens, question.tokens[1:]) if a in content
                     and (joined := self.analyzer.terms(a + b)) and all(t in self.terms.term_index for t in joined)
                     for word in (a, b)}
        query = " ".join([question.text, *extra_terms, *translated, *content, *set(compounds.values())])
        if documents is None:
            hits = self.retriever.search(query, k=8)
        else:
            hits = [h for h in self.retriever.search(query, k=64) if h.chunk.document_id in documents][:8]
        if not hits:
            return None
        # Translations count only across languages: in an English question about an English text,
        # the glossary would let "guerrilla" stand for "fighters" and the group's name.
        words, names = [*content, *extra_terms], self.terms.names(question)
        groups_by_language: dict[str, list[tuple[set[str], float]]] = {}
        weightless = type_words(question, kind, self.vocabulary)
        # "What nationality ...?": the answer is a people's adjective, which need not say "nationality".
        asks_nationality = self.vocabulary.nationality.intersection(self.spans.class_words(question)[:1])
        weightless = weightless | asks_nationality
        # "What is the town's economy?", "¿Cuál es la economía ...?", not "What tool is ...?"
        asks_what_it_is = kind in (None, "which") and len(question.tokens) > 1 \
            and question.tokens[1] in self.vocabulary.copulas
        named = {s for t in self.terms.rare_names(question) for s in self.analyzer.terms(t)}
        # A year or a figure the question gives ("in 1995", "de 18 a 24 años") is named as a name is.
        figures = [{t} for t in self.analyzer.terms(question.text) if t[0].isdigit() and len(t) > 1]
        # The names the question gives, or the turn before it ("Who appointed him?"): not answers.
        given = {w for name in [*given_names(question), *extra_terms] for w in tokenize(name)}
        # ... in either language ("Italy" gives "Italia"), read as a name or as words: what a name
        # might mean is not an answer either.
        given = frozenset(given | {t for w in given for proper in (False, True)
                                   for t in self.terms.dictionary.translations(w, question.language, proper)})
        best: tuple[float, float, Hit, tuple[int, int], tuple[int, int], bool] | None = None
        for rank, hit in enumerate(hits[:SENTENCE_CANDIDATE_PASSAGES]):
            language = self.bundle.document(hit.chunk.document_id).language
            if language not in groups_by_language:
                target = None if language == question.language else language
                groups_by_language[language] = self.terms.word_groups(words, question.language, names, target,
                                                                weightless=weightless, compounds=compounds,
                                                                proper=proper)
            groups = groups_by_language[language]
            total = sum(weight for _, weight in groups) or 1.0
            # A document's own subject, which its title names, is what its sentences leave unsaid.
            title = set(self.analyzer.terms(self.bundle.document(hit.chunk.document_id).title))
            # A name is found by its own rare words, not by an alias's common ones ("Peru").
            name_groups = [{s for s in group if self.terms.rare(s)} for group, _ in groups
                           if group & named and not group & title] + figures
            previous: set[str] = set()
            previous_start: int | None = None
            for start, end in sentence_spans(hit.chunk.text, hit.chunk.start):
                text = self.text(hit, start, end)
                words_of_sentence = tokenize(text)
                stems = set(self.analyzer.terms(text, language))
                # Coverage is judged on the answering sentence and the one before it (which often
                # names what "it" or "the blast" is): a passage can mention every word of an
                # unanswerable question in different places ("population" here, "Lima" there).
                window = stems | previous
                # A sentence opening with "Its", "They", "Su" is about the subject of the one before.
                refers_back = bool(words_of_sentence[:1]) and words_of_sentence[0] in self.vocabulary.anaphora
                own_stems = window if refers_back else stems
                # ... and is quoted with it, so that the quote says who "its" is.
                quoted = (previous_start if refers_back and previous_start is not None else start, end)
                previous, previous_start = stems, start
                # What the document's title names counts for every sentence of it: a biography
                # says "she died in 1930", not "Luisa Paredes died in 1930".
                coverage = sum(weight for group, weight in groups if group & (window | title)) / total
                own = sum(weight for group, weight in groups if group & own_stems) / total
                score = 0.7 * coverage + 0.3 * own
                if asks_what_it_is and self.spans.says_what_it_is(words_of_sentence, groups):
                    score += COPULA_BONUS
                if kind in PENALISED and self.spans.typed_span(kind, text, start, question, groups, given) is None:
                    score *= UNTYPED_PENALTY   # a how-many question wants a sentence with a number
                # A quote that never mentions what the question names ("Pucallpa", "Tarapoto"),
                # nor does the sentence before it, is about something else.
                unnamed = any(not group & window for group in name_groups)
                if unnamed:
                    score *= UNNAMED_PENALTY
                score += 0.1 / (rank + 1) + (0.05 if hit.chunk.kind == BODY else 0.0)
                # A match in the question's own language is surer than one through translations.
                score += SAME_LANGUAGE_BONUS if language == question.language else 0.0
                if best is None or score > best[0]:
                    best = (score, coverage, hit, (start, end), quoted, unnamed)
        _, coverage, hit, sentence, quoted, unnamed = best
        if unnamed:
            return None
        language = self.bundle.document(hit.chunk.document_id).language
        groups = groups_by_language[language]
        text = self.text(hit, *sentence)
        classes = self.terms.class_stems(question, language)
        span = asks_nationality and self.spans.demonym(text, sentence[0], groups, given,
                                                       lambda word: self.terms.is_demonym(word, language)) \
            or kind in (None, "which") and self.spans.introduced(text, sentence[0], classes) \
            or kind == "who" and self.spans.agent(text, sentence[0], groups, given) \
            or (self.spans.typed_span(kind, text, sentence[0], question, groups, given, final=True, classes=classes)
                if kind else None)
        if (kind in NEEDS_A_SPAN or asks_nationality) and span is None:
            return None   # a how-many question is not answered by a sentence without a number
        span_kind = kind
        if asks_what_it_is:
            span = self.spans.what_it_is(text, sentence[0], groups)
            kind = span_kind = "definition" if span else None
        elif kind == "definition" and span is None:   # "What did his followers call his ideas?"
            span = self.spans.what_it_is(text, sentence[0], groups)
        if span is None and kind == "which":
            # (the class asked for is what the subject is: "explosive" for "Dynamite")
            unclassed = [(group, weight) for group, weight in groups if not group & classes]
            span, span_kind = self.spans.subject(text, sentence[0], unclassed, given), "other"
        if span is None:
            head = self.terms.class_stems(question, language, head_only=True) if kind == "which" else set()
            span, span_kind = self.spans.kind_of(text, sentence[0], question, head), "other"
        if span is None:
            span, span_kind = self.spans.added(text, sentence[0], groups, given, self.terms.idf_of), "other"
        formed = self.in_asked_form(question, text, sentence[0], groups, given, span, span_kind)
        if formed is None:
            return None
        span, span_kind = formed
        return PassageAnswer(hit, quoted, span, coverage, hits[:3], kind, span_kind)

    def in_asked_form(self, question: Question, text: str, offset: int, groups: list, given: frozenset[str],
                      span: tuple[int, int] | None, span_kind: str | None) -> tuple | None:
        """The span in the form the question asks for: a whole name for "What was the name of his
        father?", a time of day for "At what time ...?" (not the date the question gives); None when
        the sentence holds none, which is no answer."""
        asked = " ".join(question.tokens)
        if NAME_ASKED_RE.search(asked):
            whole_name = self.spans.typed_span("who", text, offset, question, groups, given, final=True)
            if whole_name:
                return whole_name, "who"
            if not (span and NAME_SPAN_RE.fullmatch(text, span[0] - offset, span[1] - offset)):
                return None
        if TIME_ASKED_RE.search(asked):
            time_of_day = TIME_OF_DAY_RE.search(text)
            return ((offset + time_of_day.start(), offset + time_of_day.end()), "when") if time_of_day else None
        return span, span_kind

    def text(self, hit: Hit, start: int, end: int) -> str:
        return self.bundle.document(hit.chunk.document_id).text[start:end]
