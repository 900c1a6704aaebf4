"""Fixtures for the index library tests: the real corpus, and the poll's tables
read straight from the source lines by a deliberately simple parser of the
tests' own, so the library's extraction is checked against something it does
not share code with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from index.corpus import Document, load_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "corpus"
POLL_ID = "cpi-encuesta-segunda-vuelta-abril-2021"
ARTICLE_ID = "sendero-luminoso-case-study-parameters-1993"


@pytest.fixture(scope="session")
def documents() -> list[Document]:
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def poll(documents) -> Document:
    return next(d for d in documents if d.id == POLL_ID)


@pytest.fixture(scope="session")
def article(documents) -> Document:
    return next(d for d in documents if d.id == ARTICLE_ID)


@dataclass
class SourceCell:
    row: str
    parent: str | None
    column: str
    group: str | None
    value: float
    line: int  # 1-based


@dataclass
class SourceTable:
    title: str
    subtitles: list[str]
    first_line: int  # 1-based line of the header row
    row_labels: list[str]
    columns: list[tuple[str, str | None]]
    cells: list[SourceCell]


# The rows the poll nests under each candidate (and the blank vote) in its certainty table.
CERTAINTY_SUBROWS = (
    "Está muy seguro/a y no piensa cambiar de candidato",
    "Podría cambiar de candidato de aquí al día de las elecciones",
    "No sabe/ no opina",
)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_source_tables(text: str) -> list[SourceTable]:
    """Every pipe table whose header names its first column (the fact sheet's does not).

    Lines are walked once: a run of lines starting with ``|`` is a table, the
    ``|---`` line ends the first header row, a following row with an empty
    first cell is the second header row; the title is the first non-blank line
    above the table that is not a ``- subtitle -`` line.
    """
    lines = text.split("\n")
    tables: list[SourceTable] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith("|"):
            i += 1
        run = list(range(start, i))
        header = _cells(lines[run[0]])
        if not header[0]:
            continue
        assert lines[run[1]].startswith("|---"), f"line {run[1] + 1}: expected the separator"
        body = run[2:]
        second = [""] * len(header)
        if not _cells(lines[body[0]])[0]:
            second = _cells(lines[body[0]])
            body = body[1:]
        columns: list[tuple[str, str | None]] = []
        spanning = None
        for top, below in zip(header[1:], second[1:]):
            spanning = top or spanning
            columns.append((below, spanning) if below else (top, None))

        subtitles: list[str] = []
        j = start - 1
        while not lines[j].strip() or (lines[j].strip().startswith("- ") and lines[j].strip().endswith(" -")):
            if lines[j].strip():
                subtitles.insert(0, lines[j].strip()[2:-2].strip())
            j -= 1
        title = lines[j].strip()

        cells: list[SourceCell] = []
        labels: list[str] = []
        parent = None
        for n in body:
            row = _cells(lines[n])
            label = row[0]
            labels.append(label)
            if label in CERTAINTY_SUBROWS:
                row_parent = parent
            else:
                row_parent, parent = None, label
            for (column, group), raw in zip(columns, row[1:]):
                cells.append(SourceCell(label, row_parent, column, group, float(raw), n + 1))
        tables.append(SourceTable(title, subtitles, start + 1, labels, columns, cells))
    return tables


@pytest.fixture(scope="session")
def source_tables(poll) -> list[SourceTable]:
    return parse_source_tables(poll.text)
