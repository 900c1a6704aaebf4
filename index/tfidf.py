"""TF-IDF over character n-grams, for fuzzy and cross-language matching.

Character n-grams within word boundaries match misspellings ("Fujimory"),
inflections the stemmers miss and cognates across English and Spanish
("terrorism" / "terrorismo").
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .analysis import MARKUP_RE, fold


def preprocess(text: str) -> str:
    return fold(MARKUP_RE.sub(" ", text))


class CharTfidf:
    """The fitted model is plain data (n-gram vocabulary, idf, the passages' matrix), so it is
    stored without pickle (index/storage.py); scikit-learn fits it and cuts text into n-grams."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.ngram_range = tuple(ngram_range)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range,
                                          preprocessor=preprocess, sublinear_tf=True, dtype=np.float32)
        self.ngrams = self.vectorizer.build_analyzer()
        self.matrix = None
        self.size = 0
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> "CharTfidf":
        # A collection of tables only has no prose to fit: every score is then zero.
        self.size = len(texts)
        if any(t.strip() for t in texts):
            # By column (n-gram), since a query reads the columns of its few n-grams.
            self.matrix = self.vectorizer.fit_transform(texts).tocsc()
            self.vocabulary = {gram: int(column) for gram, column in self.vectorizer.vocabulary_.items()}
            self.idf = self.vectorizer.idf_.astype(np.float32)
        return self

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` with every document (rows are L2-normalised).

        The query vector is built here rather than by ``vectorizer.transform``, whose validation
        costs five times the scoring for a one-line query; the weights are the same (sublinear tf
        times idf, L2-normalised)."""
        if self.matrix is None:
            return np.zeros(self.size, dtype=np.float32)
        counts = Counter(g for g in self.ngrams(text) if g in self.vocabulary)
        if not counts:
            return np.zeros(self.size, dtype=np.float32)
        columns = np.fromiter((self.vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
        weights = 1 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        weights *= self.idf[columns]
        weights /= np.linalg.norm(weights)
        return np.asarray(self.matrix[:, columns] @ weights, dtype=np.float32).ravel()
