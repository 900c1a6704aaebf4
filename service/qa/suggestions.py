"""Next questions built from the schema, in the question's language.

Every suggestion names rows and columns by their printed labels, so the engine
resolves it exactly; the evaluation checks that each one is answered.
"""
from __future__ import annotations

from index.tables import Column

from . import messages
from .schema import RowInfo, Schema, TableInfo


def short_label(label: str) -> str:
    """'Ana Torres - Partido Verde' -> 'Ana Torres'; long labels keep their first clause."""
    return label.split(" - ")[0].split("/")[0].strip()


def table_suggestions(language: str, table: TableInfo, row: RowInfo, column: Column) -> tuple[str, ...]:
    out = []
    top = row if row.row.parent is None else next(
        (r for r in table.rows if r.row.label == row.row.parent and r.row.parent is None), row)
    name = short_label(top.row.label)
    if table.total is not None and table.total.column.key != column.key:
        out.append(messages.say("suggest_cell", language, row=name, column=table.total.column.label))
    elif len(table.columns) > 1:
        other = next(c.column for c in table.columns if c.column.key != column.key)
        out.append(messages.say("suggest_cell", language, row=name, column=other.label))
    rival = next((r for r in table.rows if r.row.parent is None and r.candidate and r is not top), None)
    if rival is not None and top.candidate:
        out.append(messages.say("suggest_cell", language, row=short_label(rival.row.label), column=column.label))
        out.append(messages.say("suggest_leader", language, column=column.label))
    if len(table.columns) > 2:
        out.append(messages.say("suggest_where", language, row=name))
    return tuple(dict.fromkeys(out))[:4]


def examples(schema: Schema, language: str) -> list[str]:
    """Example questions over whatever the collection holds: a cell and a leader of the first
    poll table, a fact of the first fact sheet, and a metadata question about an article."""
    out: list[str] = []
    for table in schema.tables:
        candidates = [r for r in table.rows if r.candidate and r.row.parent is None]
        regional = [c for c in table.columns if not c.is_total]
        if candidates and regional:
            out.append(messages.say("suggest_cell", language, row=short_label(candidates[0].row.label),
                                    column=regional[0].column.label))
            if len(candidates) > 1:
                out.append(messages.say("suggest_leader", language, column=regional[-1].column.label))
            break
    if schema.facts:
        out.append(messages.say("suggest_fact", language, key=schema.facts[len(schema.facts) // 2].fact.key))
    articles = [d for d in schema.documents if not d.tables]
    if articles:
        out.append(messages.say("suggest_author", language, title=articles[0].document.title))
    return out
