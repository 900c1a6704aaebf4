"""Command line: ``python -m index build | add FILE | remove ID | search QUERY | tables | status``."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import library, store
from .ingest import FIELDS, Rejection
from .retrieval import Retriever

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("CORPUS_DIR", ROOT / "corpus"))
DEFAULT_INDEX = Path(os.environ.get("INDEX_DIR", ROOT / "build" / "index"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the index (only when stale, unless --force)")
    build.add_argument("--force", action="store_true")
    build.add_argument("--k1", type=float, default=1.2)
    build.add_argument("--b", type=float, default=0.75)
    search = commands.add_parser("search", help="print the top passages for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5)
    commands.add_parser("tables", help="list every table with its shape and title")
    commands.add_parser("status", help="say whether the index is current")
    add = commands.add_parser("add", help="convert a file (PDF, DOCX, XLSX, HTML, CSV, Markdown, text) into the "
                              "corpus and rebuild the index")
    add.add_argument("file", type=Path)
    for name in FIELDS:
        add.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"the document's {name} (front matter)")
    add.add_argument("--max-bytes", type=int, default=library.DEFAULT_MAX_BYTES)
    remove = commands.add_parser("remove", help="delete a document from the corpus and rebuild the index")
    remove.add_argument("id")
    args = parser.parse_args(argv)

    if args.command in ("add", "remove"):
        try:
            if args.command == "remove":
                report = library.remove(args.id, args.corpus, args.index)
            else:
                report = library.add(args.file.read_bytes(), args.file.name, {k: getattr(args, k) for k in FIELDS},
                                     args.corpus, args.index, args.max_bytes)
        except Rejection as error:
            print(f"refused ({error.code}): {error.message}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
            return 2
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0

    if args.command == "build":
        reason = "forced" if args.force else store.stale_reason(args.corpus, args.index)
        if reason is None:
            print(f"index is current: {args.index}")
            return 0
        started = time.perf_counter()
        bundle = store.build(args.corpus, args.index, k1=args.k1, b=args.b)
        counts = bundle.manifest["counts"]
        print(f"built {args.index} ({reason}) in {time.perf_counter() - started:.2f}s: "
              + ", ".join(f"{v} {k}" for k, v in counts.items()))
        return 0
    if args.command == "status":
        reason = store.stale_reason(args.corpus, args.index)
        print("current" if reason is None else f"stale: {reason}")
        return 0 if reason is None else 1

    bundle = store.load_or_build(args.corpus, args.index)
    if args.command == "search":
        for rank, hit in enumerate(Retriever(bundle).search(args.query, k=args.k), start=1):
            chunk = hit.chunk
            text = " ".join(chunk.text.split())
            print(f"{rank}. {chunk.id} [{chunk.kind}] score={hit.score:.4f} "
                  f"bm25={hit.bm25:.2f} tfidf={hit.tfidf:.3f} §{chunk.section}")
            print(f"   {text[:300]}{'…' if len(text) > 300 else ''}")
        return 0
    for table in bundle.tables:
        rows, cols = table.shape
        print(f"{table.id}  {rows}x{cols}  line {table.line}  {table.title}"
              + (f" ({'; '.join(table.subtitles)})" if table.subtitles else ""))
    print(f"fact sheet: {len(bundle.facts)} facts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
