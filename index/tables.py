"""Pipe tables as pandas DataFrames with full provenance, and key-value fact sheets.

A table keeps the headings above it (title and subtitles), its two-row header
flattened into ``group > column`` labels, rows nested under a parent row where
the source nests them, numbers as floats, and the line and offsets of every
row in the source file. A table of mostly text, laid out as section / key /
value, is a fact sheet and becomes a list of ``Fact`` records instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .corpus import Document

SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
NUMBER_RE = re.compile(r"^[-+]?\d+(?:[.,]\d+)?\s*%?$")
SUBTITLE_RE = re.compile(r"^\s*-\s.*\s-\s*$")
GROUP_SEPARATOR = " > "
# Children of a parent row are shares of it: each column of a child block sums to about 100.
CHILD_BLOCK_TOTAL, CHILD_BLOCK_TOLERANCE = 100.0, 1.5


@dataclass(frozen=True)
class Column:
    key: str            # unique flattened label: "group > label" or "label"
    label: str          # as in the source
    group: str | None   # the header above it, where the header has two rows


@dataclass(frozen=True)
class Row:
    key: str            # unique flattened label: "parent > label" or "label"
    label: str
    parent: str | None
    line: int           # 1-based line in the source file
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class Table:
    id: str
    document_id: str
    title: str
    subtitles: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    frame: pd.DataFrame  # index: Row.key, columns: Column.key, float values
    line: int
    start: int
    end: int
    header_label: str = ""   # the label of the row-header column ("Candidato – Partido Político")

    @property
    def shape(self) -> tuple[int, int]:
        return self.frame.shape

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def value(self, row_key: str, column_key: str) -> float | None:
        value = self.frame.at[row_key, column_key]
        return None if pd.isna(value) else float(value)

    def records(self) -> list[dict]:
        return [
            {"row": row.label, "parent_row": row.parent, "line": row.line,
             "values": {c.key: self.value(row.key, c.key) for c in self.columns}}
            for row in self.rows
        ]


@dataclass(frozen=True)
class Fact:
    document_id: str
    section: str | None
    key: str
    value: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class TableBlock:
    lines: tuple[tuple[int, int, str], ...]  # (start offset, end offset, text)


@dataclass
class Extraction:
    tables: list[Table] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def split_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def parse_number(cell: str) -> float | None:
    if not NUMBER_RE.match(cell):
        return None
    return float(cell.rstrip("% ").replace(",", "."))


def table_blocks(document: Document) -> list[TableBlock]:
    found: list[TableBlock] = []
    current: list[tuple[int, int, str]] = []
    offset = document.body_start
    for line in document.text[document.body_start:].split("\n"):
        if line.lstrip().startswith("|"):
            current.append((offset, offset + len(line), line))
        elif current:
            found.append(TableBlock(tuple(current)))
            current = []
        offset += len(line) + 1
    if current:
        found.append(TableBlock(tuple(current)))
    return found


def headings_above(document: Document, start: int) -> tuple[str, tuple[str, ...]]:
    """The title and subtitle lines right above a table (blank lines skipped)."""
    subtitles: list[str] = []
    for line in reversed(document.text[document.body_start:start].split("\n")):
        text = line.strip()
        if not text:
            continue
        if SUBTITLE_RE.match(text):
            subtitles.insert(0, text.strip("- ").strip())
            continue
        if text.startswith("|"):
            break
        return text, tuple(subtitles)
    return "", tuple(subtitles)


def flatten_header(header_rows: list[list[str]], width: int) -> list[tuple[str, str | None]]:
    """(label, group) for each value column from a one- or two-row header.

    A top-row label followed by blank top cells spans them; where the second
    row names the columns under such a span, the top label becomes their group.
    """
    top = (header_rows[0] + [""] * width)[:width]
    second = (header_rows[1] + [""] * width)[:width] if len(header_rows) > 1 else [""] * width
    out: list[tuple[str, str | None]] = []
    span_label = None
    for j in range(width):
        if top[j]:
            span_label = top[j]
        if second[j]:
            out.append((second[j], span_label))
        else:
            out.append((top[j] or span_label or f"column {j + 1}", None))
    return out


def nested_parents(labels: list[str], frame_values: list[list[float | None]]) -> list[int | None]:
    """For each row, the index of its parent row, or None.

    A block of consecutive rows whose labels recur as a block elsewhere in the
    table, and whose values sum to about 100 in every column, are the shares
    of the row just above the block.
    """
    parents: list[int | None] = [None] * len(labels)
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    i = 0
    while i < len(labels):
        j = i
        while j < len(labels) and counts[labels[j]] > 1:
            j += 1
        if j > i and i > 0 and parents[i - 1] is None and _block_sums_to_whole(frame_values[i:j]):
            for k in range(i, j):
                parents[k] = i - 1
            i = j
        else:
            i += 1
    return parents


def _block_sums_to_whole(block: list[list[float | None]]) -> bool:
    if len(block) < 2:
        return False
    for column in zip(*block):
        values = [v for v in column if v is not None]
        if values and abs(sum(values) - CHILD_BLOCK_TOTAL) > CHILD_BLOCK_TOLERANCE:
            return False
    return True


def extract(document: Document) -> Extraction:
    result = Extraction()
    for block in table_blocks(document):
        lines = [line for line in block.lines if not SEPARATOR_RE.match(line[2].strip())]
        cells = [split_cells(text) for _, _, text in lines]
        width = max(len(c) for c in cells)
        value_cells = [c for row in cells for c in row[1:] if c]
        numeric = sum(parse_number(c) is not None for c in value_cells)
        if numeric < len(value_cells) / 2:
            result.facts.extend(_facts(document, lines, cells))
        else:
            result.tables.append(_table(document, block, lines, cells, width, len(result.tables) + 1))
    return result


def _facts(document: Document, lines, cells) -> list[Fact]:
    facts: list[Fact] = []
    section = None
    for (start, end, _), row in zip(lines, cells):
        if not any(row):
            continue
        if len(row) >= 3:
            section = row[0] or section
        key, value = (row[-2], row[-1]) if len(row) >= 2 else (row[0], "")
        if key and value:
            facts.append(Fact(document.id, section, key, value, document.line_of(start), start, end))
    return facts


def _table(document: Document, block: TableBlock, lines, cells, width: int, ordinal: int) -> Table:
    header_rows = [cells[0]]
    body_start = 1
    # Further header rows: a blank first cell and no numbers.
    while body_start < len(cells) and not cells[body_start][0] and all(
            parse_number(c) is None for c in cells[body_start][1:]):
        header_rows.append(cells[body_start])
        body_start += 1
    flat = flatten_header([row[1:] for row in header_rows], width - 1)
    columns = tuple(Column(GROUP_SEPARATOR.join(filter(None, (group, label))), label, group)
                    for label, group in flat)
    body = cells[body_start:]
    body_lines = lines[body_start:]
    labels = [row[0] for row in body]
    values = [[parse_number(c) for c in (row[1:] + [""] * width)[:width - 1]] for row in body]
    parents = nested_parents(labels, values)
    rows = []
    for (start, end, _), label, parent in zip(body_lines, labels, parents):
        parent_label = labels[parent] if parent is not None else None
        rows.append(Row(GROUP_SEPARATOR.join(filter(None, (parent_label, label))), label,
                        parent_label, document.line_of(start), start, end))
    frame = pd.DataFrame(values, index=[r.key for r in rows], columns=[c.key for c in columns], dtype=float)
    title, subtitles = headings_above(document, block.lines[0][0])
    start, end = block.lines[0][0], block.lines[-1][1]
    return Table(
        id=f"{document.id}-t{ordinal}", document_id=document.id, title=title, subtitles=subtitles,
        columns=columns, rows=tuple(rows), frame=frame, line=document.line_of(start),
        start=start, end=end, header_label=cells[0][0],
    )
