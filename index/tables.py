"""Pipe tables as pandas DataFrames with full provenance, and key-value fact sheets.

A table keeps the headings above it (title and subtitles, Markdown markers
stripped, captions such as "Fuente: ..." skipped), its header of one to three
rows flattened into ``group > subgroup > column`` labels, rows nested under a
parent row where the source nests them, numbers as floats read with the
document's one number convention (index/numbers.py; missing values are NaN),
and the line and offsets of every row in the source file. Row and column keys
are unique: a repeated label gets " (2)", " (3)"... A table of mostly text,
laid out as section / key / value, is a fact sheet and becomes a list of
``Fact`` records instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .corpus import DECIMAL_POINT, Document
from .nesting import nested_parents
from .numbers import detect_format, is_value, parse_number

SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
SUBTITLE_RE = re.compile(r"^\s*-\s.*\s-\s*$")
ATX_RE = re.compile(r"^#{1,6}\s+|\s+#+\s*$")
STRONG_RE = re.compile(r"(\*\*|__)(.+?)\1")
EMPHASIS_RE = re.compile(r"(?<!\w)([*_])(.+?)\1(?!\w)")
CAPTION_RE = re.compile(r"^(fuente|source|sources|nota|notas|note|notes|base|elaboración)\s*:", re.IGNORECASE)
YEAR_RE = re.compile(r"^(19|20)\d\d$")
SOURCE_RE = re.compile(r"^Source:\s*(.+)$")
GROUP_SEPARATOR = " > "


@dataclass(frozen=True)
class Column:
    key: str            # unique flattened label: "group > subgroup > label", "group > label" or "label"
    label: str          # as in the source
    group: str | None   # the outermost header above it, where the header has two or three rows
    subgroup: str | None = None  # the header between group and label, in a three-row header


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
    number_format: str = DECIMAL_POINT  # the convention the document's numbers were read with
    source: str = ""         # where in the original file: "page 3", "sheet Votos, cells A1:F12"

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
    number_format: str = DECIMAL_POINT


def split_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


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


def strip_markers(text: str) -> str:
    """A heading line without its Markdown: "## **Title**" → "Title"."""
    text = ATX_RE.sub("", text.strip())
    return EMPHASIS_RE.sub(r"\2", STRONG_RE.sub(r"\2", text)).strip()


def source_above(document: Document, start: int) -> str:
    """The "Source: page 3" line a converted file puts above a table's title (index/ingest)."""
    for line in document.text[document.body_start:start].split("\n")[-5:]:
        found = SOURCE_RE.match(line.strip())
        if found:
            return found.group(1).strip()
    return ""


def headings_above(document: Document, start: int) -> tuple[str, tuple[str, ...]]:
    """The title and subtitle lines right above a table (blank lines, rules and captions skipped)."""
    subtitles: list[str] = []
    for line in reversed(document.text[document.body_start:start].split("\n")):
        text = strip_markers(line)
        if not text.strip("-*_= ") or CAPTION_RE.match(text):
            continue
        if text.startswith("|"):
            break
        if SUBTITLE_RE.match(text):
            subtitles.insert(0, text.strip("- ").strip())
            continue
        return re.sub(r"^-\s+|\s+-$", "", text), tuple(subtitles)
    return "", tuple(subtitles)


