"""Conversations over the JSON API: read your own, share one read-only, revoke a share.

A conversation belongs to the key or browser token that started it (``service/access.py``);
for anyone else it does not exist (404, the same answer as for an id never issued). A share
link carries a token of its own, not the conversation id: it opens the conversation read-only,
and revoking it closes that link and no other.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, url_for

from .access import current_caller
from .api import no_store
from .errors import ApiError

bp = Blueprint("conversations", __name__)
bp.after_request(no_store)


def store():
    return current_app.extensions["qa"]["conversations"]


def own_conversation(conversation_id: str) -> str:
    if not store().visible_to(conversation_id, current_caller().owner):
        raise ApiError(404, "unknown_conversation", "No conversation has that id.")
    return conversation_id


@bp.get("/api/conversations/<conversation_id>")
def conversation(conversation_id: str):
    own_conversation(conversation_id)
    return jsonify({"conversation_id": conversation_id, "turns": store().history(conversation_id)})


@bp.post("/api/conversations/<conversation_id>/shares")
def share(conversation_id: str):
    token = store().share(own_conversation(conversation_id))
    return jsonify({"token": token, "url": url_for(".shared", token=token, _external=True)}), 201


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
