"""The index's files: JSON records and NumPy arrays, nothing that runs code when read.

A pickle executes whatever its bytes say when it is loaded; these files are only
parsed. Documents, passages, tables and facts are JSON records; the BM25 and
character TF-IDF matrices are ``.npz`` arrays read with ``allow_pickle=False``,
their vocabularies JSON. ``write`` returns the SHA-256 of every file, which the
manifest keeps; ``read`` checks each file against it before parsing it.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import os
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .bm25 import BM25
from .chunking import Chunk
from .corpus import Document
from .tables import Column, Fact, Row, Table
from .tfidf import CharTfidf

RECORDS, BM25_ARRAYS, BM25_TERMS = "records.json", "bm25.npz", "bm25_vocabulary.json"
TFIDF_ARRAYS, TFIDF_TERMS = "tfidf.npz", "tfidf_vocabulary.json"
FILES = (RECORDS, BM25_ARRAYS, BM25_TERMS, TFIDF_ARRAYS, TFIDF_TERMS)


class DamagedIndex(RuntimeError):
    """An index file is missing, or differs from the digest its manifest recorded."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_record(table: Table) -> dict:
    record = {f.name: getattr(table, f.name) for f in fields(Table) if f.name != "frame"}
    record["columns"] = [asdict(c) for c in table.columns]
    record["rows"] = [asdict(r) for r in table.rows]
    values = table.frame.to_numpy(dtype=float)
    record["frame"] = {"index": list(table.frame.index), "columns": list(table.frame.columns),
                       "values": [[None if math.isnan(v) else v for v in row] for row in values.tolist()]}
    return record


def table_from(record: dict) -> Table:
    frame = record.pop("frame")
    values = np.array([[np.nan if v is None else v for v in row] for row in frame["values"]], dtype=float)
    return Table(**{**record, "subtitles": tuple(record["subtitles"]),
                    "columns": tuple(Column(**c) for c in record["columns"]),
                    "rows": tuple(Row(**r) for r in record["rows"]),
                    "frame": pd.DataFrame(values.reshape(len(frame["index"]), len(frame["columns"])),
                                          index=frame["index"], columns=frame["columns"])})


def matrix_arrays(matrix: sp.csc_matrix | None) -> dict[str, np.ndarray]:
    if matrix is None:
        return {}
    return {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
            "shape": np.array(matrix.shape, dtype=np.int64)}


def matrix_from(arrays) -> sp.csc_matrix | None:
    if "data" not in arrays:
        return None
    return sp.csc_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"]))


def write(folder: Path, documents: list[Document], chunks: list[Chunk], tables: list[Table],
          facts: list[Fact], bm25: BM25, tfidf: CharTfidf) -> dict[str, str]:
    """Write the index's files into ``folder`` (flushed to disk); their SHA-256 digests."""
    records = {"documents": [asdict(d) for d in documents], "chunks": [asdict(c) for c in chunks],
               "tables": [table_record(t) for t in tables], "facts": [asdict(f) for f in facts],
               "bm25": {"k1": bm25.k1, "b": bm25.b}, "tfidf": {"ngram_range": list(tfidf.ngram_range),
                                                             "size": tfidf.size}}
    texts = {RECORDS: records, BM25_TERMS: bm25.vocabulary, TFIDF_TERMS: tfidf.vocabulary}
    for name, value in texts.items():
        with open(folder / name, "w", encoding="utf-8") as file:
            json.dump(value, file, ensure_ascii=False, allow_nan=False)
            file.flush()
            os.fsync(file.fileno())
    arrays = {BM25_ARRAYS: {**matrix_arrays(bm25.weights), "idf": bm25.idf},
              TFIDF_ARRAYS: {**matrix_arrays(tfidf.matrix), "idf": tfidf.idf}}
    for name, value in arrays.items():
        with open(folder / name, "wb") as file:
            np.savez(file, **value)
            file.flush()
            os.fsync(file.fileno())
    return {name: sha256(folder / name) for name in FILES}


def verified(folder: Path, name: str, digests: dict[str, str]) -> bytes:
    path = folder / name
    try:
        content = path.read_bytes()
    except OSError as error:
        raise DamagedIndex(f"{path} cannot be read ({error}); run `python -m index build --force`") from None
    if digests.get(name) != hashlib.sha256(content).hexdigest():
        raise DamagedIndex(f"{path} does not match its manifest: damaged or replaced; "
                           "run `python -m index build --force`")
    return content


def read(folder: Path, digests: dict[str, str]) -> tuple:
    """(documents, chunks, tables, facts, bm25, tfidf) from ``folder``, every file checked first."""
    content = {name: verified(folder, name, digests) for name in FILES}
    records = json.loads(content[RECORDS])
    bm25 = BM25(k1=records["bm25"]["k1"], b=records["bm25"]["b"])
    with np.load(io.BytesIO(content[BM25_ARRAYS]), allow_pickle=False) as arrays:
        bm25.weights, bm25.idf = matrix_from(arrays), arrays["idf"]
    bm25.vocabulary = json.loads(content[BM25_TERMS])
    tfidf = CharTfidf(tuple(records["tfidf"]["ngram_range"]))
    with np.load(io.BytesIO(content[TFIDF_ARRAYS]), allow_pickle=False) as arrays:
        tfidf.matrix, tfidf.idf = matrix_from(arrays), arrays["idf"]
    tfidf.vocabulary, tfidf.size = json.loads(content[TFIDF_TERMS]), records["tfidf"]["size"]
    documents = [Document(**d) for d in records["documents"]]
    chunks = [Chunk(**c) for c in records["chunks"]]
    tables = [table_from(t) for t in records["tables"]]
    facts = [Fact(**f) for f in records["facts"]]
    return documents, chunks, tables, facts, bm25, tfidf
