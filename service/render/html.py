"""The document viewer's body: prose and tables, with the cited range marked.

Offsets are exact: the text inside the viewer's marks is exactly
``source[start:end]`` (clipped to each block it crosses), because a reader
checks an answer against what the source says, character for character.
Prose keeps every character of the file; Markdown syntax (``#``, ``*``,
``<sup>``) is kept in the text but wrapped so CSS can hide or style it.
Pipe tables become HTML tables whose cells keep their source offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from index.corpus import Document
from index.tables import SEPARATOR_RE, Table, TableBlock, table_blocks

HEADING_RE = re.compile(r"(#{1,6})([ \t]+)")
RULE_RE = re.compile(r"[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
NUMERIC_RE = re.compile(r"[-+±]?\d[\d.,]*\s*%?")
INLINE_RE = re.compile(
    r"(?P<sup_open><sup>)(?P<sup>[^<\n]{1,12})(?P<sup_close></sup>)"
    r"|(?P<escape>\\)(?P<escaped>[\\`*_{}\[\]()#+\-.!$|])"
    r"|(?P<strong_open>\*\*)(?=\S)(?P<strong>[^*\n]+?)(?<=\S)(?P<strong_close>\*\*)"
    r"|(?P<em_open>\*)(?=\S)(?P<em>[^*\n]+?)(?<=\S)(?P<em_close>\*)"
)
# Which class each part of an inline match gets; markers are "md-syntax" (hidden by CSS).
INLINE_CLASSES = {
    "sup_open": "md-syntax", "sup": "md-sup", "sup_close": "md-syntax",
    "escape": "md-syntax", "escaped": "",
    "strong_open": "md-syntax", "strong": "md-strong", "strong_close": "md-syntax",
    "em_open": "md-syntax", "em": "md-em", "em_close": "md-syntax",
}


@dataclass(frozen=True)
class CitedRange:
    start: int
    end: int
    column: str | None = None   # a column key: highlight that cell of the cited row


class Marker:
    """Hands out the marks of one page: the first one carries ``id="cited"`` (the scroll target)."""

    def __init__(self) -> None:
        self.used = False

    def take_id(self) -> bool:
        first = not self.used
        self.used = True
        return first

    def open_tag(self) -> Markup:
        return Markup('<mark id="cited">') if self.take_id() else Markup("<mark>")


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    css: str = ""


@dataclass(frozen=True)
class ProseSegment:
    html: Markup
    kind: str = "prose"


@dataclass(frozen=True)
class CellView:
    before: str
    marked: str
    after: str
    mark_id: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class RowView:
    cells: tuple[CellView, ...]
    line: int
    child: bool = False       # nested under the row above its block (a share of it)
    cited: bool = False


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class TableSegment:
    title: str
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[RowView, ...]
    kind: str = "table"


@dataclass
class DocumentView:
    segments: list = field(default_factory=list)
    has_mark: bool = False


def overlap(a: int, b: int, cited: CitedRange | None) -> tuple[int, int] | None:
    """The part of [a, b) inside the cited range, or None."""
    if cited is None:
        return None
    lo, hi = max(a, cited.start), min(b, cited.end)
    return (lo, hi) if lo < hi else None


def inline_pieces(text: str, start: int, end: int, base: str) -> list[Piece]:
    pieces: list[Piece] = []
    cursor = start
    for match in INLINE_RE.finditer(text, start, end):
        if match.start() > cursor:
            pieces.append(Piece(cursor, match.start(), base))
        for name, css in INLINE_CLASSES.items():
            if match.group(name) is not None:
                pieces.append(Piece(match.start(name), match.end(name), " ".join(filter(None, (base, css)))))
        cursor = match.end()
    if cursor < end:
        pieces.append(Piece(cursor, end, base))
    return pieces


def prose_pieces(text: str, start: int, end: int) -> list[Piece]:
    """[start, end) cut into styled pieces, line by line, covering every character.

    Only the first of consecutive blank lines shows, and none at the start of a
    block; the rest are kept (offsets stay exact) but hidden, so page-layout
    gaps in a source do not become chasms.
    """
    pieces: list[Piece] = []
    line_start = start
    previous_blank = True
    while line_start < end:
        newline = text.find("\n", line_start, end)
        line_end = end if newline < 0 else newline
        blank = not text[line_start:line_end].strip()
        heading = HEADING_RE.match(text, line_start, line_end)
        if blank:
            hidden = "md-blank" if previous_blank else ""
            if line_end > line_start:
                pieces.append(Piece(line_start, line_end, hidden))
            if newline >= 0:
                pieces.append(Piece(newline, newline + 1, hidden))
        else:
            if heading:
                level = f"md-h{len(heading.group(1))}"
                pieces.append(Piece(line_start, heading.end(), f"md-syntax {level}"))
                pieces.extend(inline_pieces(text, heading.end(), line_end, level))
            elif RULE_RE.match(text, line_start, line_end):
                pieces.append(Piece(line_start, line_end, "md-rule"))
            else:
                pieces.extend(inline_pieces(text, line_start, line_end, ""))
            if newline >= 0:
                pieces.append(Piece(newline, newline + 1))
        previous_blank = blank
        line_start = line_end + 1
    return pieces


def span(text: str, css: str) -> Markup:
    return Markup('<span class="{}">{}</span>').format(css, text) if css else escape(text)


def render_prose(text: str, start: int, end: int, cited: CitedRange | None, marker: Marker) -> Markup:
    """Escaped prose with one mark around exactly the part of the cited range in [start, end)."""
    inside = overlap(start, end, cited)
    out: list[Markup] = []
    in_mark = False
    for piece in prose_pieces(text, start, end):
        cuts = sorted({piece.start, piece.end, *(c for c in inside or () if piece.start < c < piece.end)})
        for a, b in zip(cuts, cuts[1:]):
            marked = inside is not None and inside[0] <= a and b <= inside[1]
            if marked and not in_mark:
                out.append(marker.open_tag())
            elif not marked and in_mark:
                out.append(Markup("</mark>"))
            in_mark = marked
            out.append(span(text[a:b], piece.css))
    if in_mark:
        out.append(Markup("</mark>"))
    return Markup("").join(out)


def cell_spans(line: str, offset: int) -> list[tuple[int, int]]:
    """Absolute [start, end) of each cell's trimmed text in a pipe-table line."""
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    if line.rstrip()[-1:] != "|":
        bounds.append(len(line))
    spans = []
    for left, right in zip(bounds, bounds[1:]):
        cell = line[left + 1:right]
        lead = len(cell) - len(cell.lstrip())
        trimmed = cell.strip()
        spans.append((offset + left + 1 + lead, offset + left + 1 + lead + len(trimmed)))
    return spans


