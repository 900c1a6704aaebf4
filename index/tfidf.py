"""TF-IDF over character n-grams, for fuzzy and cross-language matching.

Character n-grams within word boundaries match misspellings ("Fujimory"),
inflections the stemmers miss and cognates across English and Spanish
("terrorism" / "terrorismo").
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .analysis import MARKUP_RE, fold


def preprocess(text: str) -> str:
    return fold(MARKUP_RE.sub(" ", text))


class CharTfidf:
    def __init__(self, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range,
                                          preprocessor=preprocess, sublinear_tf=True, dtype=np.float32)
        self.matrix = None
        self.size = 0

    def fit(self, texts: Sequence[str]) -> "CharTfidf":
        # A collection of tables only has no prose to fit: every score is then zero.
        self.size = len(texts)
        self.matrix = self.vectorizer.fit_transform(texts) if any(t.strip() for t in texts) else None
        return self

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` with every document (rows are L2-normalised)."""
        if self.matrix is None:
            return np.zeros(self.size, dtype=np.float32)
        query = self.vectorizer.transform([text])
        return np.asarray((self.matrix @ query.T).todense()).ravel()
