"""Feedback on answers: 👍/👎 with an optional comment from the web page or any API client, and
the report a maintainer reads back (admin key), as JSON or CSV.

Each piece of feedback is kept with the question, the answer and how the question was understood,
so a complaint can become an evaluation question.
"""
from __future__ import annotations

import csv
import io
import json
import time

from flask import Blueprint, Response, current_app, jsonify

from .api import is_unicode_text, no_store, query_arg, read_json_object
from .conversations_api import own_conversation
from .documents_api import require_admin
from .errors import ApiError

bp = Blueprint("feedback", __name__)
bp.after_request(no_store)

VALUES = {"up": 1, "down": -1, 1: 1, -1: -1}
MAX_COMMENT_CHARS = 1000
MAX_REPORT = 1000
CSV_FIELDS = ("created_at", "value", "comment", "source", "question", "answer_type", "answer_text", "route",
              "interpretation")


def services() -> dict:
    return current_app.extensions["qa"]


@bp.post("/api/conversations/<conversation_id>/turns/<int:turn>/feedback")
def give(conversation_id: str, turn: int):
    own_conversation(conversation_id)
    body = read_json_object('{"value": "up", "comment": "..."}', fields=("value", "comment"))
    value = body.get("value")
    if not isinstance(value, (str, int)) or isinstance(value, bool) or value not in VALUES:
        raise ApiError(400, "invalid_value", "The field 'value' must be \"up\" or \"down\".")
    comment = body.get("comment")
    if comment is not None and not (isinstance(comment, str) and is_unicode_text(comment)):
        raise ApiError(400, "invalid_comment", "The field 'comment' must be a string.")
    if comment is not None and len(comment) > MAX_COMMENT_CHARS:
        raise ApiError(413, "comment_too_long", f"The comment has {len(comment)} characters; the limit is "
                                                f"{MAX_COMMENT_CHARS}.")
    store = services()["conversations"]
    if not store.has_turn(conversation_id, turn):
        raise ApiError(404, "unknown_turn", "That conversation has no such turn.")
    store.record_feedback(conversation_id, turn, VALUES[value], source="web", comment=(comment or "").strip() or None)
    services()["metrics"].count("qa_feedback_total", value="up" if VALUES[value] > 0 else "down")
    return jsonify({"recorded": True}), 201


@bp.get("/api/feedback")
def report():
    """The latest feedback (``limit``, at most 1000), newest first; ``format=csv`` for a spreadsheet."""
    require_admin()
    limit = query_arg("limit", "200")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_REPORT:
        raise ApiError(400, "invalid_limit", f"'limit' must be a whole number from 1 to {MAX_REPORT}.")
    kind = query_arg("format", "json")
    if kind not in ("json", "csv"):
        raise ApiError(400, "invalid_format", "'format' must be 'json' or 'csv'.")
    rows = services()["conversations"].feedback_report(int(limit))
    if kind == "json":
        return jsonify({"feedback": rows})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "route": row["interpretation"].get("route"),
                         "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row["created_at"])),
                         "value": "up" if row["value"] > 0 else "down",
                         "interpretation": json.dumps(row["interpretation"], ensure_ascii=False)})
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="feedback.csv"'
    return response
