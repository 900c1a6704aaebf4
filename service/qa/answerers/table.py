"""The table answerer: one cell (or one row across the asked columns) of the best-matching table."""
from __future__ import annotations

from index.analysis import fold
from index.tables import Column

from .. import messages
from ..documents import DocumentChoice, describe, names
from ..figures import describe_column, figure, row_chart, row_citation, table_unit
from ..proposal import Proposal
from ..query import Query
from ..spans import counted_words
from ..resolve import TableMatch, match_tables, same_rank
from ..schema import RowInfo, Schema, TableInfo
from ..suggestions import table_suggestions


def asked_columns(match: TableMatch) -> list[Column] | None:
    """The columns a match answers for: those named, a group named as a whole, or the total."""
    if match.columns:
        return [c.column for c in match.columns]
    if match.scope:
        return [c.column for c in match.scope]
    return [match.table.total.column] if match.table.total else None


def usable(match: TableMatch) -> bool:
    return not match.missing and not match.ambiguous and asked_columns(match) is not None


def slot_words(match: TableMatch, query: Query) -> dict:
    """The words that filled each slot, for the next turn to keep or replace."""
    # A word capitalized only because it opened the question must not become a name when the
    # next turn puts it elsewhere.
    words = {slot: " ".join(u.text if u.name else u.text.lower() for u in units)
             for slot, units in match.slots.items() if units}
    if query.operation_phrases:
        words["operation"] = " ".join(query.operation_phrases)
    return words


def unknown_names(match: TableMatch) -> bool:
    """A proper name the table does not explain: the question is about someone else. A first name
    beside a surname the row prints ("Luis Rojas" for the row "Rojas") is not."""
    named = {u.start for u in match.slots.get("rows", ()) + match.slots.get("parent", ()) if u.name}
    return any(u.name and u.end not in named for u in match.unexplained)


def row_named(match: TableMatch) -> bool:
    """The question names the row by a proper name ("Torres", "Partido Verde")."""
    return match.row is not None and any(u.name for u in match.slots.get("rows", ()))


def names_a_candidate(match: TableMatch) -> bool:
    """The question names the row's candidate (or the candidate the row is nested under)."""
    row = match.row
    return row is not None and any(u.name for u in match.slots.get("rows", ()) + match.slots.get("parent", ())) and (
        row.candidate or any(r.candidate and r.row.label == row.row.parent for r in match.table.rows))


def poll_evidence(match: TableMatch) -> bool:
    """Strong signs that the question is about this poll: a candidate it names, or what it measures."""
    return names_a_candidate(match) or bool(match.slots.get("measure"))


def asks_a_date(query: Query) -> bool:
    """Does the question ask "when ...?" No share answers that (a poll's own date is in its fact sheet)."""
    return query.opening_type == "when"


UNEXPLAINED_LIMIT = 2   # content words a figure leaves unexplained before it is no answer to an unquantified question


def asks_a_figure(match: TableMatch, query: Query, measure_words: frozenset[str]) -> bool:
    """Is the question about a poll figure at all? A candidate it names, what the table measures,
    a word of shares ("percentage", "cuántos"), or a cut, unless the question asks how or why.
    "How is the party organized at the national level?" shares a row's word and a column's, but
    asks none of these."""
    if counts_what_no_cell_holds(match, query):
        return False
    asks_a_share = bool(set(query.question.tokens) & measure_words) or query.question_type == "how_many"
    # "What cheese business do rural families approve?" meets a row and a column, but names no
    # candidate, asks no share, and "cheese" and "business" are about something no cell holds.
    if not asks_a_share and not names_a_candidate(match) and len(match.unexplained) >= UNEXPLAINED_LIMIT:
        return False
    return (poll_evidence(match) or asks_a_share
            or (bool(match.slots.get("columns")) and not query.asks_process))


def counts_what_no_cell_holds(match: TableMatch, query: Query) -> bool:
    """"¿Cuántos escaños ...?" counts seats: a table of vote shares that never says "escaños" does
    not answer it (a count of people or votes is a poll word, which no table needs to say). What is
    counted is plural; a verb after "how many" counts people ("how many attribute his vote to ...")."""
    counted = {word for word in counted_words(query.question.tokens) if word.endswith("s")}
    return any(fold(unit.text) in counted for unit in match.unexplained)


