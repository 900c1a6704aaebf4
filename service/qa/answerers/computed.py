"""The computed answerer: leaders, gaps, highs and lows, rankings, over cited cells."""
from __future__ import annotations

import re

from index.tables import Column

from .. import compute, messages
from ..documents import DocumentChoice
from ..figures import describe_column, figure, row_chart, row_citation, table_unit
from ..answer import Figure
from ..proposal import Proposal
from ..query import Query
from ..resolve import TableMatch
from ..schema import FactInfo, Schema, TableInfo
from ..suggestions import table_suggestions
from ..vocabulary import contains_phrase, phrase_tokens, vocabulary
from .table import asked_columns, asks_a_date, row_named, slot_words, unknown_names, usable

OPERATIONS = frozenset({"leader", "gap", "highest", "lowest", "ranking", "sum"})
NUMBER_RE = re.compile(r"(\d+(?:[.,]\d+)?)")


class ComputedAnswerer:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema

    def propose(self, query: Query, choice: DocumentChoice, matches: list[TableMatch]) -> list[Proposal]:
        ops = set(query.operations) & OPERATIONS
        if not ops or asks_a_date(query):
            return []
        matches = [m for m in matches if usable(m) and not unknown_names(m)]
        if not matches:
            return []
        best = matches[0]
        # Rows compared are top-level rows, or rows nested under one parent (a runoff scenario's sides).
        parents = {r.row.parent for r, _ in best.rows}
        named = [r for r, _ in best.rows if r.row.parent is None or len(parents) == 1]
        columns = asked_columns(best)
        if "sum" in ops and best.table.multiple_response and len(best.rows) >= 2:
            return [self.no_sum(query, best, columns[0])]
        if len(named) >= 2 and ops & {"gap", "leader"}:
            return self.gap(query, best, [named[0], named[1]], columns[0])
        if len(named) == 1 and "gap" in ops and len(best.columns) >= 2:
            return self.column_gap(query, best)
        if named and ops & {"highest", "lowest"} and (not best.columns or "where" in query.operations
                                                     or len(best.columns) >= 2):
            # "Where is X lowest?" compares a row across a table's cuts: one that has several.
            spread = next((m for m in matches if m.row is not None and m.slots.get("rows")
                           and len(compute.comparable_columns(m.table, m.scope)) >= 2), None)
            if spread is not None:
                return self.extreme(query, spread, "lowest" if "lowest" in ops else "highest")
            if "where" in query.operations:
                return []   # no table breaks the row out by place
        if len(named) == 1 and ops & {"gap", "leader"} and named[0].candidate:
            rivals = [c for c in compute.ranked(best.table, compute.competing_rows(best.table, True), columns[0])
                      if c.row != named[0].row]
            if rivals:
                rival = next(r for r in best.table.rows if r.row == rivals[0].row)
                return self.gap(query, best, [named[0], rival], columns[0])
        if ops & {"leader", "highest", "lowest", "ranking"} and not (
                any(r.substantive for r in named) and ops <= {"ranking"}):
            # "how many list X among..." names its row: the lookup answers, not a ranking
            leading = next((m for m in matches if len(compute.competing_rows(m.table, "leader" in ops)) >= 2), None)
            if leading is not None:
                return self.leader(query, leading, ops)
        return []

    # --- the answers ------------------------------------------------------------------------
    def cells(self, query: Query, match: TableMatch, cells: list[compute.Cell], text: str, operation: str,
              reason: str, computed: Figure | None = None, emphasised: set[str] | None = None) -> Proposal:
        table = match.table
        document = table.document
        figures = [figure(table.table, c.row, c.column, document) for c in cells]
        if computed is not None:
            figures.insert(0, computed)
        rows = list(dict.fromkeys(c.row for c in cells))
        first = cells[0]
        return Proposal(
            route="computed", score=match.coverage, reason=reason, text=text, figures=tuple(figures),
            citations=tuple(row_citation(table.table, r, document) for r in rows),
            charts=(row_chart(table.table, rows[:2], emphasised or {c.column.key for c in cells}, document),),
            suggestions=table_suggestions(query.language, table, table.row_info(first.row.key), first.column),
            understood_as=f"{operation}: " + ", ".join(dict.fromkeys(
                f"{c.row.label} / {describe_column(c.column)}" for c in cells)),
            operation=operation, table_id=table.table.id, row_key=first.row.key, column_key=first.column.key,
            entity=first.row.label if table.row_info(first.row.key).candidate else None,
            named_row=row_named(match), slots=slot_words(match, query))

    def leader(self, query: Query, match: TableMatch, ops: set[str]) -> list[Proposal]:
        column = asked_columns(match)[0]
        rows = compute.competing_rows(match.table, "leader" in ops)
        cells = compute.ranked(match.table, rows, column)
        if len(cells) < 2:
            return []
        lang, unit = query.language, table_unit(match.table.document, match.table.table)
        if "ranking" in ops:
            items = "; ".join(f"{c.row.label} {messages.number(c.value, unit)}" for c in cells[:6])
            text = messages.say("ranking", lang, column=describe_column(column), items=items)
            return [self.cells(query, match, cells[:6], text, "ranking", "rows ranked in a column")]
        if "lowest" in ops and "leader" not in ops:
            low = cells[-1]
            text = messages.say("bottom_row", lang, column=describe_column(column), leader=low.row.label,
                                value=messages.number(low.value, unit))
            return [self.cells(query, match, [low], text, "lowest", "smallest row in a column")]
        # A group named as a whole ("among the young"): the leader in each of its columns.
        columns = [c.column for c in match.scope] if match.scope and not match.columns else [column]
        sentences, used = [], []
        for each in columns:
            found = compute.difference(compute.ranked(match.table, rows, each)[:2])
            if found is None:
                continue
            key = "leader" if all(match.table.row_info(c.row.key).candidate for c in (found.larger, found.smaller)) \
                else "top_row"
            sentences.append(messages.say(
                key, lang, leader=found.larger.row.label, column=describe_column(each),
                value=messages.number(found.larger.value, unit), second=found.smaller.row.label,
                second_value=messages.number(found.smaller.value, unit), gap=f"{found.value:.1f}",
                arithmetic=found.arithmetic) + self.margin_note(match.table, found.value, lang))
            used += [found.larger, found.smaller]
        return [self.cells(query, match, used, " ".join(sentences), "leader", "largest row in a column")]

    def gap(self, query: Query, match: TableMatch, rows, column: Column) -> list[Proposal]:
        found = compute.difference([compute.cell(match.table.table, r.row, column) for r in rows])
        if found is None:
            return []
        first, second = found.larger, found.smaller
        lang, unit = query.language, table_unit(match.table.document, match.table.table)
        text = messages.say("gap", lang, column=describe_column(column), first=first.row.label,
                            first_value=messages.number(first.value, unit), second=second.row.label,
                            second_value=messages.number(second.value, unit), gap=f"{found.value:.1f}",
                            arithmetic=found.arithmetic) + self.margin_note(match.table, found.value, lang)
        computed = self.computed_figure(match.table, first, found, f"{first.row.label} − {second.row.label}")
        return [self.cells(query, match, [first, second], text, "gap", "difference of two rows in a column",
                           computed=computed)]

    def column_gap(self, query: Query, match: TableMatch) -> list[Proposal]:
        row = match.row.row
        found = compute.difference([compute.cell(match.table.table, row, c.column) for c in match.columns[:2]])
        if found is None:
            return []
        first, second = found.larger, found.smaller
        lang, unit = query.language, table_unit(match.table.document, match.table.table)
        text = messages.say("column_gap", lang, row=row.label, first=describe_column(first.column),
                            second=describe_column(second.column), first_value=messages.number(first.value, unit),
                            second_value=messages.number(second.value, unit), gap=f"{found.value:.1f}",
                            arithmetic=found.arithmetic)
        computed = self.computed_figure(match.table, first, found, f"{first.column.label} − {second.column.label}")
        return [self.cells(query, match, [first, second], text, "gap", "difference of a row between columns",
                           computed=computed)]

    def extreme(self, query: Query, match: TableMatch, which: str) -> list[Proposal]:
        row = match.row.row
        named = [c.column for c in match.columns] if len(match.columns) >= 2 else []
        columns = named or compute.comparable_columns(match.table, match.scope)
        found = compute.extremes(match.table.table, row, columns)
        if found is None:
            return []
        chosen, other = found if which == "highest" else found[::-1]
        lang, unit = query.language, table_unit(match.table.document, match.table.table)
        scope = messages.say("scope", lang, columns=", ".join(c.label for c in columns)) if (
            named or match.scope) else ""
        text = messages.say(which, lang, row=row.label, column=describe_column(chosen.column),
                            value=messages.number(chosen.value, unit), scope=scope,
                            other_column=describe_column(other.column), other_value=messages.number(other.value, unit))
        return [self.cells(query, match, [chosen, other], text, which, f"{which} column of a row",
                           emphasised={chosen.column.key})]

    def no_sum(self, query: Query, match: TableMatch, column: Column) -> Proposal:
        cells = [c for c in (compute.cell(match.table.table, r.row, column) for r, _ in match.rows[:2]) if c]
        unit = table_unit(match.table.document, match.table.table)
        items = "; ".join(f"{c.row.label} {messages.number(c.value, unit)}" for c in cells)
        text = messages.say("ranking", query.language, column=describe_column(column), items=items)
        text += " " + messages.say("no_sum", query.language)
        return self.cells(query, match, cells, text, "no_sum", "multiple-response shares are not added up")

    def computed_figure(self, table: TableInfo, first: compute.Cell, found: compute.Gap, label: str) -> Figure:
        return Figure(value=found.value, unit="points" if table_unit(table.document, table.table) == "%" else None,
                      document=table.document.id, table=table.table.title, table_id=table.table.id, row=label,
                      parent_row=None, column=first.column.label, column_group=first.column.group,
                      line=first.row.line, computed=found.arithmetic)

    def margin_note(self, table: TableInfo, difference: float, language: str) -> str:
        margin = margin_of_error(self.schema.document_info(table.document.id).facts)
        if margin is None or abs(difference) > margin[0]:
            return ""
        return " " + messages.say("within_margin", language, margin=margin[1])


def margin_of_error(facts: tuple[FactInfo, ...]) -> tuple[float, str] | None:
    """A fact sheet's margin of error, read from the entry whose key says so."""
    for info in facts:
        if contains_phrase(phrase_tokens(info.fact.key), vocabulary().margin_of_error):
            found = NUMBER_RE.search(info.fact.value)
            if found:
                return float(found.group(1).replace(",", ".")), info.fact.value
    return None
