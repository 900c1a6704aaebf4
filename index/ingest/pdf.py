"""PDF: text and tables per page with pdfplumber, the document's own metadata with pypdf.

Each page becomes a section "Page N", so a citation names its page. A table
pdfplumber finds is cut out of the page's text; the text right above it (its
caption) is its title. Lines are joined into paragraphs, a paragraph ending at a
line that ends a sentence or is much shorter than the page's lines.
"""
from __future__ import annotations

import io
import re

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
    blocks: list = []
    warnings: list[str] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                blocks.append(Heading(2, f"Page {number}"))
                blocks.extend(page_blocks(page, number, warnings))
            except Exception as error:   # one damaged page should not lose the others
                warnings.append(f"page {number} could not be read: {error}")
    if not any(isinstance(b, (Paragraph, TableBlock)) for b in blocks):
        raise UnreadableFile("the PDF has no text layer (a scan?); it cannot be read without OCR")
    metadata = {"title": str(info.get("/Title") or ""), "author": str(info.get("/Author") or ""),
                "date": pdf_date(str(info.get("/CreationDate") or ""))}
    return Extracted(blocks, {k: v for k, v in metadata.items() if v}, warnings)


def page_blocks(page, number: int, warnings: list[str]) -> list:
    found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    blocks: list = []
    top = 0.0
    for table in found:
        above = page.crop((0, top, page.width, max(top, table.bbox[1])))
        paragraphs = paragraphs_of(above.extract_text() or "")
        tables = grid_tables(table.extract(), f"page {number}", warnings)
        for extracted in tables:
            if not extracted.title and paragraphs:
                extracted.title = paragraphs.pop()   # the caption right above it
        blocks += [Paragraph(p) for p in paragraphs] + tables
        top = table.bbox[3]
    below = page.crop((0, top, page.width, page.height))
    blocks += [Paragraph(p) for p in paragraphs_of(below.extract_text() or "")]
    return blocks


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
