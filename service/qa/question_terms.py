"""The question's words as the index knows them: their stems, word families, translations,
synonyms and weights (``word_groups``), and the names and classes a question gives.

Passage answering scores sentences by these groups; nothing here reads a passage.
"""
from __future__ import annotations

import bisect
from typing import Callable

import numpy as np

from index.analysis import Analyzer
from index.store import IndexBundle

from .dictionary import word_tables
from .patterns import NAME_SPAN_RE
from .question import Question
from .spans import DEMONYM_RE, SpanFinder, given_names
from .vocabulary import Vocabulary, tokenize

RARE_NAME = 0.65    # of the highest idf: a name in about 5% of passages or fewer
UNTRANSLATED_WEIGHT = 0.3
FAMILY_ROOT = 6
# A synonym finds a question word at this share of its weight: "summit" is "peak", but a text that
# says the question's own word is surer.
SYNONYM_WEIGHT = 0.7


class QuestionTerms:
    def __init__(self, bundle: IndexBundle, analyzer: Analyzer, vocabulary: Vocabulary, spans: SpanFinder,
                 aliases: Callable[[list[str]], list[str]] | None = None) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.spans = spans
        self.aliases = aliases   # the other names a document gives to what a question names
        self.idf = bundle.bm25.idf
        self.dictionary, self.synonyms = word_tables(analyzer.version)
        self.term_index = bundle.bm25.vocabulary
        self.max_idf = float(np.max(self.idf)) if len(self.idf) else 1.0
        self.sorted_terms = sorted(self.term_index)

    def translations(self, tokens: list[str], language: str, proper: frozenset[str] = frozenset()) -> list[str]:
        """Glossary terms (both languages) for the question's words, and the dictionary's words for
        the others but the ``proper`` names, for cross-language matching."""
        out: list[str] = []
        covered: set[int] = set()
        for match in self.vocabulary.glossary_matcher.find(tokens):
            out.extend(" ".join(term) for term in self.vocabulary.glossary[int(match.key)])
            covered.update(range(match.start, match.end))
        out.extend(w for n, token in enumerate(tokens) if n not in covered
                   for w in sorted(self.dictionary.translations(token, language, token in proper)))
        return out + (self.aliases(tokens) if self.aliases else [])

    def family(self, stem: str) -> set[str]:
        """Index terms of the same root as ``stem``: ones it begins ("presid" for "presidente") and
        ones that begin with it ("president" for "presidió"). Snowball strips inflections, not
        derivations; a long shared root (FAMILY_ROOT letters) is one word family. A short plural
        the stemmer leaves whole ("rios" for "ríos") also finds its singular ("rio")."""
        if len(stem) < FAMILY_ROOT or stem[0].isdigit():
            singular = stem[:-1] if len(stem) > 3 and stem.endswith("s") and stem[:-1] in self.term_index else stem
            return {stem, singular}
        found = {stem[:n] for n in range(FAMILY_ROOT, len(stem)) if stem[:n] in self.term_index}
        root = stem[:max(FAMILY_ROOT, len(stem) - 1)]
        at = bisect.bisect_left(self.sorted_terms, root)
        while at < len(self.sorted_terms) and self.sorted_terms[at].startswith(root):
            found.add(self.sorted_terms[at])
            at += 1
        return found | {stem}

    def idf_of(self, stem: str) -> float:
        index = self.term_index.get(stem)
        return float(self.idf[index]) if index is not None else self.max_idf

    def is_demonym(self, word: str, language: str) -> bool:
        """A people's adjective ("Italian", "italiano"): its English form, capitalised, names a people
        in the dictionary."""
        if language == "en":
            return bool(DEMONYM_RE.fullmatch(word)) and bool(self.dictionary.translations(word, "en", proper=True))
        return any(DEMONYM_RE.fullmatch(w) for w in self.dictionary.translations(word, language, proper=True))

    def class_stems(self, question: Question, language: str, head_only: bool = False) -> set[str]:
        """The stems of the class the question asks for ("which guild"), in the text's language;
        with ``head_only``, of its first word alone ("provincia", not "parece", in "¿En qué provincia
        parece ...?")."""
        target = None if language == question.language else language
        words = self.spans.class_words(question)
        classes = self.word_groups(words[:1] if head_only else words, question.language, target=target)
        return set().union(*(group for group, _ in classes))

    def rare_names(self, question: Question) -> list[str]:
        """The question's names that few passages mention ("Pucallpa", "Tarapoto"), unlike the
        subject of a whole collection ("Peru"), which its sentences often leave unsaid."""
        # Only the capitalised parts: "Spanish-language" names a language, "Lima-born" a place.
        # Nor what qualifies the asked class ("Which Colombian disaster ...?"): the answer's, not the subject's.
        describing = set(self.spans.class_words(question))
        tokens = [t for name in given_names(question) for part in name.split("-") if part[:1].isupper()
                  for t in tokenize(part) if t not in question.form_words and t not in describing]
        return [t for t in tokens if self.analyzer.terms(t) and all(self.rare(s) for s in self.analyzer.terms(t))]

    def rare(self, stem: str) -> bool:
        return self.idf_of(stem) >= RARE_NAME * self.max_idf

    def names(self, question: Question) -> list[list[str]]:
        """Tokens of the multi-word names in the question ("Puerto Alto", "María Elena Quispe")."""
        found = [tokenize(m.group()) for m in NAME_SPAN_RE.finditer(question.text) if m.start() > 1]
        return [name for name in found if len(name) > 1]

    def word_groups(self, tokens: list[str], language: str, names: list[list[str]] = (), target: str | None = None,
                    weightless: set[str] = frozenset(),
                    compounds: dict[str, str] | None = None,
                    proper: frozenset[str] = frozenset()) -> list[tuple[set[str], float]]:
        """For each question word: the stems that count as finding it, and its IDF weight.

        A multi-word name is one group that any of its words finds: texts say "Quispe" or
        "Puerto" far more often than the full name. ``weightless`` words are found but not
        counted in coverage ("city" in "which city"). For a text in another language (``target``),
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
            # Stemmed as the text is: English "population" and Spanish "popular" share "popul".
            stems = set(self.analyzer.terms(token, target or language))
            if not stems:
                continue
            weight = 0.0 if token in weightless else min(self.idf_of(s) for s in stems)
            compound = (compounds or {}).get(token, "")
            stems = {f for s in stems for f in self.family(s)} | set(self.analyzer.terms(compound))
            if token in translated:
                stems = {s for term in translated[token] for s in self.analyzer.terms(term)}
            elif target is not None:
                stems |= self.dictionary.stems(token, language, token in proper)
            if target is not None and self.aliases:
                stems.update(s for term in self.aliases([token]) for s in self.analyzer.terms(term))
            if language != "en" and not any(s in self.term_index for s in stems):
                # An untranslated word of a Spanish question (mostly a verb form the glossary
                # lacks) says less about answerability than an English word the text never uses.
                weight *= UNTRANSLATED_WEIGHT
            synonyms = self.synonyms.stems(token, language) - stems if target is None else set()
            if synonyms:   # two groups: the word itself finds both, a synonym only the second
                groups += [(stems, weight * (1 - SYNONYM_WEIGHT)), (stems | synonyms, weight * SYNONYM_WEIGHT)]
            else:
                groups.append((stems, weight))
        return groups
