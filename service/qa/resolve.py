"""Resolve a query against each table: which units name columns, rows, the measure, the document.

Every unit of the question is explained by at most one element of a table, in
this order: a column (or a column group), a row (or its parent), the table's
measure (title, subtitles), the document (pollster, publisher). A unit that
names a place or group the table lacks is a *missing cut*; one that names
nothing is *unexplained*. Scores are sums of the rarity (idf) of what matched,
so a table that explains more, and rarer, words of the question wins.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .query import Query, Unit
from .labels import Label
from .schema import ColumnInfo, RowInfo, Schema, TableInfo

GROUP_WEIGHT = 0.5         # naming a column's group says less than naming the column
DOCUMENT_WEIGHT = 0.5      # and a word that only names the document says less than a table's own
MEASURE_TIEBREAK = 0.005   # among equal tables, the one whose title the question covers better
SAME_RANK = 0.97           # tables that explain a question this nearly as well answer it equally...
TIEBREAK_SLACK = 1.0       # ...and so do tables that differ by no more than a tiebreak
MAX_NAMED_ROWS = 3         # arithmetic compares two rows, rarely three
MULTI_ROW = frozenset({"gap", "leader", "sum", "ranking"})   # the operations that name several rows
NAME_IN_ROW = 0.5          # a proper name printed in a row is worth half its weight again
SUBORDINATE_WEIGHT = 0.5   # a row named only inside "whether ..." is less likely the answer asked


@dataclass
class TableMatch:
    table: TableInfo
    columns: list[ColumnInfo] = field(default_factory=list)     # asked columns, in question order
    scope: list[ColumnInfo] = field(default_factory=list)       # a group named as a whole
    ambiguous: list[list[ColumnInfo]] = field(default_factory=list)
    missing: list[Unit] = field(default_factory=list)           # places and groups the table lacks
    rows: list[tuple[RowInfo, float]] = field(default_factory=list)   # named rows and their weight
    slots: dict[str, list[Unit]] = field(default_factory=dict)
    unexplained: list[Unit] = field(default_factory=list)
    score: float = 0.0
    coverage: float = 0.0
    rank: float = 0.0

    @property
    def row(self) -> RowInfo | None:
        return self.rows[0][0] if self.rows else None

    @property
    def row_weight(self) -> float:
        return sum(w for _, w in self.rows)


def unit_weight(schema: Schema, unit: Unit) -> float:
    known = [schema.idf[k] for k in unit.keys if k in schema.idf]
    return max(known) if known else schema.unknown_weight


def credit(schema: Schema, unit: Unit, label: Label | None) -> float:
    """How much of a unit a label explains: the unit's own weight, scaled by how rare the
    matched key is next to the unit's rarest key (a shared concept counts nearly in full)."""
    matched = schema.weight(unit.keys, label)
    if not matched:
        return 0.0
    weight = unit_weight(schema, unit)
    return weight * (0.5 + 0.5 * min(matched / weight, 1.0))


def _column_gain(schema: Schema, units: list[Unit], column: ColumnInfo) -> tuple[float, bool]:
    """The weight of the units a column explains, and whether its own label did."""
    own = sum(credit(schema, u, column.label) for u in units)
    group = sum(credit(schema, u, column.group) for u in units)
    return own + GROUP_WEIGHT * group, own > 0


