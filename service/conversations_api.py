"""Conversations over the JSON API: list and read your own, export one as Markdown, share one
read-only, revoke a share.

A conversation belongs to the key or browser token that started it (``service/access.py``);
for anyone else it does not exist (404, the same answer as for an id never issued). A share
link carries a token of its own, not the conversation id: it opens the conversation read-only,
and revoking it closes that link and no other.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from .access import current_caller
from .api import no_store, query_arg
from .errors import ApiError
from .render.markdown import conversation_markdown

bp = Blueprint("conversations", __name__)
bp.after_request(no_store)


def store():
    return current_app.extensions["qa"]["conversations"]


def own_conversation(conversation_id: str) -> str:
    if not store().visible_to(conversation_id, current_caller().owner):
        raise ApiError(404, "unknown_conversation", "No conversation has that id.")
    return conversation_id


MAX_PAGE = 100


@bp.get("/api/conversations")
def conversations():
    """The caller's conversations, newest first; ``before`` (the ``next`` of a page) pages on."""
    limit, before = query_arg("limit", "20"), query_arg("before")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE:
        raise ApiError(400, "invalid_limit", f"'limit' must be a whole number from 1 to {MAX_PAGE}.")
    try:
        before_time = float(before) if before is not None else None
    except ValueError:
        raise ApiError(400, "invalid_cursor", "'before' must be the 'next' value of a previous page.") from None
    owner = current_caller().owner
    # A caller without a key or browser token owns nothing.
    page = store().owned_by(owner, int(limit), before_time) if owner else []
    more = len(page) == int(limit)
    return jsonify({"conversations": page, "next": page[-1]["updated_at"] if more else None})


@bp.get("/api/conversations/<conversation_id>")
def conversation(conversation_id: str):
    own_conversation(conversation_id)
    return jsonify({"conversation_id": conversation_id, "turns": store().history(conversation_id)})


@bp.get("/api/conversations/<conversation_id>/export.md")
def export(conversation_id: str):
    """The conversation as Markdown, every answer with the sources it cites."""
    own_conversation(conversation_id)
    text = conversation_markdown(store().history(conversation_id), request.host_url.rstrip("/"), "Conversation")
    response = Response(text, mimetype="text/markdown")
    response.headers["Content-Disposition"] = 'attachment; filename="conversation.md"'
    return response


@bp.post("/api/conversations/<conversation_id>/shares")
def share(conversation_id: str):
    token = store().share(own_conversation(conversation_id))
    return jsonify({"token": token, "url": url_for("web.shared_page", token=token, _external=True),
                    "api_url": url_for(".shared", token=token, _external=True)}), 201


@bp.delete("/api/conversations/<conversation_id>/shares/<token>")
def revoke(conversation_id: str, token: str):
    if not store().revoke_share(own_conversation(conversation_id), token):
        raise ApiError(404, "unknown_share", "This conversation has no share with that token.")
    return jsonify({"revoked": token})


@bp.get("/api/shared/<token>")
def shared(token: str):
    """What a share link opens, for anyone who has it: the turns, without the conversation id."""
    conversation_id = store().shared(token)
    if conversation_id is None:
        raise ApiError(404, "unknown_share", "No conversation is shared with that token; it may have been revoked.")
    return jsonify({"turns": store().history(conversation_id)})
