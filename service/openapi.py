"""The OpenAPI 3.1 description of the JSON API: its paths here, its schemas in ``openapi_schemas``."""
from __future__ import annotations

from .openapi_schemas import EXAMPLE_DOCUMENT, SCHEMAS, TURNS, ask_examples, ref, search_examples

ERROR = {"$ref": "#/components/schemas/Error"}
DOCUMENT_FIELDS = ("id", "title", "publisher", "author", "date", "language", "source_url", "kind")
DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
CONVERSATION_ID = {"name": "conversation_id", "in": "path", "required": True, "schema": {"type": "string"}}
TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}


# Any request may be refused before it reaches a route: a request line too long (gunicorn answers
# it, as JSON too: gunicorn.conf.py).
ANY_ROUTE = (414,)
# The error codes of asking and searching, by status: the body's fields name the field they are about.
BODY_ERRORS = ("invalid_json", "invalid_body", "unknown_fields")
OPTION_ERRORS = ("invalid_top_k", "invalid_documents", "empty_documents", "unknown_documents")
KEY_ERRORS = ("unauthorized", "invalid_key", "missing_key")
ASK_ERRORS = {400: (*BODY_ERRORS, "missing_question", "invalid_question", "empty_question", "invalid_conversation_id",
                    *OPTION_ERRORS, "invalid_language"),
              401: KEY_ERRORS, 404: ("unknown_conversation",), 413: ("question_too_long", "request_entity_too_large"),
              415: ("unsupported_media_type",), 429: ("too_many_requests",), 503: ("store_unavailable",)}
SEARCH_ERRORS = {400: (*BODY_ERRORS, "missing_query", "invalid_query", "empty_query", *OPTION_ERRORS),
                 401: KEY_ERRORS, 413: ("query_too_long", "request_entity_too_large"),
                 415: ("unsupported_media_type",), 429: ("too_many_requests",)}


def error_responses(*statuses: int) -> dict:
    return {str(s): {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
            for s in (*statuses, *ANY_ROUTE)}


def coded_errors(codes: dict[int, tuple[str, ...]]) -> dict:
    """Error responses whose ``code`` is one of those listed for its status, each with an example."""
    return {**error_responses(), **{str(status): {
        "description": "Error: " + ", ".join(listed), "content": {"application/json": {
            "schema": {"allOf": [ERROR, {"properties": {"error": {"properties": {"code": {"enum": list(listed)}}}}}]},
            "example": {"error": {"code": listed[0], "message": "What went wrong, and which field to fix."}}}}}
        for status, listed in codes.items()}}


def json_response(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def json_post(operation_id: str, summary: str, description: str, body: tuple[str, dict], answer: str,
              errors: dict[int, tuple[str, ...]]) -> dict:
    """A POST of a JSON body (a schema's name and its examples), answered with ``answer`` or ``errors``."""
    schema, examples = body
    return {"post": {
        "operationId": operation_id, "summary": summary, "description": description,
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref(schema),
                                                                           "examples": examples}}},
        "responses": {"200": json_response(ref(answer)), **coded_errors(errors)}}}


