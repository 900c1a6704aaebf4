"""Benchmark ``index.bm25`` against rank-bm25 on synthetic corpora.

    python -m scripts.bench_bm25 [--sizes 10000,100000,1000000] [--queries 200]

Corpora are seeded and Zipf-distributed (``p(rank r) ∝ 1/r^s`` over a fixed
vocabulary), document lengths uniform around ``--doc-length``. Queries are
five terms: one frequent, two middling, two rare, all present in the corpus.
rank-bm25 gets a Lucene-IDF subclass so both compute the same scores; its
rankings check ours (agreement "up to ties": our ten documents have the same
reference scores as the reference's ten, so equal-scored documents may swap).
rank-bm25 loops over every document in Python, so it runs fewer queries on the
big corpora (``--reference-queries``); the output says how many.
"""
from __future__ import annotations

import argparse
import gc
import math
import resource
import sys
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rank_bm25 import BM25Okapi

from index.bm25 import BM25

TOP = 10
SCORE_RTOL = 1e-5
# Query-term bands by frequency rank: (first rank, last rank, terms drawn).
QUERY_BANDS = ((0, 100, 1), (100, 5_000, 2), (5_000, None, 2))
TARGET_SIZE, TARGET_MEDIAN_MS, TARGET_SPEEDUP = 100_000, 5.0, 30.0


class LuceneBM25Okapi(BM25Okapi):
    """rank-bm25's Okapi loop with Lucene's IDF, the one ``index.bm25`` uses."""

    def _calc_idf(self, nd):
        for word, df in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - df + 0.5) / (df + 0.5))


@dataclass
class Corpus:
    term_ids: np.ndarray      # every token of every document, concatenated
    lengths: np.ndarray       # tokens per document
    vocabulary: list[str]

    @property
    def n_documents(self) -> int:
        return len(self.lengths)

    def token_lists(self) -> list[list[str]]:
        """Documents as lists of (shared) word strings, the input rank-bm25 and ``BM25.fit`` take."""
        words = self.vocabulary
        bounds = np.concatenate(([0], np.cumsum(self.lengths))).tolist()
        lists: list[list[str]] = []
        batch = 10_000  # convert ids to Python ints a batch at a time, not 100M at once
        for first in range(0, self.n_documents, batch):
            last = min(first + batch, self.n_documents)
            ids = self.term_ids[bounds[first]:bounds[last]].tolist()
            offset = bounds[first]
            lists += [[words[i] for i in ids[bounds[d] - offset:bounds[d + 1] - offset]] for d in range(first, last)]
        return lists


