"""Our sparse BM25 against rank-bm25's reference loop, given Lucene's IDF."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest
import scipy.sparse as sp
from rank_bm25 import BM25Okapi

from index.analysis import Analyzer
from index.bm25 import BM25, top_k

RTOL = 1e-5


class LuceneBM25Okapi(BM25Okapi):
    """rank-bm25's Okapi scoring with Lucene's IDF, which is what ``index.bm25`` promises."""

    def _calc_idf(self, nd):
        for word, df in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - df + 0.5) / (df + 0.5))


def random_corpus(seed: int, n_docs: int, vocabulary: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    weights = [1 / (i + 1) for i in range(vocabulary)]  # Zipf-like: some terms are in most documents
    return [rng.choices(words, weights, k=rng.randint(1, 40)) for _ in range(n_docs)]


def random_queries(seed: int, vocabulary: int, n: int) -> list[list[str]]:
    rng = random.Random(seed)
    queries = [[f"w{rng.randrange(vocabulary)}" for _ in range(rng.randint(1, 6))] for _ in range(n)]
    queries.append(["w0", "w0", "w3"])           # a repeated term counts twice
    queries.append(["w1", "never-seen"])         # unknown terms add nothing
    return queries


def assert_scores_match(ours: np.ndarray, reference: np.ndarray) -> None:
    assert ours.shape == reference.shape
    np.testing.assert_allclose(ours, reference, rtol=RTOL, atol=1e-6)


@pytest.mark.parametrize("k1, b", [(1.2, 0.75), (1.5, 0.75), (0.9, 0.4), (2.0, 1.0), (1.2, 0.0)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_equal_the_reference_on_random_corpora(seed, k1, b):
    corpus = random_corpus(seed, n_docs=150, vocabulary=60)
    ours = BM25(k1=k1, b=b).fit(corpus)
    reference = LuceneBM25Okapi(corpus, k1=k1, b=b)
    for query in random_queries(seed, 60, 40):
        assert_scores_match(ours.scores(query), reference.get_scores(query))


def test_k1_and_b_change_the_scores():
    corpus = random_corpus(7, n_docs=50, vocabulary=30)
    query = ["w1", "w5", "w9"]
    default = BM25().fit(corpus).scores(query)
    assert not np.allclose(default, BM25(k1=2.0).fit(corpus).scores(query))
    assert not np.allclose(default, BM25(b=0.2).fit(corpus).scores(query))


def test_fit_counts_equals_fit():
    corpus = random_corpus(11, n_docs=80, vocabulary=40)
    vocabulary = {f"w{i}": i for i in range(40)}
    rows = np.repeat(np.arange(len(corpus)), [len(d) for d in corpus])
    cols = np.array([vocabulary[t] for d in corpus for t in d])
    counts = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(corpus), 40))
    from_counts = BM25().fit_counts(counts, vocabulary)
    from_tokens = BM25().fit(corpus)
    for query in random_queries(11, 40, 20):
        np.testing.assert_allclose(from_counts.scores(query), from_tokens.scores(query), rtol=RTOL)
        ids = from_counts.term_ids(query)
        np.testing.assert_array_equal(from_counts.scores_for_ids(ids), from_counts.scores(query))


def test_idf_is_positive_for_a_term_in_every_document():
    corpus = [["common", f"rare{i}"] + ["filler"] * i for i in range(20)]
    bm25 = BM25().fit(corpus)
    idf = bm25.idf[bm25.vocabulary["common"]]
    assert idf > 0
    assert idf == pytest.approx(math.log(1 + 0.5 / 20.5), rel=RTOL)
    assert (bm25.scores(["common"]) > 0).all()
    assert (bm25.idf > 0).all()
    assert_scores_match(bm25.scores(["common", "rare3"]), LuceneBM25Okapi(corpus, k1=1.2, b=0.75).get_scores(["common", "rare3"]))


def test_top_k_is_best_first_positive_only_and_breaks_ties_by_document_order():
    corpus = [["a", "b"], ["c"], ["a", "b"], ["a"], ["b", "b", "b"], ["d"], ["a", "b"]]
    bm25 = BM25().fit(corpus)
    scores = bm25.scores(["a", "b"])
    ids, top = bm25.top_k(["a", "b"], k=10)
    assert list(ids) == sorted(np.flatnonzero(scores > 0), key=lambda i: (-scores[i], i))
    assert list(ids[:3]) == [0, 2, 6]           # three equal scores, in document order
    np.testing.assert_array_equal(top, scores[ids])
    assert 1 not in ids and 5 not in ids         # no shared term, no place in the ranking
    ids2, _ = bm25.top_k(["a", "b"], k=2)
    assert list(ids2) == [0, 2]
    assert len(bm25.top_k(["a", "b"], k=0)[0]) == 0


def test_a_tie_at_the_cut_goes_to_the_earlier_documents():
    # Documents 30-34 score best; the sixty others tie below them.
    corpus = [["a", "b"]] * 30 + [["a", "a"]] * 5 + [["a", "b"]] * 30
    bm25 = BM25().fit(corpus)
    for k in range(6, 30):
        assert list(bm25.top_k(["a"], k=k)[0]) == [30, 31, 32, 33, 34] + list(range(k - 5))


def test_top_k_agrees_with_a_full_sort_on_a_random_corpus():
    corpus = random_corpus(5, n_docs=300, vocabulary=80)
    bm25 = BM25().fit(corpus)
    for query in random_queries(5, 80, 30):
        scores = bm25.scores(query)
        for k in (1, 5, 10, 1000):
            ids, top = bm25.top_k(query, k=k)
            expected = sorted(np.flatnonzero(scores > 0), key=lambda i: (-scores[i], i))[:k]
            assert list(ids) == expected
            assert np.all(np.diff(top) <= 0)


def expected_top(scores: np.ndarray, k: int) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    return [int(i) for i in positive[np.lexsort((positive, -scores[positive]))][:k]]


@pytest.mark.parametrize("n", [5, 1_000, 40_000, 250_000])
@pytest.mark.parametrize("distinct", [3, 50, None])
def test_top_k_of_large_score_arrays_matches_a_full_sort(n, distinct):
    # Few distinct values means many ties, at the cut and across the blocks top_k scans.
    rng = np.random.default_rng(n)
    scores = rng.random(n).astype(np.float32)
    if distinct:
        scores = np.floor(scores * distinct).astype(np.float32) / distinct
    scores[rng.random(n) < 0.3] = 0
    for k in (1, 10, 100, 5_000):
        ids, top = top_k(scores, k)
        assert ids.tolist() == expected_top(scores, k)
        np.testing.assert_array_equal(top, scores[ids])


def test_top_k_finds_the_best_in_a_tail_shorter_than_a_block():
    scores = np.zeros(50_000 + 7, dtype=np.float32)
    scores[-1], scores[-3], scores[10] = 3.0, 2.0, 1.0
    assert top_k(scores, 2)[0].tolist() == [50_006, 50_004]
    assert top_k(scores, 5)[0].tolist() == [50_006, 50_004, 10]


def test_empty_and_unknown_queries_score_nothing():
    bm25 = BM25().fit(random_corpus(3, n_docs=20, vocabulary=10))
    for query in ([], ["never-seen"], ["never-seen", "also-not"]):
        scores = bm25.scores(query)
        assert scores.shape == (20,) and not scores.any()
        ids, top = bm25.top_k(query, k=5)
        assert len(ids) == 0 and len(top) == 0
    assert not bm25.scores_for_ids([]).any()


QUESTIONS = [
    "How many deaths did the Shining Path cause?",
    "Who captured Abimael Guzman and where?",
    "drug traffickers Upper Huallaga Valley coca",
    "human rights record of the army",
    "¿Cuál es la intención de voto de Pedro Castillo en Lima y Callao?",
    "margen de error de la encuesta",
    "Ashaninka Indians", "Fujimori Montesinos coup", "24,000", "militias villages helicopters",
]


def test_scores_equal_the_reference_on_the_real_chunks(bundle):
    analyzer = Analyzer()
    language = {d.id: d.language for d in bundle.documents}
    tokens = [analyzer.terms(c.text, language[c.document_id]) for c in bundle.chunks]
    reference = LuceneBM25Okapi(tokens, k1=bundle.bm25.k1, b=bundle.bm25.b)
    queries = [analyzer.terms(q) for q in QUESTIONS]
    rng = random.Random(0)
    queries += [rng.sample(t, min(len(t), 5)) for t in tokens if t]   # a query from every chunk
    assert bundle.bm25.n_documents == len(bundle.chunks)
    for query in queries:
        assert_scores_match(bundle.bm25.scores(query), reference.get_scores(query))


def test_char_tfidf_scores_equal_scikit_learns_transform():
    from index.tfidf import CharTfidf
    texts = ["Sendero Luminoso was founded in 1970.", "La encuesta tiene un margen de error de 2.8%.",
             "Terrorism and terrorismo share n-grams.", ""]
    model = CharTfidf().fit(texts)
    for query in ("founded by whom", "margen de error", "terrorismo", "zzz"):
        expected = (model.matrix @ model.vectorizer.transform([query]).T).toarray().ravel()
        assert np.allclose(model.scores(query), expected, atol=1e-6)
