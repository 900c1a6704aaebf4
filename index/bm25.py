"""Okapi BM25 over a sparse document-term matrix.

The weight of every (document, term) pair is computed once at build time and
kept in a CSC matrix, so a query is a few column slices and one
``np.bincount``: no Python loop over documents. IDF is Lucene's,
``log(1 + (N - df + 0.5) / (df + 0.5))``, which never goes negative.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp


class BM25:
    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.vocabulary: dict[str, int] = {}
        self.weights: sp.csc_matrix | None = None
        self.idf: np.ndarray | None = None

    @property
    def n_documents(self) -> int:
        return 0 if self.weights is None else self.weights.shape[0]

    def fit_counts(self, counts: sp.spmatrix, vocabulary: dict[str, int]) -> "BM25":
        """Fit from a documents x terms matrix of term frequencies."""
        counts = sp.csr_matrix(counts, dtype=np.float32)
        n_docs = counts.shape[0]
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        average = lengths.mean() if n_docs else 0.0
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        tf = counts.data
        row_of_entry = np.repeat(np.arange(n_docs), np.diff(counts.indptr))
        norm = self.k1 * (1.0 - self.b + self.b * lengths[row_of_entry] / (average or 1.0))
        data = self.idf[counts.indices] * tf * (self.k1 + 1.0) / (tf + norm)
        self.weights = sp.csr_matrix((data.astype(np.float32), counts.indices, counts.indptr),
                                     shape=counts.shape).tocsc()
        self.vocabulary = vocabulary
        return self

    def fit(self, documents: Sequence[Sequence[str]]) -> "BM25":
        """Fit from tokenised documents."""
        vocabulary: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        for tokens in documents:
            for token in tokens:
                indices.append(vocabulary.setdefault(token, len(vocabulary)))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        counts = sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                               shape=(len(documents), len(vocabulary)))
        counts.sum_duplicates()
        return self.fit_counts(counts, vocabulary)

    def term_ids(self, tokens: Iterable[str]) -> list[int]:
        return [self.vocabulary[t] for t in tokens if t in self.vocabulary]

    def scores_for_ids(self, term_ids: Sequence[int]) -> np.ndarray:
        """Scores of every document; a term repeated in the query counts again, as in rank-bm25."""
        assert self.weights is not None, "fit the index first"
        if not len(term_ids):
            return np.zeros(self.n_documents, dtype=np.float32)
        ids, multiplicity = np.unique(np.asarray(term_ids), return_counts=True)
        indptr = self.weights.indptr
        spans = [slice(indptr[i], indptr[i + 1]) for i in ids]
        rows = np.concatenate([self.weights.indices[s] for s in spans])
        data = np.concatenate([self.weights.data[s] * m for s, m in zip(spans, multiplicity)])
        return np.bincount(rows, weights=data, minlength=self.n_documents).astype(np.float32)

    def scores(self, tokens: Iterable[str]) -> np.ndarray:
        return self.scores_for_ids(self.term_ids(tokens))

    def top_k_for_ids(self, term_ids: Sequence[int], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        return top_k(self.scores_for_ids(term_ids), k)

    def top_k(self, tokens: Iterable[str], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Indexes and scores of the best ``k`` documents with a positive score, best first."""
        return self.top_k_for_ids(self.term_ids(tokens), k)


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        # Keep every document scoring at least the k-th best score, so that a tie
        # at the cut is settled by document order below, not by the partition.
        kth_best = np.partition(scores[positive], len(positive) - k)[len(positive) - k] if k > 0 else np.inf
        positive = positive[scores[positive] >= kth_best]
    # Ties broken by document order, so results are deterministic.
    order = np.lexsort((positive, -scores[positive]))[:max(k, 0)]
    best = positive[order]
    return best, scores[best]