def openapi_document(example_document: str = EXAMPLE_DOCUMENT) -> dict:
    """``example_document``: a document id the examples may name (one the service holds, so that they work)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Peru grounded question answering", "version": "1.0.0",
                 "description": "Answers questions in English or Spanish with quoted passages or table "
                                "figures from a curated collection, with citations; or says the collection "
                                "does not answer."},
        "paths": {
            "/api/ask": json_post(
                "ask", "Ask a question",
                "Optionally restricted to some documents (a question only they cannot answer gets the 'none' "
                "answer), with fewer supporting citations, or worded in another language than the question's.",
                ("Question", ask_examples(example_document)), "Answer", ASK_ERRORS),
            "/api/search": json_post(
                "search", "Search passages, ranked by the index's retriever (BM25 and TF-IDF), without answering",
                "Each result's text is exactly its document's text at [start, end): the document viewer "
                "/documents/{id}?start=&end= shows it highlighted. Counted against the same limit as questions.",
                ("SearchRequest", search_examples(example_document)), "SearchResults", SEARCH_ERRORS),
            "/api/conversations/{conversation_id}": {"get": {
                "summary": "The turns of a conversation",
                "description": "Only the key or browser that started it sees it: for anyone else, 404.",
                "parameters": [CONVERSATION_ID],
                "responses": {"200": json_response(ref("Conversation")), **error_responses(401, 404, 503)},
            }},
            "/api/conversations": {"get": {
                "summary": "The caller's conversations, newest first, each with its first question",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                           "maximum": 100, "default": 20}},
                               {"name": "before", "in": "query", "description": "The 'next' of the page before.",
                                "schema": {"type": "number"}}],
                "responses": {"200": json_response({"type": "object", "required": ["conversations", "next"],
                                                    "properties": {"conversations": {"type": "array", "items": {
                    "type": "object", "required": ["conversation_id", "first_question", "turns", "created_at",
                                                   "updated_at"], "properties": {
                        "conversation_id": {"type": "string"}, "first_question": {"type": "string"},
                        "turns": {"type": "integer"}, "created_at": {"type": "number"},
                        "updated_at": {"type": "number"}}}}, "next": {"type": ["number", "null"]}}}),
                    **error_responses(400, 401, 503)},
            }},
            "/api/conversations/{conversation_id}/export.md": {"get": {
                "summary": "A conversation as Markdown, every answer with the sources it cites",
                "parameters": [CONVERSATION_ID],
                "responses": {"200": {"description": "Markdown", "content": {"text/markdown": {
                    "schema": {"type": "string"}}}}, **error_responses(401, 404, 503)},
            }},
            "/api/conversations/{conversation_id}/turns/{turn}/feedback": {"post": {
                "summary": "👍 or 👎 on one answer, with an optional comment",
                "parameters": [CONVERSATION_ID, {"name": "turn", "in": "path", "required": True,
                                                 "schema": {"type": "integer"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["value"], "additionalProperties": False, "properties": {
                        "value": {"enum": ["up", "down", 1, -1]},
                        "comment": {"type": "string", "maxLength": 1000}}}}}},
                "responses": {"201": json_response({"type": "object", "required": ["recorded"], "properties": {
                    "recorded": {"type": "boolean"}}}, "Recorded"), **error_responses(400, 401, 404, 413, 415, 503)},
            }},
            "/api/feedback": {"get": {
                "summary": "The latest feedback with its question, answer and interpretation (admin)",
                "security": [{"adminKey": []}],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                           "maximum": 1000, "default": 200}},
                               {"name": "format", "in": "query", "schema": {"enum": ["json", "csv"]}}],
                "responses": {"200": {"description": "Feedback", "content": {
                    "application/json": {"schema": {"type": "object", "required": ["feedback"], "properties": {
                        "feedback": {"type": "array", "items": {"type": "object"}}}}},
                    "text/csv": {"schema": {"type": "string"}}}}, **error_responses(400, 401, 403, 404, 503)},
            }},
            "/api/conversations/{conversation_id}/shares": {"post": {
                "summary": "A read-only share link for a conversation",
                "parameters": [CONVERSATION_ID],
                "responses": {"201": json_response({"type": "object", "required": ["token", "url", "api_url"],
                                                    "properties": {
                    "token": {"type": "string"}, "url": {"type": "string", "description": "The read-only page"},
                    "api_url": {"type": "string", "description": "The same as JSON"}}}, "Shared"),
                    **error_responses(401, 404, 503)},
            }},
            "/api/conversations/{conversation_id}/shares/{token}": {"delete": {
                "summary": "Revoke one share link",
                "parameters": [CONVERSATION_ID, TOKEN],
                "responses": {"200": json_response({"type": "object", "required": ["revoked"], "properties": {
                    "revoked": {"type": "string"}}}, "Revoked"), **error_responses(401, 404, 503)},
            }},
            "/api/shared/{token}": {"get": {
                "summary": "A shared conversation, read-only, for anyone with the link",
                "security": [],
                "parameters": [TOKEN],
                "responses": {"200": json_response({"type": "object", "required": ["turns"], "properties": {
                    "turns": TURNS}}),
                    **error_responses(404, 503)},
            }},
            "/api/documents": {"get": {
                "summary": "The documents of the collection",
                "responses": {"200": json_response({"type": "object", "properties": {
                    "documents": {"type": "array", "items": ref("Document")}}}), **error_responses(401)},
            }, "post": {
                "summary": "Add a document (admin): PDF, DOCX, XLSX, HTML, CSV, Markdown or text",
                "description": "Converted, added to the corpus and indexed; every server worker answers from it "
                               "at its next request. Without ADMIN_API_KEY configured this route is 404.",
                "security": [{"adminKey": []}],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"},
                        **{k: {"type": "string"} for k in DOCUMENT_FIELDS}}}}}},
                "responses": {"201": json_response(ref("DocumentReport"), "Added"),
                              **error_responses(400, 401, 403, 404, 409, 413, 415, 422)},
            }},
            "/api/documents/{document_id}": {"get": {
                "summary": "What the index holds of one document",
                "parameters": [DOCUMENT_ID],
                "responses": {"200": json_response(ref("DocumentReport")), **error_responses(401, 404)},
            }, "delete": {
                "summary": "Remove a document (admin)",
                "security": [{"adminKey": []}],
                "parameters": [DOCUMENT_ID],
                "responses": {"200": json_response({"type": "object", "required": ["deleted", "index"],
                                                    "properties": {"deleted": {"type": "string"},
                                                                   "index": ref("IndexGeneration")}}),
                              **error_responses(401, 403, 404, 422)},
            }},
            "/api/documents/{document_id}/original": {"get": {
                "summary": "The file a document was uploaded as",
                "parameters": [DOCUMENT_ID],
                "responses": {"200": {"description": "The uploaded bytes", "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    **error_responses(401, 404)},
            }},
            "/api/tables": {"get": {
                "summary": "Every table with its shape and title",
                "responses": {"200": json_response({"type": "object", "properties": {
                    "tables": {"type": "array", "items": ref("TableSummary")}}}), **error_responses(401)},
            }},
            "/api/tables/{table_id}": {"get": {
                "summary": "One table as records with provenance",
                "parameters": [{"name": "table_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": json_response(ref("Table")), **error_responses(401, 404)},
            }},
            "/api/tables/{table_id}.csv": {"get": {
                "summary": "One table as CSV: row, parent_row, then one column per source column",
                "parameters": [{"name": "table_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                              **error_responses(401, 404)},
            }},
            "/healthz": {"get": {
                "summary": "Health and index counts; 'degraded' with the problems when conversations cannot be saved",
                "security": [],
                "responses": {"200": json_response(ref("Health"))},
            }},
            "/readyz": {"get": {
                "summary": "Readiness for load balancers: 503 while degraded",
                "security": [],
                "responses": {"200": json_response(ref("Health")), "503": json_response(ref("Health"), "Degraded")},
            }},

            "/api/openapi.json": {"get": {"summary": "This document", "security": [],
                                          "responses": {"200": json_response({"type": "object"})}}},
            "/api/docs": {"get": {"summary": "This document as an interactive page (Swagger UI, served locally)",
                                  "security": [], "responses": {"200": {"description": "HTML", "content": {
                                      "text/html": {"schema": {"type": "string"}}}}}}},
        },
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "adminKey": {"type": "http", "scheme": "bearer",
                         "description": "The ADMIN_API_KEY the server was started with."},
            "apiKey": {"type": "http", "scheme": "bearer",
                       "description": "A client key from the file named by API_KEYS_FILE (or the admin key)."},
            "browserToken": {"type": "apiKey", "in": "cookie", "name": "qa_browser",
                             "description": "The token the web pages give their browser."}}},
        # Without API_KEYS_FILE a call may carry neither (the empty requirement).
        "security": [{"apiKey": []}, {"browserToken": []}, {}],
    }