def _resolve_columns(schema: Schema, match: TableMatch, units: list[Unit]) -> list[Unit]:
    """Greedy: the column explaining most of the remaining column words, until none is left.
    Returns the units the columns explained."""
    table = match.table
    remaining = [u for u in units if any(schema.weight(u.keys, c.label) or schema.weight(u.keys, c.group)
                                         for c in table.columns)]
    used: list[Unit] = []
    while remaining:
        gains = [(c, *_column_gain(schema, remaining, c)) for c in table.columns]
        best = max(g for _, g, _ in gains)
        if best <= 0:
            break
        tied = [(c, own) for c, g, own in gains if g >= best - 1e-9]
        named = {id(c): frozenset(id(u) for u in remaining if schema.weight(u.keys, c.label)) for c, _ in tied}
        if len(tied) > 1 and not any(own for _, own in tied):
            # A group named beside a chosen column only qualifies it ("rural zones").
            if not match.columns:
                match.scope = [c for c, _ in tied]
        elif len(tied) > 1 and len(set(named.values())) == len(tied) and all(
                not (a & b) for i, a in enumerate(named.values()) for b in list(named.values())[i + 1:]):
            # Columns named by different words are all asked: "rural areas than urban areas".
            first = {id(c): min(u.start for u in remaining if id(u) in named[id(c)]) for c, _ in tied}
            match.columns += sorted((c for c, _ in tied), key=lambda c: first[id(c)])
        elif len(tied) > 1:
            match.ambiguous.append([c for c, _ in tied])
        else:
            match.columns.append(tied[0][0])
        chosen = [c for c, _ in tied]
        explained = [u for u in remaining if any(schema.weight(u.keys, c.label) or schema.weight(u.keys, c.group)
                                                 for c in chosen)]
        used += explained
        remaining = [u for u in remaining if u not in explained]
    return used


def _row_credit(schema: Schema, unit: Unit, row: RowInfo, measure: float) -> float:
    """What a row explains of a unit (a nested row is named by its parent's words too). A name
    the table's title prints better belongs to the title: "Ana Torres" in a table about her
    is not the row "por su padre Juan Torres"."""
    own = max(credit(schema, unit, row.label), credit(schema, unit, row.parent))
    if unit.subordinate:
        own *= SUBORDINATE_WEIGHT
    return 0.0 if unit.name and own < measure else own


def _row_credits(schema: Schema, row: RowInfo, units: list[Unit], measure: dict[int, float]) -> list[float]:
    credits = [_row_credit(schema, u, row, measure[id(u)]) for u in units]
    # A place or group ("among women") is a cut: a row explains it only along with other words
    # of its own ("desconocimiento de los jóvenes"), never alone ("Porque es mujer").
    if not any(c and not u.cut for u, c in zip(units, credits)):
        credits = [0.0 if u.cut else c for u, c in zip(units, credits)]
    return credits


def _resolve_rows(schema: Schema, match: TableMatch, units: list[Unit], most: int) -> list[Unit]:
    remaining = list(units)
    used: list[Unit] = []
    measure = {id(u): credit(schema, u, match.table.measure) for u in units}
    for _ in range(most):
        scored = []
        # A row that shares no key with what is left explains none of it, and cannot win.
        keys = frozenset().union(*(u.keys for u in remaining))
        for row in (r for r in match.table.rows if not r.empty and not (
                keys.isdisjoint(r.label.keys) and (r.parent is None or keys.isdisjoint(r.parent.keys)))):
            credits = _row_credits(schema, row, remaining, measure)
            gain = sum(credits)
            # Rows are compared with the title explaining what they do not ("don't know how sure":
            # the row "don't know", the title "certainty"); a proper name the row prints, then the
            # row's own share, decide between rows that explain as much.
            with_title = sum(max(c, measure[id(u)]) for u, c in zip(remaining, credits))
            names = sum(c for u, c in zip(remaining, credits) if u.name)
            scored.append((row, credits, (round(with_title + NAME_IN_ROW * names, 6), round(gain, 6))))
        if not scored:
            break
        row, credits, _ = max(scored, key=lambda triple: triple[2])
        gain = sum(credits)
        if gain <= 0:
            break
        match.rows.append((row, gain))
        explained = [u for u, c in zip(remaining, credits) if c]
        used += explained
        remaining = [u for u in remaining if u not in explained]
    return used


