"""Figures, citations and charts for table cells: the provenance of every number."""
from __future__ import annotations

import re

from index.corpus import Document
from index.tables import Column, Row, Table

from .answer import Bar, Chart, Citation, Figure, Series

PERCENT_CELL_RE = re.compile(r"\d\s*%\s*\|")


def table_unit(document: Document, table: Table) -> str | None:
    """The unit of a table's figures: the document's ``table_unit``, else "%" when the table's
    cells print it ("40,3%"), or its title or a column label says so ("... (%)", a column "%")."""
    declared = document.extra.get("table_unit")
    if declared:
        return declared
    body = document.text[table.rows[0].start:table.end] if table.rows else ""
    labels = [table.title, *table.subtitles, *(c.label for c in table.columns)]
    return "%" if PERCENT_CELL_RE.search(body) or any("%" in label for label in labels) else None


def figure(table: Table, row: Row, column: Column, document: Document) -> Figure:
    return Figure(
        value=table.value(row.key, column.key), unit=table_unit(document, table), document=document.id,
        table=table.title, table_id=table.id, row=row.label, parent_row=row.parent,
        column=column.label, column_group=column.group, line=row.line)


def row_citation(table: Table, row: Row, document: Document, score: float = 1.0) -> Citation:
    return Citation(
        document=document.id, title=document.title, text=document.text[row.start:row.end],
        version=document.content_hash,
        start=row.start, end=row.end, score=score, kind="table-row",
        section=f"{table.title} ({table.source})" if table.source else table.title,
        table_id=table.id, line=row.line)


def row_chart(table: Table, rows: list[Row], emphasised: set[str], document: Document) -> Chart:
    """The rows across every column of their table, asked columns emphasised."""
    return Chart(
        title=table.title, table_id=table.id, unit=table_unit(document, table),
        series=tuple(Series(name=row.label if not row.parent else f"{row.parent} › {row.label}",
                            bars=tuple(Bar(c.label, c.group, table.value(row.key, c.key), c.key in emphasised)
                                       for c in table.columns))
                     for row in rows))


def describe_column(column: Column) -> str:
    return f"{column.label} ({column.group})" if column.group else column.label