def cell_view(text: str, span_: tuple[int, int], cited: CitedRange | None, marker: Marker) -> CellView:
    a, b = span_
    value = text[a:b]
    numeric = bool(NUMERIC_RE.fullmatch(value))
    part = overlap(a, b, cited)
    if part is None:
        return CellView(value, "", "", numeric=numeric)
    lo, hi = part
    return CellView(text[a:lo], text[lo:hi], text[hi:b], marker.take_id(), numeric)


def table_header(table: Table) -> tuple[tuple[HeaderCell, ...], ...]:
    """The two-row header: a group spans its columns; ungrouped columns span both rows."""
    if not any(c.group for c in table.columns):
        return ((HeaderCell(table.header_label), *(HeaderCell(c.label) for c in table.columns)),)
    top: list[HeaderCell] = [HeaderCell(table.header_label, rowspan=2)]
    second: list[HeaderCell] = []
    index = 0
    while index < len(table.columns):
        column = table.columns[index]
        if column.group is None:
            top.append(HeaderCell(column.label, rowspan=2))
            index += 1
            continue
        run = 0
        while index + run < len(table.columns) and table.columns[index + run].group == column.group:
            second.append(HeaderCell(table.columns[index + run].label))
            run += 1
        top.append(HeaderCell(column.group, colspan=run))
        index += run
    return tuple(top), tuple(second)


def row_view(text: str, line: tuple[int, int, str], width: int | None, cited: CitedRange | None,
             marker: Marker, line_number: int, child: bool = False, column_index: int | None = None) -> RowView:
    """One table line; with ``column_index``, a cited row marks only that cell, whole."""
    start, end, source = line
    spans = cell_spans(source, start)
    if width is not None:
        spans = (spans + [(end, end)] * width)[:width]
    hit = overlap(start, end, cited) is not None
    ranges = [cited] * len(spans)
    if hit and column_index is not None:
        ranges = [CitedRange(*s) if i == column_index else None for i, s in enumerate(spans)]
    cells = tuple(cell_view(text, s, r, marker) for s, r in zip(spans, ranges))
    return RowView(cells, line_number, child, hit)


def table_segment(document: Document, block: TableBlock, table: Table | None,
                  cited: CitedRange | None, marker: Marker) -> TableSegment:
    text = document.text
    if table is None:
        # A fact sheet: no header, every non-empty line is a row as in the source.
        lines = [ln for ln in block.lines if not SEPARATOR_RE.match(ln[2].strip()) and ln[2].strip("| \t")]
        rows = tuple(row_view(text, ln, None, cited, marker, document.line_of(ln[0])) for ln in lines)
        return TableSegment("", (), rows)
    by_start = {ln[0]: ln for ln in block.lines}
    column_index = None
    if cited is not None and cited.column is not None:
        column_index = 1 + [c.key for c in table.columns].index(cited.column)
    rows = tuple(row_view(text, by_start[r.start], 1 + len(table.columns), cited, marker, r.line,
                          child=r.parent is not None, column_index=column_index)
                 for r in table.rows)
    return TableSegment(table.title, table_header(table), rows)


def table_in_range(tables: list[Table], cited: CitedRange) -> Table | None:
    """The table whose rows the cited range falls on, if any."""
    return next((t for t in tables
                 if any(overlap(r.start, r.end, cited) for r in t.rows)), None)


def document_view(document: Document, tables: list[Table], cited: CitedRange | None) -> DocumentView:
    """The body after the front matter as prose and table segments, in source order."""
    marker = Marker()
    view = DocumentView()
    by_start = {t.start: t for t in tables if t.document_id == document.id}
    cursor = document.body_start
    for block in table_blocks(document):
        block_start, block_end = block.lines[0][0], block.lines[-1][1]
        if block_start > cursor:
            view.segments.append(ProseSegment(render_prose(document.text, cursor, block_start, cited, marker)))
        view.segments.append(table_segment(document, block, by_start.get(block_start), cited, marker))
        cursor = block_end
    if cursor < len(document.text):
        view.segments.append(ProseSegment(render_prose(document.text, cursor, len(document.text), cited, marker)))
    view.has_mark = marker.used
    return view
