"""Hybrid passage retrieval: BM25 and character TF-IDF fused by reciprocal rank.

BM25 rewards exact (stemmed) terms; the character n-gram TF-IDF catches
misspellings and cross-language cognates. Reciprocal rank fusion combines the
two rankings without having to calibrate their scores against each other;
the raw scores stay on each hit so callers can judge how strong the evidence is.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .analysis import Analyzer
from .chunking import ASIDE, BODY, CAPTION, FURNITURE, NOTES, Chunk
from .store import IndexBundle

RRF_K = 60
# How much a passage of each kind counts: page furniture must not drown the body.
KIND_WEIGHTS = {BODY: 1.0, NOTES: 0.6, ASIDE: 0.6, CAPTION: 0.5, FURNITURE: 0.4}


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float       # fused score, used for ranking
    bm25: float
    tfidf: float


class Retriever:
    def __init__(self, bundle: IndexBundle, analyzer: Analyzer | None = None) -> None:
        self.bundle = bundle
        self.analyzer = analyzer or Analyzer()
        self.kind_weight = np.array([KIND_WEIGHTS.get(c.kind, 1.0) for c in bundle.chunks], dtype=np.float32)

    def search(self, query: str, k: int = 10, candidates: int = 50) -> list[Hit]:
        terms = self.analyzer.terms(query)
        bm25 = self.bundle.bm25.scores(terms)
        tfidf = self.bundle.tfidf.scores(query)
        fused = np.zeros(len(self.bundle.chunks), dtype=np.float32)
        for scores in (bm25, tfidf):
            order = np.argsort(-scores, kind="stable")[:candidates]
            order = order[scores[order] > 0]
            fused[order] += 1.0 / (RRF_K + np.arange(1, len(order) + 1))
        fused *= self.kind_weight
        best = np.argsort(-fused, kind="stable")[:k]
        return [Hit(self.bundle.chunks[i], float(fused[i]), float(bm25[i]), float(tfidf[i]))
                for i in best if fused[i] > 0]
