"""The document slot: which documents a question allows (pollster, publisher, author, date, kind)."""
from __future__ import annotations

from dataclasses import dataclass

from .query import Query, Unit
from .schema import DocumentInfo, Schema
from .vocabulary import fold, vocabulary


@dataclass(frozen=True)
class DocumentChoice:
    documents: tuple[DocumentInfo, ...]   # the documents the question allows, most recent first
    named: tuple[Unit, ...]               # the words that named a document
    time_missing: bool                    # the question names a year or month no document has
    words: frozenset[str] = frozenset()   # the folded words that chose the documents (names, dates)


def vocabulary_months(number: int) -> tuple[str, ...]:
    return vocabulary().months[number - 1]


def recency(document: DocumentInfo) -> str:
    date = document.document.date
    return date if date[:1].isdigit() else ""


def names(unit: Unit, document: DocumentInfo) -> bool:
    """A document is named by a proper name its pollster, publisher or author prints ("Datum",
    "El Comercio", "Revista del Río"), not by a word that merely means the same ("War" is not "guerra")."""
    own = {k for k in unit.keys if k[:2] in ("s:", "a:")}
    return unit.name and bool(own & document.label.keys)


def choose_documents(query: Query, schema: Schema, allowed: frozenset[str] | None = None) -> DocumentChoice:
    """The documents the question allows, among ``allowed`` (ids) when the asker restricted them;
    none at all when the question names only documents outside them."""
    everything = sorted(schema.documents, key=recency, reverse=True)
    # Names are read against the whole collection: a pollster left out by the asker is still a
    # pollster named, not a content word to look for in the documents that remain.
    named = tuple(u for u in query.units if any(names(u, d) for d in everything))
    documents = everything if allowed is None else [d for d in everything if d.document.id in allowed]
    if named:
        documents = [d for d in documents if any(names(u, d) for u in named)]
    kinds = [d for d in documents if d.kind in query.document_kinds]
    documents = kinds or documents
    # "según el artículo": the words that chose the kind are not words its sentences say
    words = {fold(w) for phrase in query.document_kind_phrases for w in phrase.split()} if kinds else set()
    time_missing = False
    if query.names_time:
        dated = [d for d in documents if set(query.years) <= d.years and set(query.months) <= d.months]
        time_missing = not dated
        documents = dated or documents
    words |= {fold(w) for u in named for w in u.text.split()}
    if query.names_time and not time_missing:
        words |= set(query.years) | {m for n in query.months for m in vocabulary_months(n)}
        words |= {t for t in query.question.tokens if t.isdigit() and len(t) <= 2}   # "20 de marzo"
    return DocumentChoice(tuple(documents), named, time_missing, frozenset(words))


def describe(document: DocumentInfo) -> str:
    """A document as people name it: publisher (or author) and date."""
    doc = document.document
    who = doc.author if len(doc.author) <= 40 else doc.publisher
    return f"{who} ({doc.date})" if recency(document) else who
