"""Readers for grids and Word files: CSV (pandas), XLSX (pandas with openpyxl), DOCX (python-docx)."""
from __future__ import annotations

import csv
import io

import pandas as pd

from .blocks import Extracted, Heading, Paragraph, TableBlock, add_table, clean, grid_tables, is_numeric_row


class UnreadableFile(ValueError):
    """The file is of its type but cannot be read (damaged, encrypted, not tabular)."""


def read_csv(data: bytes, name: str) -> Extracted:
    text = data.decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, sep=dialect.delimiter,
                            keep_default_na=False, skip_blank_lines=False)
    except (csv.Error, pd.errors.ParserError) as error:
        raise UnreadableFile(f"the CSV file cannot be read: {error}") from None
    warnings: list[str] = []
    tables = grid_tables(frame.values.tolist(), name, warnings, unit="lines")
    for table in tables:
        table.title = table.title or name.rsplit(".", 1)[0]
    if not tables:
        raise UnreadableFile("the CSV file holds no table: no header row above rows of figures")
    return Extracted(list(tables), {}, warnings)


def read_xlsx(data: bytes, name: str) -> Extracted:
    """A table per sheet (or several, where blank rows separate them), with its cell range."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as error:   # openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile(f"the workbook cannot be read: {error}") from None
    blocks: list = []
    warnings: list[str] = []
    metadata = workbook_metadata(data)
    for sheet, frame in sheets.items():
        grid = frame.where(frame.notna(), None).values.tolist()
        tables = grid_tables(grid, f"sheet {sheet}", warnings, unit="cells")
        if tables:
            blocks.append(Heading(2, f"Sheet {sheet}"))
            for table in tables:
                table.title = table.title or str(sheet)
                blocks.append(table)
    if not any(isinstance(b, TableBlock) for b in blocks):
        raise UnreadableFile("the workbook holds no table: no header row above rows of figures")
    return Extracted(blocks, metadata, warnings)


def workbook_metadata(data: bytes) -> dict[str, str]:
    from openpyxl import load_workbook
    properties = load_workbook(io.BytesIO(data), read_only=True).properties
    found = {"title": properties.title or "", "author": properties.creator or "",
             "date": properties.created.date().isoformat() if properties.created else ""}
    return {k: clean(v) for k, v in found.items() if v}


def read_docx(data: bytes, name: str) -> Extracted:
    """Headings, paragraphs and tables in document order; title, author and date from the core
    properties."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:   # python-docx raises KeyError, ValueError, BadZipFile ... for bad files
        raise UnreadableFile(f"the Word file cannot be read: {error}") from None
    blocks: list = []
    warnings: list[str] = []
    title_above = ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(element, document)
            text = clean(paragraph.text)
            if not text:
                continue
            style = (paragraph.style.name or "") if paragraph.style is not None else ""
            if style.startswith("Heading") and style[-1:].isdigit():
                blocks.append(Heading(int(style[-1]) + 1, text))
            elif style == "Title":
                blocks.append(Heading(1, text))
            else:
                blocks.append(Paragraph(text))
            title_above = text
        elif tag == "tbl":
            grid = [[cell.text for cell in row.cells] for row in Table(element, document).rows]
            for table in grid_tables(dedupe_merged(grid), "a Word table", warnings):
                add_table(blocks, table, title_above)
            title_above = ""
    core = document.core_properties
    metadata = {"title": core.title or "", "author": core.author or "",
                "date": core.created.date().isoformat() if core.created else ""}
    return Extracted(blocks, {k: v for k, v in metadata.items() if v}, warnings)


def dedupe_merged(grid: list[list[str]]) -> list[list[str]]:
    """python-docx repeats a merged header cell's text in every cell it spans; a group label is
    kept once. Rows of figures are left alone (two equal figures side by side are two figures)."""
    return [row if is_numeric_row([clean(c) for c in row])
            else [cell if i == 0 or cell != row[i - 1] else "" for i, cell in enumerate(row)] for row in grid]
