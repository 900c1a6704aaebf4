"""The JSON API: ask, search, read-only documents and tables, conversations, health, OpenAPI."""
from __future__ import annotations

import logging
import sqlite3

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from index.store import IndexBundle

from .access import Caller, current_caller
from .conversations import StoreUnavailable
from .errors import ApiError, error_response
from .openapi import openapi_document
from .render.json import answer_json, search_json
from .request_fields import (DEFAULT_RESULTS, MAX_CITATIONS, MAX_RESULTS, document_ids, is_unicode_text, language,
                             text_field, whole_number)

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)


# Open to load balancers and documentation readers whatever the keys: they show nothing private.
OPEN_ENDPOINTS = frozenset({"api.healthz", "api.readyz", "api.openapi"})


@bp.before_request
def authenticate() -> None:
    # (A CORS preflight carries no key: browsers send it without one.)
    if request.endpoint not in OPEN_ENDPOINTS and request.method != "OPTIONS":
        current_caller()


@bp.after_request
def no_store(response):
    """Answers carry conversation ids and conversations are private: no cache keeps them."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def services() -> dict:
    return current_app.extensions["qa"]


def query_arg(name: str, default: str | None = None) -> str | None:
    """A query parameter given at most once: "?limit=1&limit=2" is a 400, not the first of them."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise ApiError(400, "repeated_parameter", f"'{name}' is given {len(values)} times; give it once.")
    return values[0] if values else default


