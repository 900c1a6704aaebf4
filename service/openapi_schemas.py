"""The schemas of the OpenAPI document's components: the request and response bodies, declared once."""
from __future__ import annotations

from .request_fields import DEFAULT_RESULTS, LANGUAGES, MAX_CITATIONS, MAX_RESULTS


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


nullable_string = {"type": ["string", "null"]}
TURNS = {"type": "array", "items": {
    "type": "object", "required": ["turn", "question", "answer", "created_at"], "properties": {
        "turn": {"type": "integer"}, "question": {"type": "string"},
        "answer": {"$ref": "#/components/schemas/StoredAnswer"}, "created_at": {"type": "number"}}}}

# At least one id: an empty list would allow no document (a 400, not an empty answer).
DOCUMENT_IDS = {"type": ["array", "null"], "minItems": 1, "items": {"type": "string"}}
EXAMPLE_DOCUMENT = "a-document-id"


def ask_examples(document_id: str = EXAMPLE_DOCUMENT) -> dict:
    return {"question": {"summary": "A question", "value": {"question": "Who leads the poll?"}},
            "restricted": {"summary": "From one document, worded in Spanish, citing one passage at most",
                           "value": {"question": "What is the margin of error?", "documents": [document_id],
                                     "language": "es", "top_k": 1}}}


def search_examples(document_id: str = EXAMPLE_DOCUMENT) -> dict:
    return {"search": {"summary": "The five best passages", "value": {"query": "margin of error", "top_k": 5}},
            "restricted": {"summary": "In one document", "value": {"query": "margin of error",
                                                                   "documents": [document_id]}}}


SCHEMAS = {
    "Question": {"type": "object", "required": ["question"], "additionalProperties": False, "properties": {
        "question": {"type": "string", "minLength": 1, "maxLength": 1000},
        "conversation_id": {"type": ["string", "null"],
                            "description": "Carry it back to ask follow-ups; null or absent starts anew."},
        "top_k": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_CITATIONS,
                  "description": "At most this many citations. A passage answer keeps the passage it quotes "
                                 "and drops supporting passages after it (it cites 3 at most); the citations of "
                                 "a figure or a fact are its provenance and all stay. Null or absent: all."},
        "documents": {**DOCUMENT_IDS, "description": "Answer only from these documents (ids as GET /api/documents "
                      "gives them): a question only other documents answer gets the 'none' answer. Null or "
                      "absent: every document. Not kept for follow-ups: send it with each question."},
        "language": {"enum": [*LANGUAGES, None], "description": "The language of the service's own words "
                     "(the answer's sentence, suggestions); quotes stay in their source's language. Null or "
                     "absent: the question's language."}}},
    "SearchRequest": {"type": "object", "required": ["query"], "additionalProperties": False, "properties": {
        "query": {"type": "string", "minLength": 1, "maxLength": 1000},
        "top_k": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_RESULTS, "default": DEFAULT_RESULTS,
                  "description": f"At most this many results; null or absent: {DEFAULT_RESULTS}."},
        "documents": {**DOCUMENT_IDS, "description": "Search only these documents; null or absent: all."}}},
    "SearchResult": {"type": "object", "required": ["document", "title", "chunk_id", "section", "start", "end",
                                                    "text", "score"], "properties": {
        "document": {"type": "string"}, "title": {"type": "string"}, "chunk_id": {"type": "string"},
        "section": {"type": "string"}, "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
        "text": {"type": "string", "description": "Exactly the document's text at [start, end)."},
        "score": {"type": "number", "description": "The retriever's fused score: higher ranks first."}}},
    "SearchResults": {"type": "object", "required": ["query", "results"], "properties": {
        "query": {"type": "string"}, "results": {"type": "array", "items": ref("SearchResult")}}},
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
}
