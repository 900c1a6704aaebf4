"""Coverage-guided fuzz targets (atheris) for the parsers that read what users upload.

    python -m scripts.fuzz_targets analyzer|front_matter|tables [libFuzzer flags, e.g. -max_total_time=30]

A target fails when its parser raises anything but the refusal it documents (``CorpusError`` for
front matter), or breaks an invariant (a table's shape matches its rows and columns).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from index.analysis import Analyzer, detect_language
    from index.corpus import CorpusError, parse_front_matter, read_document
    from index.tables import extract

ANALYZER = Analyzer()
FRONT = "---\nid: fuzz\ntitle: Fuzz\nauthor: A\npublisher: P\ndate: 2024-01-01\nlanguage: es\n" \
        "source_url: https://example.org\nkind: poll\n---\n\n"
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-"))


def text_of(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def analyzer(data: bytes) -> None:
    text = text_of(data)
    for language in (None, "en", "es"):
        assert all(isinstance(term, str) and term for term in ANALYZER.terms(text, language))
    assert detect_language(text) in ("en", "es")


def front_matter(data: bytes) -> None:
    try:   # (opened as every front matter is, so that the fuzzer starts inside the block)
        meta, body_start = parse_front_matter("---\n" + text_of(data), "fuzz.md")
    except CorpusError:
        return
    assert isinstance(meta, dict) and body_start >= 0


def tables(data: bytes) -> None:
    path = FOLDER / "fuzz.md"
    path.write_text(FRONT + text_of(data), encoding="utf-8")
    try:
        document = read_document(path)
    except CorpusError:
        return
    for table in extract(document).tables:
        assert table.frame.shape == (len(table.rows), len(table.columns))
        assert 0 <= table.start < table.end <= len(document.text)


TARGETS = {"analyzer": analyzer, "front_matter": front_matter, "tables": tables}


def main() -> None:
    name = sys.argv[1]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
