"""Building the index into a folder with a manifest, and loading it back.

The build writes into a temporary folder beside the target and swaps it in
with renames, so a build that dies half-way leaves the previous index (or
none), never a half-written one. The manifest records the corpus checksum,
the analyzer and format versions and the digest of every index file
(index/storage.py: no file that runs code when read); a mismatch with the
current corpus or code makes the index stale, and ``load_or_build`` rebuilds it.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .analysis import Analyzer
from .bm25 import BM25
from .chunking import Chunk, chunk_document
from .corpus import Document, corpus_checksum, load_corpus
from .factsheets import key_value_facts
from .storage import FILES, DamagedIndex, sha256
from .storage import read as read_files
from .storage import write as write_files
from .tables import Fact, Table, extract
from .tfidf import CharTfidf

FORMAT_VERSION = "2"   # 1 was one pickle
log = logging.getLogger(__name__)
MANIFEST = "manifest.json"


@dataclass
class IndexBundle:
    documents: list[Document]
    chunks: list[Chunk]
    tables: list[Table]
    facts: list[Fact]
    bm25: BM25
    tfidf: CharTfidf
    manifest: dict = field(default_factory=dict)

    def document(self, document_id: str) -> Document | None:
        return self._documents_by_id.get(document_id)

    def table(self, table_id: str) -> Table | None:
        return self._tables_by_id.get(table_id)

    # Looked up for every candidate sentence of every question: a dictionary, not a scan. (A bundle's
    # lists never change; a new generation is a new bundle.)
    @cached_property
    def _documents_by_id(self) -> dict[str, Document]:
        return {d.id: d for d in reversed(self.documents)}

    @cached_property
    def _tables_by_id(self) -> dict[str, Table]:
        return {t.id: t for t in reversed(self.tables)}


def code_checksum() -> str:
    """SHA-256 over the index code and its data files (stop words, furniture patterns): an edit
    to how text is analysed or chunked makes every built index stale, no version bump needed."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *(package / "data").glob("*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_bundle(corpus_dir: Path, k1: float = 1.2, b: float = 0.75) -> IndexBundle:
    analyzer = Analyzer()
    documents = load_corpus(corpus_dir)
    chunks: list[Chunk] = []
    tables: list[Table] = []
    facts: list[Fact] = []
    for document in documents:
        chunks.extend(chunk_document(document))
        extraction = extract(document)
        tables.extend(extraction.tables)
        facts.extend([*extraction.facts, *key_value_facts(document)])
    language = {d.id: d.language for d in documents}
    tokens = [analyzer.terms(c.text, language[c.document_id]) for c in chunks]
    bm25 = BM25(k1=k1, b=b).fit(tokens)
    tfidf = CharTfidf().fit([c.text for c in chunks])
    manifest = {
        "format_version": FORMAT_VERSION,
        "analyzer_version": Analyzer.version,
        "code_checksum": code_checksum(),
        "corpus_checksum": corpus_checksum(corpus_dir),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "bm25": {"k1": k1, "b": b},
        "counts": {"documents": len(documents), "chunks": len(chunks),
                   "tables": len(tables), "facts": len(facts)},
    }
    return IndexBundle(documents, chunks, tables, facts, bm25, tfidf, manifest)


def build(corpus_dir: Path, index_dir: Path, k1: float = 1.2, b: float = 0.75) -> IndexBundle:
    bundle = build_bundle(corpus_dir, k1=k1, b=b)
    index_dir = Path(index_dir)
    # Each build is a new generation, which running servers compare to what they serve.
    bundle.manifest["generation"] = int((read_manifest(index_dir) or {}).get("generation", 0)) + 1
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}-", dir=index_dir.parent))
    try:
        # Every file's digest, checked before it is read: a damaged or replaced file is rebuilt.
        bundle.manifest["files"] = write_files(staging, bundle.documents, bundle.chunks, bundle.tables,
                                               bundle.facts, bundle.bm25, bundle.tfidf)
        (staging / MANIFEST).write_text(json.dumps(bundle.manifest, indent=2), encoding="utf-8")
        retired = index_dir.with_name(f".{index_dir.name}-retired-{os.getpid()}")
        if index_dir.exists():
            os.replace(index_dir, retired)
        os.replace(staging, index_dir)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return bundle


def read_manifest(index_dir: Path) -> dict | None:
    try:
        return json.loads((Path(index_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stale_reason(corpus_dir: Path, index_dir: Path, check_files: bool = True) -> str | None:
    """Why the index must be rebuilt, or None when it is current. Without ``check_files`` the
    index files are not hashed here (``load`` hashes them anyway)."""
    manifest = read_manifest(index_dir)
    if manifest is None or not all((Path(index_dir) / name).exists() for name in FILES):
        return "no index"
    if manifest.get("format_version") != FORMAT_VERSION:
        return "index format changed"
    if manifest.get("analyzer_version") != Analyzer.version:
        return "analyzer changed"
    if manifest.get("code_checksum") != code_checksum():
        return "index code or data changed"
    if manifest.get("corpus_checksum") != corpus_checksum(corpus_dir):
        return "corpus changed"
    files = manifest.get("files") or {}
    if check_files and any(files.get(name) != sha256(Path(index_dir) / name) for name in FILES):
        return "index file damaged"
    return None


def load(index_dir: Path) -> IndexBundle:
    """The built index, after checking every file against the digest its manifest recorded."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise DamagedIndex(f"{Path(index_dir) / MANIFEST} is missing or unreadable; "
                           "run `python -m index build --force`")
    return IndexBundle(*read_files(Path(index_dir), manifest.get("files") or {}), manifest=manifest)


def load_or_build(corpus_dir: Path, index_dir: Path) -> IndexBundle:
    """Load the index, building it first when stale. A lock file beside the index makes
    server workers starting together build it once and load it together."""
    with build_lock(index_dir):
        if stale_reason(corpus_dir, index_dir, check_files=False) is None:
            try:
                return load(index_dir)
            except DamagedIndex as error:
                log.warning("rebuilding the index: %s", error)
        return build(corpus_dir, index_dir)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index, across processes: server workers starting together, and a
    document added through the API while another is added from the command line."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.with_name(f".{index_dir.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