def read_json_object(example: str, fields: tuple[str, ...]) -> dict:
    """The request's JSON object body, with no field but ``fields`` (a misspelt field is named, not
    silently ignored); every failure is a 4xx ApiError naming ``example``."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send a JSON body with Content-Type: application/json.")
    try:
        body = request.get_json()
    except BadRequest:
        raise ApiError(400, "invalid_json", "The request body is not valid UTF-8 JSON.") from None
    except RecursionError:
        # The JSON parser recurses once per level of nesting.
        raise ApiError(400, "invalid_json", "The JSON body is nested too deeply.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", f"The JSON body must be an object like {example}.")
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise ApiError(400, "unknown_fields", f"Unknown field(s) {', '.join(map(repr, unknown))}; "
                                              f"the fields are {', '.join(map(repr, fields))}.")
    return body


def read_question(bundle: IndexBundle) -> tuple[str, str | None, dict]:
    """Validate the body of ``POST /api/ask``: the question, the conversation it follows, and the
    options for ``QAEngine.ask`` (documents among ``bundle``'s). Every failure is a 4xx ApiError."""
    body = read_json_object('{"question": "..."}',
                            fields=("question", "conversation_id", "top_k", "documents", "language"))
    question = text_field(body, "question", services()["config"].max_question_chars)
    conversation_id = body.get("conversation_id")
    if conversation_id is not None and not (isinstance(conversation_id, str) and is_unicode_text(conversation_id)):
        raise ApiError(400, "invalid_conversation_id", "The field 'conversation_id' must be a string.")
    options = {"top_k": whole_number(body, "top_k", 1, MAX_CITATIONS),
               "documents": document_ids(body, (d.id for d in bundle.documents)), "language": language(body)}
    return question, conversation_id or None, options


@bp.app_errorhandler(StoreUnavailable)
@bp.app_errorhandler(sqlite3.Error)
def store_unavailable(error: Exception):
    """Conversations cannot be read or written right now (any route that uses them): ask again
    shortly. Logged once, with its cause."""
    services()["metrics"].count("qa_store_errors_total", operation="read")
    services()["conversations"].forget_connection()
    log.error("%s", error.__cause__ or error)
    response = error_response(503, "store_unavailable", "Conversations cannot be read right now; try again shortly.")
    response.headers["Retry-After"] = "30"
    return response


def limited_caller() -> Caller:
    """The caller, counted against its limit of questions (a search counts as one)."""
    caller = current_caller()
    # A key is limited as one client wherever it asks from; anyone else by address (a browser
    # token is free to get, so it cannot be what a limit counts).
    keyed = caller.role in ("admin", "client")
    wait = services()["asks"].wait_needed(caller.owner if keyed else request.remote_addr or "unknown")
    if wait:
        raise ApiError(429, "too_many_requests", "Too many questions from this client; try again shortly.",
                       headers={"Retry-After": str(max(1, round(wait)))})
    return caller


@bp.post("/api/ask")
def ask():
    caller = limited_caller()
    # One generation for the whole request: the ids checked are the ids the engine knows.
    bundle, engine = services()["served"].current()
    question, conversation_id, options = read_question(bundle)
    conversations = services()["conversations"]
    context = None
    if conversation_id is not None:
        # (A store that cannot be read is a 503: a follow-up cannot be understood without the turn
        # before it.) Another owner's conversation does not exist for this caller.
        if not conversations.visible_to(conversation_id, caller.owner):
            raise ApiError(404, "unknown_conversation", "No conversation has that id; omit it to start a new one.")
        context = conversations.last_interpretation(conversation_id)
    answer = engine.ask(question, context, **options)
    services()["metrics"].count("qa_answers_total", route=answer.interpretation.route, type=answer.answer_type)
    try:
        conversation_id, turn = conversations.add_turn(conversation_id, question, answer, owner=caller.owner)
    except StoreUnavailable as error:
        # The answer stands; only its keeping failed, and the reply says so.
        services()["metrics"].count("qa_store_errors_total", operation="add_turn")
        log.error("%s", error.__cause__ or error)
        return jsonify({**answer_json(answer, conversation_id, None), "saved": False})
    return jsonify({**answer_json(answer, conversation_id, turn), "saved": True})


@bp.post("/api/search")
def search():
    """Passages only, ranked by the index's retriever: no answer is chosen or composed."""
    limited_caller()
    bundle, engine = services()["served"].current()
    body = read_json_object('{"query": "..."}', fields=("query", "top_k", "documents"))
    query = text_field(body, "query", services()["config"].max_question_chars)
    top_k = whole_number(body, "top_k", 1, MAX_RESULTS) or DEFAULT_RESULTS
    documents = document_ids(body, (d.id for d in bundle.documents))
    return jsonify(search_json(query, engine.search(query, top_k, documents), bundle))


@bp.get("/api/documents")
def documents():
    bundle = services()["served"].bundle
    return jsonify({"documents": [
        {**d.metadata(), "chars": len(d.text),
         "chunks": sum(c.document_id == d.id for c in bundle.chunks),
         "tables": [t.id for t in bundle.tables if t.document_id == d.id]}
        for d in bundle.documents]})


def table_summary(table) -> dict:
    rows, cols = table.shape
    return {"id": table.id, "document": table.document_id, "title": table.title,
            "subtitles": list(table.subtitles), "rows": rows, "columns": cols, "line": table.line}


@bp.get("/api/tables")
def tables():
    return jsonify({"tables": [table_summary(t) for t in services()["served"].bundle.tables]})


def find_table(table_id: str):
    found = services()["served"].bundle.table(table_id)
    if found is None:
        raise ApiError(404, "unknown_table", f"No table has the id {table_id!r}; see GET /api/tables.")
    return found


@bp.get("/api/tables/<table_id>.csv")
def table_csv(table_id: str):
    """The table as CSV: its row label (and the row it is nested under), then one column per
    column of the source, labelled "group > column"."""
    found = find_table(table_id)
    frame = found.frame.copy()
    frame.insert(0, "parent_row", [r.parent or "" for r in found.rows])
    frame.insert(0, found.header_label or "row", [r.label for r in found.rows])
    response = Response(frame.to_csv(index=False), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{found.id}.csv"'
    return response


@bp.get("/api/tables/<table_id>")
def table(table_id: str):
    found = find_table(table_id)
    return jsonify({
        **table_summary(found),
        "row_header": found.header_label,
        "column_labels": [{"key": c.key, "label": c.label, "group": c.group} for c in found.columns],
        "records": found.records(),
    })


def health() -> dict:
    bundle = services()["served"].bundle
    problem = services()["conversations"].check_writable()
    return {
        "status": "degraded" if problem else "ok",
        **({"problems": [problem]} if problem else {}),
        "documents": len(bundle.documents),
        "chunks": len(bundle.chunks),
        "tables": len(bundle.tables),
        "fact_sheets": len({f.document_id for f in bundle.facts}),
        "facts": len(bundle.facts),
        "index": {k: bundle.manifest.get(k) for k in ("generation", "built_at", "corpus_checksum", "format_version")},
    }


@bp.get("/healthz")
def healthz():
    """Always 200 while the process serves: the body says whether it is degraded, and why."""
    return jsonify(health())


@bp.get("/readyz")
def readyz():
    """For load balancers: 503 while the service cannot keep conversations."""
    report = health()
    return jsonify(report), 200 if report["status"] == "ok" else 503


@bp.get("/api/openapi.json")
def openapi():
    documents = services()["served"].bundle.documents
    # Its examples name a document the service holds, so that they work as they are.
    return jsonify(openapi_document(documents[0].id) if documents else openapi_document())