def header_paths(header_rows: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """Each value column's labels, outermost first, from a header of one to three rows.

    A label followed by blank cells in its header row spans them, up to where a
    row above it starts a new label. A column's own label is its lowest
    non-blank header cell; the labels spanning it from the rows above are its
    groups.
    """
    rows = [(row + [""] * width)[:width] for row in header_rows]
    spans: list[list[str]] = []
    for level, row in enumerate(rows):
        current, spanned = "", []
        for j, cell in enumerate(row):
            if any(upper[j] for upper in rows[:level]):
                current = ""
            current = cell or current
            spanned.append(current)
        spans.append(spanned)
    paths: list[tuple[str, ...]] = []
    for j in range(width):
        own = [level for level, row in enumerate(rows) if row[j]]
        if own:
            path = [span[j] for span in spans[:own[-1]] if span[j]] + [rows[own[-1]][j]]
        else:
            path = [span[j] for span in spans if span[j]] or [f"column {j + 1}"]
        paths.append(tuple(path))
    return paths


def unique_keys(keys: list[str]) -> list[str]:
    """Repeats numbered ("Otros", "Otros (2)") so that keys can index a DataFrame."""
    taken, seen, out = set(keys), set(), []
    for key in keys:
        unique, n = key, 1
        # A numbered key must not collide with a label the source itself spells that way.
        while unique in seen or (unique != key and unique in taken):
            n += 1
            unique = f"{key} ({n})"
        seen.add(unique)
        out.append(unique)
    return out


def extract(document: Document) -> Extraction:
    parsed = []
    for block in table_blocks(document):
        kept = [not SEPARATOR_RE.match(text.strip()) for _, _, text in block.lines]
        lines = [line for line, keep in zip(block.lines, kept) if keep]
        if not lines:   # a lone |---| line is no table (found by fuzzing: it crashed the parser)
            continue
        # Rows above the |---| line are header rows, however many the converter wrote.
        head = max(1, kept.index(False)) if False in kept else 1
        parsed.append((block, lines, [split_cells(text) for _, _, text in lines], head))
    number_format = document.number_format or detect_format(
        cell for _, _, cells, _ in parsed for row in cells for cell in row[1:])
    result = Extraction(number_format=number_format)
    for block, lines, cells, head in parsed:
        value_cells = [c for row in cells[head:] for c in row[1:] if c]
        if sum(is_value(c, number_format) for c in value_cells) < len(value_cells) / 2:
            result.facts.extend(_facts(document, lines, cells))
        else:
            result.tables.append(_table(document, block, lines, cells, head, number_format,
                                        len(result.tables) + 1))
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


def _table(document: Document, block: TableBlock, lines, cells, head: int, number_format: str,
           ordinal: int) -> Table:
    width = max(len(c) for c in cells)
    body_start = head
    # Further header rows: a blank first cell and no values (a row of years names columns too).
    while body_start < len(cells) and not cells[body_start][0] and not any(
            is_value(c, number_format) and not YEAR_RE.match(c) for c in cells[body_start][1:]):
        body_start += 1
    header_rows = [row for row in cells[:body_start] if any(row)]
    columns = []
    paths = header_paths([row[1:] for row in header_rows], width - 1)
    for key, path in zip(unique_keys([GROUP_SEPARATOR.join(p) for p in paths]), paths):
        columns.append(Column(key, path[-1], path[0] if len(path) > 1 else None,
                              GROUP_SEPARATOR.join(path[1:-1]) or None))
    body = [(line, row) for line, row in zip(lines[body_start:], cells[body_start:]) if any(row)]
    labels = [row[0] for _, row in body]
    values = [[parse_number(c, number_format) for c in (row[1:] + [""] * width)[:width - 1]]
              for _, row in body]
    blank = [not any(c.strip() for c in row[1:]) for _, row in body]
    parents = [labels[p] if p is not None else None for p in nested_parents(labels, values, blank)]
    keys = unique_keys([GROUP_SEPARATOR.join(filter(None, (p, label))) for p, label in zip(parents, labels)])
    rows = tuple(Row(key, label, parent, document.line_of(start), start, end)
                 for key, label, parent, ((start, end, _), _) in zip(keys, labels, parents, body))
    frame = pd.DataFrame(values, index=[r.key for r in rows], columns=[c.key for c in columns], dtype=float)
    title, subtitles = headings_above(document, block.lines[0][0])
    start, end = block.lines[0][0], block.lines[-1][1]
    return Table(
        id=f"{document.id}-t{ordinal}", document_id=document.id, title=title, subtitles=subtitles,
        columns=tuple(columns), rows=rows, frame=frame, line=document.line_of(start), start=start,
        end=end, header_label=next((row[0] for row in header_rows if row[0]), ""),
        number_format=number_format, source=source_above(document, start),
    )
