"""PDF: text and tables per page with pdfplumber, the document's own metadata with pypdf.

Each page becomes a section "PDF page N", so a citation names its page (a heading "Page N"
alone would read as a running header, which the chunker weighs down). A table
pdfplumber finds is cut out of the page's text; the text right above it (its
caption) is its title. Lines are joined into paragraphs, a paragraph ending at a
line that ends a sentence or is much shorter than the page's lines.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .blocks import Extracted, Heading, Paragraph, TableBlock, grid_tables
from .office import UnreadableFile

SHORT_LINE = 0.6       # of the page's longest line: a line this short ends its paragraph
SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’»)]?$")


def read_pdf(data: bytes, name: str) -> Extracted:
    import pdfplumber
    import pypdf
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("the PDF is encrypted; upload a copy without a password")
        info = reader.metadata or {}
        pdf = pdfplumber.open(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as error:   # pypdf and pdfminer raise many kinds for a damaged file
        raise UnreadableFile(f"the PDF cannot be read: {error}") from None
    warnings: list[str] = []
    pages: list[list] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(page_items(page, number))
            except Exception as error:   # one damaged page should not lose the others
                warnings.append(f"page {number} could not be read: {error}")
                pages.append([])
    join_continued(pages)
    blocks: list = []
    for number, items in enumerate(pages, start=1):
        blocks.append(Heading(2, f"PDF page {number}"))
        for item in items:
            if isinstance(item, Paragraph):
                blocks.append(item)
                continue
            where = f"page {item.page}" if item.page == item.last_page else f"pages {item.page}-{item.last_page}"
            for table in grid_tables(item.rows, where, warnings):
                if not table.title and isinstance(blocks[-1], Paragraph):
                    table.title = blocks.pop().text   # the caption right above it
                blocks.append(table)
    if not any(isinstance(b, (Paragraph, TableBlock)) for b in blocks):
        raise UnreadableFile("the PDF has no text layer (a scan?); it cannot be read without OCR")
    metadata = {"title": str(info.get("/Title") or ""), "author": str(info.get("/Author") or ""),
                "date": pdf_date(str(info.get("/CreationDate") or ""))}
    return Extracted(blocks, {k: v for k, v in metadata.items() if v}, warnings)


@dataclass
class Grid:
    rows: list[list[str]]
    page: int
    last_page: int


def page_items(page, number: int) -> list:
    """The page's paragraphs and table grids, top to bottom."""
    items: list = []
    top = 0.0
    for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
        above = page.crop((0, top, page.width, max(top, table.bbox[1])))
        # The line right above a table is its caption, whatever paragraph it would otherwise end.
        *text, caption = (above.extract_text() or "").rstrip().split("\n") or [""]
        items += [Paragraph(p) for p in paragraphs_of("\n".join(text))]
        items += [Paragraph(caption.strip())] if caption.strip() else []
        items.append(Grid(table.extract(), number, number))
        top = table.bbox[3]
    below = page.crop((0, top, page.width, page.height))
    return items + [Paragraph(p) for p in paragraphs_of(below.extract_text() or "")]


def join_continued(pages: list[list]) -> None:
    """A table that ends a page and goes on at the top of the next (its header repeated or not)
    is one table, kept where it starts."""
    open_grid: Grid | None = None
    for items in pages:
        if open_grid is not None and items and isinstance(items[0], Grid) and width(items[0]) == width(open_grid):
            rows = items.pop(0).rows
            repeated = 0
            while repeated < min(len(rows), len(open_grid.rows)) and rows[repeated] == open_grid.rows[repeated]:
                repeated += 1
            open_grid.rows += rows[repeated:]
            open_grid.last_page += 1
            if items:
                open_grid = items[-1] if isinstance(items[-1], Grid) else None
            continue
        open_grid = items[-1] if items and isinstance(items[-1], Grid) else None


def width(grid: Grid) -> int:
    return max((len(r) for r in grid.rows), default=0)


def paragraphs_of(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            continue
        current.append(line)
        if SENTENCE_END_RE.search(line) or len(line) < SHORT_LINE * longest:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return paragraphs


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph, with a word broken by a hyphen at a line's end made whole."""
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def pdf_date(value: str) -> str:
    """"D:20210415103000-05'00'" → "2021-04-15"."""
    found = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?", value)
    if not found:
        return ""
    year, month, day = found.groups()
    return "-".join(p for p in (year, month, day) if p)
