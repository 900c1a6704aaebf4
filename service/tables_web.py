"""A page per table: its header groups and nested rows as the source draws them, sortable in the
browser (static/js/table.js), with its CSV and JSON (the API's own routes) to download."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, render_template

from index.corpus import DECIMAL_COMMA
from index.tables import Table

from .qa.figures import table_unit
from .render.html import table_header
from .web import browser_token, not_found, page_language, strings

bp = Blueprint("tables_web", __name__)
# The API's links need the browser token when API keys are required, also on a first visit here.
bp.after_request(browser_token)

MAX_DECIMALS = 2


@dataclass(frozen=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    column: int | None = None   # what its sort button sorts by: 0 the row labels, n the n-th column; None a group


@dataclass(frozen=True)
class Cell:
    shown: str
    value: float | None


@dataclass(frozen=True)
class RowView:
    label: str
    parent: str | None
    cells: tuple[Cell, ...]


def sortable_header(table: Table) -> list[list[HeadCell]]:
    """The viewer's header rows (a group over its columns), each leaf cell knowing its column."""
    rows = table_header(table)
    below = iter(rows[1] if len(rows) > 1 else ())
    top: list[HeadCell] = []
    second: list[HeadCell] = []
    column = 0
    for cell in rows[0]:
        if len(rows) > 1 and cell.rowspan == 1:   # a group: its columns are the next cells of the row below
            top.append(HeadCell(cell.text, colspan=cell.colspan))
            for leaf in (next(below) for _ in range(cell.colspan)):
                second.append(HeadCell(leaf.text, column=column))
                column += 1
        else:
            top.append(HeadCell(cell.text, rowspan=cell.rowspan, column=column))
            column += 1
    return [top, second] if second else [top]


def decimals(values: list[float]) -> int:
    """The places the table's numbers need, so a column reads alike ("45.0" beside "19.3")."""
    return max((next(d for d in range(MAX_DECIMALS + 1) if d == MAX_DECIMALS or abs(round(v, d) - v) < 1e-9)
                for v in values), default=0)


def row_views(table: Table) -> list[RowView]:
    values = [v for r in table.rows for c in table.columns if (v := table.value(r.key, c.key)) is not None]
    places = decimals(values)

    def shown(value: float | None) -> str:
        if value is None:
            return "—"
        text = f"{value:.{places}f}"
        # Numbers as the document prints them: its decimal comma, if that is its convention.
        return text.replace(".", ",") if table.number_format == DECIMAL_COMMA else text

    return [RowView(r.label, r.parent, tuple(Cell(shown(v), v) for v in (table.value(r.key, c.key)
                                                                           for c in table.columns)))
            for r in table.rows]


@bp.get("/tables/<table_id>")
def table_page(table_id: str) -> str | tuple[str, int]:
    bundle = current_app.extensions["qa"]["served"].bundle
    found = bundle.table(table_id)
    if found is None:
        return not_found("table", table_id, "unknown_table", f"No table has the id {table_id!r}; see GET /api/tables.")
    document = bundle.document(found.document_id)
    language = page_language()
    return render_template("table.html", lang=language, t=strings()[language], table=found, document=document,
                           header=sortable_header(found), rows=row_views(found),
                           unit=table_unit(document, found))
