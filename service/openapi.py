"""The OpenAPI 3.1 description of the JSON API."""
from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
DOCUMENT_FIELDS = ("id", "title", "publisher", "author", "date", "language", "source_url", "kind")
DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
CONVERSATION_ID = {"name": "conversation_id", "in": "path", "required": True, "schema": {"type": "string"}}
TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
TURNS = {"type": "array", "items": {
    "type": "object", "required": ["turn", "question", "answer", "created_at"], "properties": {
        "turn": {"type": "integer"}, "question": {"type": "string"},
        "answer": {"$ref": "#/components/schemas/StoredAnswer"}, "created_at": {"type": "number"}}}}


# Any request may be refused before it reaches a route: a request line too long (gunicorn answers
# it, as JSON too: gunicorn.conf.py).
ANY_ROUTE = (414,)


def error_responses(*statuses: int) -> dict:
    return {str(s): {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
            for s in (*statuses, *ANY_ROUTE)}


def json_response(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document() -> dict:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    nullable_string = {"type": ["string", "null"]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Peru grounded question answering", "version": "1.0.0",
                 "description": "Answers questions in English or Spanish with quoted passages or table "
                                "figures from a curated collection, with citations; or says the collection "
                                "does not answer."},
        "paths": {
            "/api/ask": {"post": {
                "summary": "Ask a question",
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Question")}}},
                "responses": {"200": json_response(ref("Answer")),
                              **error_responses(400, 401, 404, 413, 415, 429, 503)},
            }},
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
        },
        "components": {"schemas": {
            "Question": {"type": "object", "required": ["question"], "additionalProperties": False, "properties": {
                "question": {"type": "string", "minLength": 1, "maxLength": 1000},
                "conversation_id": {"type": ["string", "null"],
                                    "description": "Carry it back to ask follow-ups; null or absent starts anew."}}},
            "Figure": {"type": "object", "required": ["value", "unit", "document", "table", "table_id", "row",
                                                      "parent_row", "column", "column_group", "line", "computed"],
                       "properties": {
                "value": {"type": "number"}, "unit": {"type": ["string", "null"], "enum": ["%", None]},
                "document": {"type": "string"}, "table": {"type": "string"}, "table_id": {"type": "string"},
                "row": {"type": "string"}, "parent_row": nullable_string, "column": {"type": "string"},
                "column_group": nullable_string, "line": {"type": "integer"},
                "computed": {**nullable_string, "description": "The arithmetic, for computed figures."}}},
            # quote and viewer_url are added by the API; the answers stored in a conversation do not carry them.
            "Citation": {"type": "object", "required": [
                "document", "title", "text", "start", "end", "score", "kind", "section", "highlight_start",
                "highlight_end", "table_id", "line", "version"], "properties": {
                "document": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"},
                "start": {"type": "integer"}, "end": {"type": "integer"}, "score": {"type": "number"},
                "kind": {"enum": ["passage", "table-row", "fact"]}, "section": nullable_string,
                "highlight_start": {"type": ["integer", "null"]}, "highlight_end": {"type": ["integer", "null"]},
                "table_id": nullable_string, "line": {"type": ["integer", "null"]},
                "version": {**nullable_string, "description": "The document's content hash when cited; the "
                            "viewer says when the document has changed since."},
                "quote": {"type": "string", "description": "The cited text as a reader sees it: without "
                          "footnote markers, inline tags or Markdown escapes (``text`` is the exact source)."},
                "viewer_url": {"type": "string"}}},
            "Span": {"type": "object", "description": "The part of a quoted passage that answers the question: "
                     "exactly the source file's text at [start, end).",
                     "required": ["text", "document", "start", "end", "type"], "properties": {
                         "text": {"type": "string"}, "document": {"type": "string"},
                         "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 1},
                         "type": {"enum": ["date", "number", "quantity", "person", "place", "organisation",
                                           "definition", "reason", "other"]}}},
            "Answer": {"type": "object", "required": [
                "answer", "answer_type", "language", "figures", "citations", "suggestions", "charts",
                "span", "interpretation", "conversation_id", "turn", "saved"], "properties": {
                "span": {"oneOf": [ref("Span"), {"type": "null"}]},
                "answer": {"type": "string"}, "answer_type": {"enum": ["figure", "passage", "none"]},
                "language": {"enum": ["en", "es"]},
                "figures": {"type": "array", "items": ref("Figure")},
                "citations": {"type": "array", "items": {
                    "allOf": [ref("Citation"), {"required": ["quote", "viewer_url"]}]}},
                "suggestions": {"type": "array", "items": {"type": "string"}},
                "charts": {"type": "array", "items": {"type": "object"}},
                "interpretation": {"type": "object"},
                "conversation_id": {"type": ["string", "null"]}, "turn": {"type": ["integer", "null"]},
                "saved": {"type": "boolean", "description": "False when the conversation store could not keep "
                          "this turn (the answer stands; a follow-up to it will not find it)."}}},
            "StoredAnswer": {"type": "object", "description": "An answer as a conversation keeps it.",
                             "required": ["text", "answer_type", "language", "interpretation", "figures",
                                          "citations", "suggestions", "charts"], "properties": {
                "text": {"type": "string"}, "answer_type": {"enum": ["figure", "passage", "none"]},
                "language": {"enum": ["en", "es"]}, "interpretation": {"type": "object"},
                "span": {"oneOf": [ref("Span"), {"type": "null"}]},
                "figures": {"type": "array", "items": ref("Figure")},
                "citations": {"type": "array", "items": ref("Citation")},
                "suggestions": {"type": "array", "items": {"type": "string"}},
                "charts": {"type": "array", "items": {"type": "object"}}}},
            "Conversation": {"type": "object", "required": ["conversation_id", "turns"], "properties": {
                "conversation_id": {"type": "string"}, "turns": TURNS}},
            "Document": {"type": "object", "properties": {k: {"type": "string"} for k in (
                "id", "title", "author", "publisher", "date", "language", "source_url")}},
            "TableSummary": {"type": "object", "properties": {
                "id": {"type": "string"}, "document": {"type": "string"}, "title": {"type": "string"},
                "subtitles": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "integer"}, "columns": {"type": "integer"}, "line": {"type": "integer"}}},
            "Table": {"allOf": [ref("TableSummary"), {"type": "object", "properties": {
                "row_header": {"type": "string"},
                "column_labels": {"type": "array", "items": {"type": "object"}},
                "records": {"type": "array", "items": {"type": "object", "required": [
                    "row", "parent_row", "line", "values"], "properties": {
                    "row": {"type": "string"}, "parent_row": nullable_string, "line": {"type": "integer"},
                    "values": {"type": "object", "additionalProperties": {"type": ["number", "null"]}}}}}}}]},
            "IndexGeneration": {"type": "object", "required": ["generation", "built_at", "counts"], "properties": {
                "generation": {"type": ["integer", "null"]}, "built_at": nullable_string,
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}}}},
            "DocumentReport": {"type": "object", "required": [
                "document", "original", "sections", "passages", "tables", "facts", "index", "links"], "properties": {
                "document": ref("Document"), "original": nullable_string,
                "sections": {"type": "array", "items": {"type": "string"}},
                "passages": {"type": "integer"}, "facts": {"type": "integer"},
                "tables": {"type": "array", "items": {"type": "object", "required": ["id", "rows", "columns"]}},
                "index": ref("IndexGeneration"),
                "format": {"type": "string", "description": "The format read (uploads only)."},
                "warnings": {"type": "array", "items": {"type": "string"}},
                "links": {"type": "object", "additionalProperties": {"type": "string"}}}},
            "Health": {"type": "object", "required": ["status", "index"], "properties": {
                "status": {"enum": ["ok", "degraded"]}, "problems": {"type": "array", "items": {"type": "string"}},
                "documents": {"type": "integer"}, "chunks": {"type": "integer"}, "tables": {"type": "integer"},
                "fact_sheets": {"type": "integer"}, "facts": {"type": "integer"},
                "index": {"type": "object", "properties": {"generation": {"type": ["integer", "null"]},
                                                           "built_at": nullable_string}}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
        }, "securitySchemes": {
            "adminKey": {"type": "http", "scheme": "bearer",
                         "description": "The ADMIN_API_KEY the server was started with."},
            "apiKey": {"type": "http", "scheme": "bearer",
                       "description": "A client key from the file named by API_KEYS_FILE (or the admin key)."},
            "browserToken": {"type": "apiKey", "in": "cookie", "name": "qa_browser",
                             "description": "The token the web pages give their browser."}}},
        # Without API_KEYS_FILE a call may carry neither (the empty requirement).
        "security": [{"apiKey": []}, {"browserToken": []}, {}],
    }