class TableAnswerer:
    def __init__(self, schema: Schema, measure_words: frozenset[str]) -> None:
        self.schema = schema
        self.measure_words = measure_words

    def matches(self, query: Query, choice: DocumentChoice) -> list[TableMatch]:
        return match_tables(self.schema, query, [t for d in choice.documents for t in d.tables], choice.named)

    def propose(self, query: Query, choice: DocumentChoice, matches: list[TableMatch]) -> list[Proposal]:
        """``matches``: this question's ``matches`` over the chosen documents' tables."""
        if query.asks_definition or asks_a_date(query):
            return []
        found = [m for m in matches
                 if usable(m) and m.row is not None and not unknown_names(m) and asks_a_figure(m, query, self.measure_words)]
        if not found:
            return []
        named = [d for d in choice.documents if any(names(u, d) for u in choice.named)]
        if len(named) >= 2:   # "Torres according to Andina and to Pacific": both, side by side
            per_document = [next((m for m in found if m.table.document is d.document), None) for d in named]
            if all(per_document):
                return [self.side_by_side(query, per_document)]
        best = found[0]
        others = list({m.table.document.id: m for m in reversed(found[1:]) if m.table.document is not best.table.document
                       and same_rank(m, best)}.values())[::-1]
        return [self.lookup(query, best, others)]

    def lookup(self, query: Query, match: TableMatch, others: list[TableMatch]) -> Proposal:
        table, row = match.table, match.row.row
        document = table.document
        columns = asked_columns(match)
        cells = [(c, f) for c, f in ((c, figure(table.table, row, c, document)) for c in columns) if f.value is not None]
        figures = tuple(f for _, f in cells)
        lang, unit = query.language, table_unit(document, table.table)
        if not figures:
            return Proposal("table", 0.0, "the cell is empty", messages.say("none", lang), answer_type="none")
        sentences = [figure_sentence(figures[0], lang, unit)]
        if len(figures) > 1:
            sentences.append(messages.say("also", lang, items="; ".join(
                f"{describe_column(c)} {messages.number(f.value, unit)}" for c, f in cells[1:])))
        if others:
            sentences.append(messages.say("also_in", lang, documents="; ".join(
                self.elsewhere(m, lang) for m in others)))
        understood = f"{row.label}{' › ' + row.parent if row.parent else ''}, " + ", ".join(
            describe_column(c) for c in columns)
        return Proposal(
            route="table", score=match.coverage, text=" ".join(sentences), figures=figures,
            reason=f"table {table.table.id} row {row.key!r} explains {match.coverage:.0%} of the question",
            citations=(row_citation(table.table, row, document, round(match.score, 3)),),
            charts=(row_chart(table.table, [row], {c.key for c in columns}, document),),
            suggestions=tuple(messages.say("suggest_other_document", lang, question=query.text,
                                           document=self.schema.document_info(m.table.document.id).document.author)
                              for m in others[:2]) + table_suggestions(query.language, table, match.row, columns[0]),
            understood_as=understood, operation="lookup", table_id=table.table.id, row_key=row.key,
            column_key=columns[0].key, entity=row_entity(table, match.row), named_row=row_named(match),
            structured=bool(match.slots.get("rows")) and bool(match.slots.get("columns")),
            slots=slot_words(match, query))


    def elsewhere(self, match: TableMatch, language: str) -> str:
        """Another document's answer, in brief: "Pacific Polls (2021-04-10): Ana Torres 31.5% in Total"."""
        column = asked_columns(match)[0]
        fig = figure(match.table.table, match.row.row, column, match.table.document)
        shown = messages.number(fig.value, fig.unit) if fig.value is not None else "—"
        return (f"{describe(self.schema.document_info(match.table.document.id))}: {match.row.row.label} {shown}"
                f" ({describe_column(column)})")

    def side_by_side(self, query: Query, matches: list[TableMatch]) -> Proposal:
        figures, items = [], []
        for match in matches:
            table, row = match.table, match.row.row
            column = asked_columns(match)[0]
            fig = figure(table.table, row, column, table.document)
            figures.append(fig)
            items.append(messages.say(
                "side_item", query.language, document=describe(self.schema.document_info(table.document.id)),
                row=row.label, value=messages.number(fig.value, fig.unit) if fig.value is not None else "—",
                column=describe_column(column), table=table.table.title))
        first = matches[0]
        return Proposal(
            route="table", score=min(m.coverage for m in matches), reason="the same cell in each named document",
            text=messages.say("side_by_side", query.language, items="; ".join(items)),
            figures=tuple(f for f in figures if f.value is not None),
            citations=tuple(row_citation(m.table.table, m.row.row, m.table.document) for m in matches),
            understood_as=", ".join(m.table.document.id for m in matches), operation="compare",
            table_id=first.table.table.id, row_key=first.row.row.key, named_row=True, slots=slot_words(first, query))


def figure_sentence(fig, language: str, unit: str | None) -> str:
    # A column labelled only "%" names no cut: the figure is the table's.
    key = "figure" if any(ch.isalnum() for ch in fig.column) else "figure_only"
    return messages.say(
        key, language, row=fig.row,
        parent=messages.say("parent", language, parent=fig.parent_row) if fig.parent_row else "",
        value=messages.number(fig.value, unit), column=fig.column,
        group=messages.say("group", language, group=fig.column_group) if fig.column_group else "",
        table=fig.table)


def row_entity(table: TableInfo, row: RowInfo) -> str | None:
    """The candidate a pronoun in the next question will mean: the row, or the row it is nested in."""
    label = row.row.parent if row.row.parent else row.row.label
    top = next((r for r in table.rows if r.row.label == label and r.row.parent is None), None)
    return label if top is not None and top.candidate else None