def match_table(schema: Schema, query: Query, table: TableInfo, named: tuple[Unit, ...] = ()) -> TableMatch:
    """``named``: the words that named the documents the question chose ("según Datum"); they
    say nothing about the table, for or against it."""
    match = TableMatch(table)
    document = schema.document_info(table.document.id)
    units = [u for u in query.units if u not in named]
    columns = _resolve_columns(schema, match, units)
    rest = [u for u in units if u not in columns]
    # Only arithmetic compares rows; a lookup names one, and its other words are the measure's.
    rows = _resolve_rows(schema, match, rest, MAX_NAMED_ROWS if set(query.operations) & MULTI_ROW else 1)
    rest = [u for u in rest if u not in rows and not u.cut]
    measure = [u for u in rest if schema.weight(u.keys, table.measure)]
    rest = [u for u in rest if u not in measure]
    named_document = [u for u in rest if schema.weight(u.keys, document.label) or schema.weight(u.keys, document.title)]
    rest = [u for u in rest if u not in named_document]
    rest += [u for u in units if u.cut and u not in columns and u not in rows]
    # A number no column prints, in a table broken out by numbers ("aged 60 and over" where the
    # ages are "18 a 25", "43 a más"), is a cut the table lacks too.
    numbered = any(any(ch.isdigit() for ch in c.column.label) for c in table.columns if c.is_cut)
    match.missing = [u for u in rest if u.cut or u.keys & schema.column_label_keys
                     or (numbered and u.text.isdigit())]
    match.unexplained = [u for u in rest if u not in match.missing]
    # The words of a nested row are two slots: its parent's ("Torres") and its own ("could
    # change"), so that a follow-up can replace one and keep the other.
    row = match.row
    by_parent = [u for u in rows if row is not None and row.parent is not None
                 and credit(schema, u, row.parent) > credit(schema, u, row.label)]
    match.slots = {"columns": columns, "rows": [u for u in rows if u not in by_parent], "parent": by_parent,
                   "measure": measure, "document": named_document}
    explained = (sum(_column_gain(schema, columns, c)[0] for c in match.columns)
                 + match.row_weight
                 + sum(credit(schema, u, table.measure) for u in measure)
                 + DOCUMENT_WEIGHT * sum(max(credit(schema, u, document.label), credit(schema, u, document.title))
                                         for u in named_document))
    if match.scope:       # a group named as a whole ("among the young", "by region") is fully named
        explained += sum(unit_weight(schema, u) for u in columns)
    elif match.ambiguous:   # a word that fits two columns is only half explained
        explained += sum(unit_weight(schema, u) for u in columns) * GROUP_WEIGHT
    total = sum(unit_weight(schema, u) for u in units) or 1.0
    match.score = explained
    match.coverage = min(explained / total, 1.0) if units else 1.0   # "Who is winning?" asks nothing else
    asked = frozenset(k for u in units for k in u.keys)
    untouched = sum(schema.idf.get(k, 0.0) for k in table.measure.keys - asked if k.startswith("s:"))
    # Between readings that explain as much, the one where a proper name names the row: "Torres
    # support" is the Torres row of a vote table, not "support" in a table about Torres.
    names = sum(unit_weight(schema, u) for u in rows if u.name)
    match.rank = explained + NAME_IN_ROW * names - MEASURE_TIEBREAK * untouched
    return match


def same_rank(match: TableMatch, best: TableMatch) -> bool:
    """Does ``match`` explain the question about as well as ``best``? Within a small share of its
    score, and never by less than a tiebreak (the title's length) can separate."""
    return match.rank >= best.rank - max((1 - SAME_RANK) * best.score, TIEBREAK_SLACK)


def match_tables(schema: Schema, query: Query, tables: list[TableInfo],
                 named: tuple[Unit, ...] = ()) -> list[TableMatch]:
    """Every table's match, best first. Tables of different documents that explain the question
    about as well (within ``SAME_RANK``) are in the order of the collection: the most recent first."""
    key = ("table_matches", tuple(t.table.id for t in tables), named)
    if key not in query.memo:
        matches = sorted((match_table(schema, query, t, named) for t in tables), key=lambda m: -m.rank)
        if matches:
            top = [m for m in matches if same_rank(m, matches[0])]
            documents = list(dict.fromkeys(t.document.id for t in tables))
            top.sort(key=lambda m: (documents.index(m.table.document.id), -m.rank))
            matches = top + matches[len(top):]
        query.memo[key] = matches
    return query.memo[key]
