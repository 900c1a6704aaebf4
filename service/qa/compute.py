"""Arithmetic over cited cells: leaders, gaps, highs and lows, rankings.

Plain code over the table's DataFrame, never generated code; every cell used
is returned so the answer can cite it.
"""
from __future__ import annotations

from dataclasses import dataclass

from index.tables import Column, Row, Table

from .schema import ColumnInfo, RowInfo, TableInfo


@dataclass(frozen=True)
class Cell:
    row: Row
    column: Column
    value: float


def cell(table: Table, row: Row, column: Column) -> Cell | None:
    value = table.value(row.key, column.key)
    return None if value is None else Cell(row, column, value)


def competing_rows(info: TableInfo, candidates_only: bool) -> list[RowInfo]:
    """Top-level rows that compete: the candidates (who leads), or every substantive answer
    (the top reason). Rows nested under another are shares of it, never competitors."""
    rows = [r for r in info.rows if r.row.parent is None and r.substantive]
    return [r for r in rows if r.candidate] if candidates_only else rows


def ranked(info: TableInfo, rows: list[RowInfo], column: Column) -> list[Cell]:
    cells = [cell(info.table, r.row, column) for r in rows]
    return sorted((c for c in cells if c is not None), key=lambda c: -c.value)


def comparable_columns(info: TableInfo, scope: list[ColumnInfo]) -> list[Column]:
    """Columns a row can be compared across: the named group, else every cut (a place or group,
    not a date or a change) that is neither the total nor the aggregate of a group beside it."""
    if scope:
        return [c.column for c in scope]
    groups = {c.column.group for c in info.columns if c.column.group}
    return [c.column for c in info.columns if c.is_cut and not c.is_total and c.column.label not in groups]


def extremes(table: Table, row: Row, columns: list[Column]) -> tuple[Cell, Cell] | None:
    cells = [c for c in (cell(table, row, col) for col in columns) if c is not None]
    if not cells:
        return None
    ordered = sorted(cells, key=lambda c: -c.value)
    return ordered[0], ordered[-1]


@dataclass(frozen=True)
class Gap:
    larger: Cell
    smaller: Cell
    value: float
    arithmetic: str      # "41.2 − 11.9 = 29.3"


def difference(cells: list[Cell | None]) -> Gap | None:
    """The gap between two cells, larger first; None when a cell is empty."""
    if len(cells) < 2 or None in cells:
        return None
    larger, smaller = sorted(cells[:2], key=lambda c: -c.value)
    value = round(larger.value - smaller.value, 1)
    return Gap(larger, smaller, value, f"{larger.value:.1f} − {smaller.value:.1f} = {value:.1f}")
