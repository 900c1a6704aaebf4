"""Adding and removing documents: one path for the command line and the API.

A file is converted (index/ingest), checked as the corpus reader will read it,
written to the corpus with its original kept in ``corpus/originals/``, and the
index rebuilt, all under the build lock. A file that is refused, or a build that
fails, leaves the corpus and the index as they were: the new files are removed
and the previous index, swapped in atomically by ``store.build``, keeps serving.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import store
from .chunking import chunk_document
from .corpus import CorpusError, corpus_files, read_document
from .ingest import SUFFIXES, Rejection, convert
from .tables import SEPARATOR_RE, split_cells, table_blocks

ORIGINALS = "originals"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def document_files(corpus_dir: Path) -> dict[str, Path]:
    """Each document's id and its file."""
    found = {}
    for path in corpus_files(corpus_dir):
        try:
            found[read_document(path).id] = path
        except (CorpusError, OSError, UnicodeDecodeError):
            found[path.stem] = path
    return found


def original_of(corpus_dir: Path, document_id: str) -> Path | None:
    folder = Path(corpus_dir) / ORIGINALS
    return next((p for p in sorted(folder.glob(f"{document_id}.*"))), None) if folder.is_dir() else None


def check(text: str, name: str) -> None:
    """Read the converted document as the index build will, and refuse a table whose rows do
    not have as many cells as its header."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            document = read_document(path)
        except CorpusError as error:
            raise Rejection(400, "malformed_front_matter", str(error).replace(folder + "/", "")) from None
    for block in table_blocks(document):
        rows = [split_cells(line) for _, _, line in block.lines if not SEPARATOR_RE.match(line.strip())]
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            line = document.line_of(block.lines[0][0])
            raise Rejection(422, "ragged_table", f"The table at line {line} has rows of {sorted(widths)} cells; "
                            "every row must have as many cells as its header.")


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_bytes(data)
    os.replace(staging, path)


def add(data: bytes, filename: str, fields: dict[str, str | None], corpus_dir: Path, index_dir: Path,
        max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Add a file to the corpus and rebuild the index; the ingestion report."""
    corpus_dir = Path(corpus_dir)
    conversion = convert(data, filename, fields, max_bytes)
    target = corpus_dir / f"{conversion.id}.md"
    check(conversion.text, target.name)
    with store.build_lock(index_dir):
        if conversion.id in document_files(corpus_dir) or target.exists():
            raise Rejection(409, "duplicate_id", f"A document with the id {conversion.id!r} exists; "
                            "give another id, or delete that document first.")
        original = corpus_dir / ORIGINALS / f"{conversion.id}{SUFFIXES[conversion.format]}"
        write_atomically(original, data)
        write_atomically(target, conversion.text.encode("utf-8"))
        try:
            bundle = store.build(corpus_dir, index_dir)
        except Exception as error:
            target.unlink(missing_ok=True)
            original.unlink(missing_ok=True)
            raise Rejection(422, "build_failed", f"The index could not be built with this document: {error}") from None
    return {**describe(bundle, conversion.id, corpus_dir), "format": conversion.format,
            "warnings": conversion.warnings}


def remove(document_id: str, corpus_dir: Path, index_dir: Path) -> dict:
    """Delete a document (and its original) and rebuild the index; the new index's summary."""
    corpus_dir = Path(corpus_dir)
    with store.build_lock(index_dir):
        path = document_files(corpus_dir).get(document_id)
        if path is None:
            raise Rejection(404, "unknown_document", f"No document has the id {document_id!r}.")
        kept = path.read_bytes()
        original = original_of(corpus_dir, document_id)
        path.unlink()
        try:
            bundle = store.build(corpus_dir, index_dir)
        except Exception as error:
            write_atomically(path, kept)
            raise Rejection(422, "build_failed", f"The index could not be rebuilt without it: {error}") from None
        if original is not None:
            original.unlink(missing_ok=True)
    return {"deleted": document_id, "index": index_summary(bundle)}


def index_summary(bundle: store.IndexBundle) -> dict:
    manifest = bundle.manifest
    return {"generation": manifest.get("generation"), "built_at": manifest.get("built_at"),
            "counts": manifest.get("counts")}


def describe(bundle: store.IndexBundle, document_id: str, corpus_dir: Path | None = None) -> dict:
    """What the index holds of one document: metadata, sections, passages, tables, facts."""
    document = bundle.document(document_id)
    if document is None:
        raise Rejection(404, "unknown_document", f"No document has the id {document_id!r}.")
    chunks = [c for c in bundle.chunks if c.document_id == document_id] or chunk_document(document)
    original = original_of(corpus_dir, document_id) if corpus_dir else None
    return {
        "document": document.metadata(),
        "original": original.name if original else None,
        "sections": list(dict.fromkeys(c.section for c in chunks if c.section)),
        "passages": len(chunks),
        "tables": [{"id": t.id, "title": t.title, "rows": t.shape[0], "columns": t.shape[1], "line": t.line}
                   for t in bundle.tables if t.document_id == document_id],
        "facts": sum(f.document_id == document_id for f in bundle.facts),
        "index": index_summary(bundle),
    }
