"""What every reader produces, and how it becomes the corpus's Markdown.

A reader turns a file into ``Block``s: headings, paragraphs and tables. A table
from a grid (a spreadsheet sheet, a CSV file, a Word or HTML table, a PDF page)
keeps the rows above its header that hold a single cell as its title, one or two
header rows, and where it came from ("page 3", "sheet Votos, cells A1:F12").
The Markdown written for it is the pipe-table layout the table extractor reads
(index/tables.py): a title line, header rows above the ``|---|`` line, one row
per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..corpus import DECIMAL_COMMA, DECIMAL_POINT
from ..numbers import is_value

MAX_HEADER_ROWS = 2
SPACE_RE = re.compile(r"\s+")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
MISSING = frozenset({"-", "–", "—"})


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class TableBlock:
    title: str
    header: list[list[str]]
    rows: list[list[str]]
    source: str = ""          # where in the file: "page 3", "sheet Votos, cells A1:F12"

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), max((len(r) for r in self.header + self.rows), default=0)


Block = Heading | Paragraph | TableBlock


@dataclass
class Extracted:
    blocks: list[Block]
    metadata: dict[str, str] = field(default_factory=dict)   # what the file says of itself
    warnings: list[str] = field(default_factory=list)


def clean(text: object) -> str:
    """One line of text: no line breaks, no pipes (they would split a table cell)."""
    if text is None:
        return ""
    value = str(text)
    if value.lower() == "nan":
        return ""
    return SPACE_RE.sub(" ", value.replace("|", "/")).strip()


def column_name(index: int) -> str:
    """Spreadsheet column letters: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def is_numeric_row(row: list[str]) -> bool:
    """A row of figures, in either number convention; years ("2016") head columns, not fill them."""
    cells = [c for c in row[1:] if c and c not in MISSING and not YEAR_RE.fullmatch(c)]
    return bool(cells) and sum(is_value(c, DECIMAL_POINT) or is_value(c, DECIMAL_COMMA)
                               for c in cells) >= len(cells) / 2


def grid_tables(grid: list[list[object]], source: str, warnings: list[str], unit: str = "") -> list[TableBlock]:
    """The tables of a grid of cells (None or "" for an empty cell), each with the rows of one
    cell above it as its title. ``unit``: how ``source`` locates a table, by "cells" (a sheet:
    "sheet Votos, cells A1:F12") or "lines" (a CSV file: "votos.csv, lines 3-12"), or not at all."""
    rows = [[clean(c) for c in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    used = [j for j in range(width) if any(r[j] for r in rows)]
    tables: list[TableBlock] = []
    titles: list[str] = []
    i = 0
    while i < len(rows):
        row = [rows[i][j] for j in used]
        filled = [c for c in row if c]
        if not filled:
            i += 1
            continue
        if len(filled) == 1 and len(used) > 1:
            titles.append(filled[0])
            i += 1
            continue
        start = i
        header: list[list[str]] = []
        while i < len(rows) and len(header) < MAX_HEADER_ROWS and any(rows[i][j] for j in used) \
                and not is_numeric_row([rows[i][j] for j in used]):
            header.append([rows[i][j] for j in used])
            i += 1
        body: list[list[str]] = []
        while i < len(rows) and any(rows[i][j] for j in used):
            body.append([rows[i][j] for j in used])
            i += 1
        if not header or not body:
            warnings.append(f"{source}: rows {start + 1}-{i} are not a table "
                            "(no header row above rows of figures); kept as its title")
            titles.extend(" ".join(c for c in r if c) for r in header + body)
            continue
        where = {"cells": f"{source}, cells {column_name(used[0])}{start + 1}:{column_name(used[-1])}{i}",
                 "lines": f"{source}, lines {start + 1}-{i}"}.get(unit, source)
        tables.append(TableBlock(title=" ".join(titles), header=header, rows=body, source=where))
        titles = []
    return tables


def add_table(blocks: list[Block], table: TableBlock, text_above: str) -> None:
    """Append a table of a text document (Word, HTML), whose provenance is its line in the corpus
    file. Without a title of its own, the paragraph right above is its caption, kept once."""
    if not table.title and text_above:
        table.title = text_above
        if blocks and isinstance(blocks[-1], Paragraph) and blocks[-1].text == text_above:
            blocks.pop()
    table.source = ""
    blocks.append(table)


def pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(blocks: list[Block]) -> str:
    """The body of a corpus document: Markdown headings, paragraphs and pipe tables."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * min(max(block.level, 1), 6) + " " + clean(block.text))
        elif isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                out.append(text)
        else:
            # Where the table is in the original file, then its title right above it (index/tables.py).
            lines = [f"Source: {block.source}", ""] if block.source else []
            lines += [clean(block.title) or "Table", ""]
            width = block.shape[1]
            lines += [pipe_row(r + [""] * (width - len(r))) for r in block.header]
            lines.append(pipe_row(["---"] * width))
            lines += [pipe_row(r + [""] * (width - len(r))) for r in block.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
