"""Follow-ups: a short question fills some slots of the previous one and keeps the rest."""
from __future__ import annotations

from .answer import Interpretation
from .query import Query
from .schema import Schema

SLOT_ORDER = ("operation", "parent", "rows", "measure", "columns", "document")
SHORT = 2   # units: "¿Y en Lima?", "And Rojas?"


def is_followup(query: Query, context: Interpretation | None) -> bool:
    if context is None:
        return False
    return query.followup_cue or query.pronoun or len(query.units) <= SHORT


def slots_of(query: Query, schema: Schema) -> set[str]:
    """Which slots a question fills on its own, judged against the whole collection."""
    filled = {"operation"} if query.operations else set()
    for unit in query.units:
        if unit.cut or unit.keys & schema.column_keys:
            filled.add("columns")
        elif any(schema.weight(unit.keys, r.label) for t in schema.tables for r in t.rows if r.has_children):
            filled.add("parent")   # "And Rojas?" after "Torres voters who could change": Rojas's
        elif any(schema.weight(unit.keys, r.label) for t in schema.tables for r in t.rows):
            filled.add("rows")
        elif any(schema.weight(unit.keys, t.measure) for t in schema.tables):
            filled.add("measure")
        elif any(schema.weight(unit.keys, d.label) for d in schema.documents):
            filled.add("document")
    return filled


def merged_text(query: Query, context: Interpretation, schema: Schema) -> str | None:
    """The previous question's words for the slots this one leaves open, then this one's words;
    None when the previous answer was not from a table."""
    if context.route not in ("table", "computed") or not context.slots:
        return None
    filled = slots_of(query, schema)
    if not filled:
        return None
    if "parent" in filled and not context.slots.get("parent"):
        filled.add("rows")        # the previous row was not nested: the new name replaces it
    if filled & {"rows", "parent"} and "operation" not in filled and context.slots.get("operation"):
        filled.add("operation")   # "And Rojas?" after "Who leads?" asks about Rojas, not the leader
    kept = [context.slots[s] for s in SLOT_ORDER if s not in filled and context.slots.get(s)]
    return " ".join([*kept, query.text])
