"""Okapi BM25 over a sparse document-term matrix.

The weight of every (document, term) pair is computed once at build time and
kept in a CSC matrix, so a query adds a few column slices into one float32
array: no Python loop over documents. IDF is Lucene's,
``log(1 + (N - df + 0.5) / (df + 0.5))``, which never goes negative.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, count

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
        # One pass in C (map, chain, fromiter): a new term gets the next id as it is first seen.
        vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        indices = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(documents)),
                              dtype=np.int64, count=int(indptr[-1]))
        data = np.ones(len(indices), dtype=np.float32)
        counts = sp.csr_matrix((data, indices, indptr), shape=(len(documents), len(vocabulary)))
        counts.sum_duplicates()
        return self.fit_counts(counts, dict(vocabulary))

    def term_ids(self, tokens: Iterable[str]) -> list[int]:
        return [self.vocabulary[t] for t in tokens if t in self.vocabulary]

    def scores_for_ids(self, term_ids: Sequence[int]) -> np.ndarray:
        """Scores of every document; a term repeated in the query counts again, as in rank-bm25."""
        assert self.weights is not None, "fit the index first"
        scores = np.zeros(self.n_documents, dtype=np.float32)
        indptr, rows, weights = self.weights.indptr, self.weights.indices, self.weights.data
        ids, multiplicity = np.unique(np.asarray(term_ids, dtype=np.int64), return_counts=True)
        for term, times in zip(ids.tolist(), multiplicity.tolist()):
            span = slice(indptr[term], indptr[term + 1])
            # A document occurs once in a term's column, so the fancy-indexed add never drops a repeat.
            scores[rows[span]] += weights[span] if times == 1 else weights[span] * times
        return scores

    def scores(self, tokens: Iterable[str]) -> np.ndarray:
        return self.scores_for_ids(self.term_ids(tokens))

    def top_k_for_ids(self, term_ids: Sequence[int], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        return top_k(self.scores_for_ids(term_ids), k)

    def top_k(self, tokens: Iterable[str], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Indexes and scores of the best ``k`` documents with a positive score, best first."""
        return self.top_k_for_ids(self.term_ids(tokens), k)


BLOCK = 1024


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indexes and scores of the best ``k`` positive scores, best first, ties in index order."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64), scores[:0]
    candidates = _candidate_blocks(scores, k)
    positive = candidates[scores[candidates] > 0]
    if len(positive) > k:
        # Keep every document scoring at least the k-th best score, so that a tie
        # at the cut is settled by document order below, not by the partition.
        kth_best = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
        positive = positive[scores[positive] >= kth_best]
    order = np.lexsort((positive, -scores[positive]))[:k]
    best = positive[order]
    return best, scores[best]


def _candidate_blocks(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes that can hold the best ``k`` scores, found without sorting them all.

    Cut the scores into blocks: the ``k`` blocks with the highest maxima hold
    ``k`` scores at least as high as the k-th highest maximum, so every score
    in the top ``k`` (ties included) lies in a block reaching that maximum.
    """
    full = len(scores) // BLOCK
    if full <= k:
        return np.arange(len(scores))
    maxima = scores[:full * BLOCK].reshape(full, BLOCK).max(axis=1)
    floor = np.partition(maxima, full - k)[full - k]
    blocks = np.flatnonzero(maxima >= floor)
    inside = (blocks[:, None] * BLOCK + np.arange(BLOCK)).ravel()
    return np.concatenate((inside, np.arange(full * BLOCK, len(scores))))