def make_corpus(n_documents: int, doc_length: int, vocabulary_size: int, zipf_s: float,
                rng: np.random.Generator) -> Corpus:
    cdf = np.cumsum(1.0 / np.arange(1, vocabulary_size + 1) ** zipf_s)
    cdf /= cdf[-1]
    lengths = rng.integers(doc_length // 2, doc_length * 3 // 2 + 1, size=n_documents)
    total = int(lengths.sum())
    term_ids = np.empty(total, dtype=np.int32)
    step = 10_000_000  # draw in slices to bound the float64 scratch memory
    for start in range(0, total, step):
        stop = min(start + step, total)
        term_ids[start:stop] = np.searchsorted(cdf, rng.random(stop - start), side="right")
    np.minimum(term_ids, vocabulary_size - 1, out=term_ids)  # guard the cdf's last rounding step
    return Corpus(term_ids, lengths, [f"w{i}" for i in range(vocabulary_size)])


def count_matrix(corpus: Corpus) -> sp.csr_matrix:
    rows = np.repeat(np.arange(corpus.n_documents, dtype=np.int32), corpus.lengths)
    data = np.ones(len(corpus.term_ids), dtype=np.float32)
    counts = sp.coo_matrix((data, (rows, corpus.term_ids)),
                           shape=(corpus.n_documents, len(corpus.vocabulary))).tocsr()
    counts.sum_duplicates()
    return counts


def make_queries(df: np.ndarray, vocabulary: list[str], n: int, rng: np.random.Generator) -> list[list[str]]:
    present = np.flatnonzero(df > 0)  # ranks are term ids: id 0 is the most frequent
    queries = []
    for _ in range(n):
        query = []
        for first, last, count in QUERY_BANDS:
            band = present[(present >= first) & (present < (last or len(vocabulary)))]
            query += [vocabulary[i] for i in rng.choice(band, size=count, replace=False)]
        queries.append(query)
    return queries


def nbytes(bm25: BM25) -> int:
    weights = bm25.weights
    vocabulary = sys.getsizeof(bm25.vocabulary) + sum(sys.getsizeof(k) for k in bm25.vocabulary)
    return weights.data.nbytes + weights.indices.nbytes + weights.indptr.nbytes + bm25.idf.nbytes + vocabulary


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def reference_top(scores: np.ndarray, k: int) -> np.ndarray:
    best = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
    best = best[np.lexsort((best, -scores[best]))]
    return best[scores[best] > 0]


def agree_up_to_ties(ours: np.ndarray, reference_scores: np.ndarray, reference_ids: np.ndarray) -> bool:
    """Our documents score (by the reference) what the reference's best documents score."""
    if len(ours) != len(reference_ids):
        return False
    mine = np.sort(reference_scores[ours])[::-1]
    return bool(np.allclose(mine, reference_scores[reference_ids], rtol=SCORE_RTOL, atol=0))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_size(n: int, args: argparse.Namespace, rng: np.random.Generator) -> dict:
    print(f"\n== {n:,} chunks ==", flush=True)
    corpus, seconds = timed(make_corpus, n, args.doc_length, args.vocabulary, args.zipf, rng)
    print(f"corpus: {len(corpus.term_ids):,} tokens, generated in {seconds:.1f} s", flush=True)

    counts, count_seconds = timed(count_matrix, corpus)
    vocabulary = {w: i for i, w in enumerate(corpus.vocabulary)}
    ours, fit_seconds = timed(BM25(k1=args.k1, b=args.b).fit_counts, counts, vocabulary)
    df = np.diff(counts.tocsc().indptr)
    del counts
    queries = make_queries(df, corpus.vocabulary, args.queries, rng)
    for query in queries[:5]:  # warm-up
        ours.top_k(query, TOP)
    latencies, our_results = [], []
    for query in queries:
        result, seconds = timed(ours.top_k, query, TOP)
        latencies.append(seconds)
        our_results.append(result[0])
    median, p95 = np.median(latencies), np.percentile(latencies, 95)
    print(f"ours      build {count_seconds + fit_seconds:7.2f} s (counting {count_seconds:.2f} s + fit_counts "
          f"{fit_seconds:.2f} s)   index {nbytes(ours) / 2**20:8.1f} MiB ({ours.weights.nnz:,} postings)   "
          f"query median {ms(median)}  p95 {ms(p95)}  ({len(queries)} five-term queries)", flush=True)

    row = {"size": n, "build": count_seconds + fit_seconds, "memory": nbytes(ours), "median": median, "p95": p95}
    if args.skip_reference:
        return row
    n_reference = min(len(queries), args.reference_queries.get(n, len(queries)))
    tokens = corpus.token_lists()
    del corpus
    gc.collect()
    from_tokens = timed(BM25(k1=args.k1, b=args.b).fit, tokens)[1]
    gc.collect()
    print(f"ours      build from token lists (BM25.fit, the path index.store takes) {from_tokens:.2f} s", flush=True)
    reference, ref_build = timed(LuceneBM25Okapi, tokens, None, args.k1, args.b)
    del tokens
    gc.collect()
    ref_latencies, exact, tied = [], 0, 0
    for query, ids in zip(queries[:n_reference], our_results):
        scores, seconds = timed(reference.get_scores, query)
        best = reference_top(scores, TOP)
        ref_latencies.append(seconds + timed(reference_top, scores, TOP)[1])
        exact += bool(np.array_equal(ids, best))
        tied += agree_up_to_ties(ids, scores, best)
    ref_median = np.median(ref_latencies)
    print(f"rank-bm25 build {ref_build:7.2f} s   query median {ms(ref_median)}  ({n_reference} queries"
          f"{', fewer: it loops over every document in Python' if n_reference < len(queries) else ''})",
          flush=True)
    print(f"top-{TOP} agreement over {n_reference} queries: {tied / n_reference:.0%} up to ties, "
          f"{exact / n_reference:.0%} identical order;  speed-up {ref_median / median:.0f}x", flush=True)
    del reference
    gc.collect()
    row.update(from_tokens=from_tokens, ref_build=ref_build, ref_median=ref_median, ref_queries=n_reference,
               agreement=tied / n_reference, identical=exact / n_reference, speedup=ref_median / median)
    return row


def summary(rows: list[dict]) -> None:
    print("\n| chunks | our build (ids / tokens) | our index | our median | our p95 | rank-bm25 build "
          "| rank-bm25 median (queries) | speed-up | top-10 agreement (identical order) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        tokens = f" / {r['from_tokens']:.2f} s" if "from_tokens" in r else ""
        reference = (f"{r['ref_build']:.1f} s | {ms(r['ref_median'])} ({r['ref_queries']}) | {r['speedup']:.0f}x | "
                     f"{r['agreement']:.0%} ({r['identical']:.0%})") if "ref_build" in r else "– | – | – | –"
        print(f"| {r['size']:,} | {r['build']:.2f} s{tokens} | {r['memory'] / 2**20:.1f} MiB | {ms(r['median'])} | "
              f"{ms(r['p95'])} | {reference} |")
    target = next((r for r in rows if r["size"] == TARGET_SIZE and "speedup" in r), None)
    if target:
        met = target["median"] * 1000 <= TARGET_MEDIAN_MS and target["speedup"] >= TARGET_SPEEDUP
        print(f"\ntarget at {TARGET_SIZE:,} chunks (median ≤ {TARGET_MEDIAN_MS} ms and ≥ {TARGET_SPEEDUP:.0f}x "
              f"rank-bm25): {'met' if met else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_bm25", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes (chunks)")
    parser.add_argument("--queries", type=int, default=200, help="queries timed on our index")
    parser.add_argument("--reference-queries", default="10000:100,100000:20,1000000:5",
                        help="size:count pairs, queries run through rank-bm25 (the rest of the sizes get --queries)")
    parser.add_argument("--skip-reference", action="store_true", help="time our index only")
    parser.add_argument("--doc-length", type=int, default=120, help="mean tokens per chunk")
    parser.add_argument("--vocabulary", type=int, default=200_000)
    parser.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent s")
    parser.add_argument("--k1", type=float, default=1.2)
    parser.add_argument("--b", type=float, default=0.75)
    parser.add_argument("--seed", type=int, default=20210421)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    args.reference_queries = {int(k): int(v) for k, v in
                              (pair.split(":") for pair in args.reference_queries.split(",") if pair)}
    print(f"BM25 benchmark: sizes {', '.join(f'{s:,}' for s in sizes)}; ~{args.doc_length} tokens per chunk; "
          f"Zipf s={args.zipf} over {args.vocabulary:,} words; k1={args.k1} b={args.b}; seed {args.seed}")
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    rows = [bench_size(n, args, rng) for n in sizes]
    summary(rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"total {time.perf_counter() - started:.0f} s, peak memory {peak:.1f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
