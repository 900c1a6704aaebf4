"""The chat page and the document viewer, plus the security headers of every response."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from index.corpus import Document
from index.library import original_of
from index.tables import Table

from .access import BROWSER_COOKIE, BROWSER_COOKIE_DAYS
from .errors import ApiError
from .qa.answer import Answer
from .qa.quotes import clean
from .render.html import CitedRange, document_view, table_in_range
from .render.json import viewer_path

bp = Blueprint("web", __name__)

STRINGS_PATH = Path(__file__).parent / "static" / "i18n.json"
LANGUAGES = ("en", "es")
OFFSET_RE = re.compile(r"\d{1,9}", re.ASCII)
HISTORY_PAGE = 100   # the conversations the history page lists

# Nothing runs or loads unless it is one of our own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
    "form-action 'self'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@lru_cache(maxsize=1)
def strings() -> dict:
    """The page's own words in both languages; the chat's JS reads the same dictionary."""
    return json.loads(STRINGS_PATH.read_text(encoding="utf-8"))


def page_language() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


@bp.after_app_request
def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def browser_owner() -> str | None:
    """The owner this browser's token stands for, if this server issued it."""
    return current_app.extensions["qa"]["access"].browser_owner(request.cookies.get(BROWSER_COOKIE))


@bp.after_request
def browser_token(response: Response) -> Response:
    """Every page gives its browser a token of its own, if it has none this server issued: what
    the page asks is kept as this browser's (service/access.py), HttpOnly so no script reads it."""
    if browser_owner() is None:
        token = current_app.extensions["qa"]["access"].new_browser_token()
        response.set_cookie(BROWSER_COOKIE, token, max_age=BROWSER_COOKIE_DAYS * 86400,
                            httponly=True, samesite="Strict", secure=request.is_secure)
    return response


@bp.get("/")
def chat():
    language = page_language()
    config = current_app.extensions["qa"]["config"]
    engine = current_app.extensions["qa"]["served"].engine
    return render_template("chat.html", lang=language, t=strings()[language], strings=strings(),
                           examples=engine.examples(language), max_question_chars=config.max_question_chars)


def conversation_page(conversation_id: str | None, title: str, export: bool = False):
    """A conversation read-only, every answer with its sources; 404 when there is none to show."""
    store = current_app.extensions["qa"]["conversations"]
    language = page_language()
    turns = None if conversation_id is None else [
        {**turn, "answer": Answer.from_dict(turn["answer"])} for turn in store.history(conversation_id)]
    return render_template("conversation.html", lang=language, t=strings()[language], turns=turns, title=title,
                           viewer_path=viewer_path, clean=clean,
                           export=f"/api/conversations/{conversation_id}/export.md" if export and turns else None
                           ), 404 if turns is None else 200


@bp.get("/shared/<token>")
def shared_page(token: str):
    """A shared conversation, for anyone with the link."""
    return conversation_page(current_app.extensions["qa"]["conversations"].shared(token), "shared_title")


@bp.get("/conversations/<conversation_id>")
def own_conversation_page(conversation_id: str):
    """One of this browser's conversations, to read again and export."""
    owner = browser_owner()
    visible = owner is not None and current_app.extensions["qa"]["conversations"].visible_to(conversation_id, owner)
    return conversation_page(conversation_id if visible else None, "conversation_title", export=True)


@bp.get("/history")
def history_page():
    """This browser's conversations, newest first, each with its first question."""
    owner = browser_owner()
    language = page_language()
    found = current_app.extensions["qa"]["conversations"].owned_by(owner, HISTORY_PAGE) if owner else []
    return render_template("history.html", lang=language, t=strings()[language], conversations=found)


@bp.get("/api/docs")
def api_docs_page():
    """The OpenAPI document to read and try, drawn by Swagger UI from service/static/vendor."""
    language = page_language()
    return render_template("api_docs.html", lang=language, t=strings()[language])


@bp.get("/library")
def library_page():
    """Every document with its metadata, passages and tables; the upload form for administrators."""
    services = current_app.extensions["qa"]
    bundle, config = services["served"].bundle, services["config"]
    language = page_language()
    documents = [{
        "document": d,
        "passages": sum(c.document_id == d.id for c in bundle.chunks),
        "tables": [t for t in bundle.tables if t.document_id == d.id],
        "original": original_of(config.corpus_dir, d.id) is not None,
    } for d in bundle.documents]
    return render_template("library.html", lang=language, t=strings()[language], strings=strings(),
                           documents=documents, uploads=bool(config.admin_api_key),
                           fields=("title", "publisher", "author", "date", "language", "source_url", "id"))


def read_offset(name: str, raw: str) -> int:
    if not OFFSET_RE.fullmatch(raw):
        raise ApiError(400, "invalid_range", f"'{name}' must be a non-negative integer character offset.")
    return int(raw)


def read_cited_range(document: Document, tables: list[Table]) -> CitedRange | None:
    """The ``?start=&end=&column=`` of a viewer link, checked against the document."""
    raw_start, raw_end, column = (request.args.get(k) for k in ("start", "end", "column"))
    if raw_start is None and raw_end is None:
        if column is not None:
            raise ApiError(400, "invalid_range", "'column' needs a cited table row: give start and end too.")
        return None
    if raw_start is None or raw_end is None:
        raise ApiError(400, "invalid_range", "Give both 'start' and 'end', or neither.")
    start, end = read_offset("start", raw_start), read_offset("end", raw_end)
    if not document.body_start <= start < end <= len(document.text):
        raise ApiError(400, "range_out_of_bounds",
                       f"The range must satisfy {document.body_start} <= start < end <= {len(document.text)} "
                       "(offsets into the file, after its front matter).")
    cited = CitedRange(start, end)
    if column is None:
        return cited
    table = table_in_range(tables, cited)
    if table is None:
        raise ApiError(400, "invalid_column", "'column' applies only when the cited range is a table row.")
    if column not in {c.key for c in table.columns}:
        raise ApiError(400, "unknown_column", f"The table {table.id!r} has no column {column!r}.")
    return CitedRange(start, end, column)


def wants_html() -> bool:
    """A browser following a citation link gets pages, not JSON errors; API clients get JSON."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def not_found(kind: str, missing_id: str, code: str, message: str) -> tuple[str, int]:
    """Nothing of that ``kind`` ("document", "table") by that id: a page for a browser, JSON for a client."""
    if not wants_html():
        raise ApiError(404, code, message)
    language = page_language()
    return render_template("missing.html", lang=language, t=strings()[language], missing=kind,
                           missing_id=missing_id), 404


@bp.get("/documents/<document_id>")
def document(document_id: str):
    bundle = current_app.extensions["qa"]["served"].bundle
    found = bundle.document(document_id)
    if found is None:
        return not_found("document", document_id, "unknown_document",
                         f"No document has the id {document_id!r}; see GET /api/documents.")
    language = page_language()
    tables = [t for t in bundle.tables if t.document_id == found.id]
    # A citation of an older version of the file: its offsets point into a text that is gone.
    notice = None
    version = request.args.get("version")
    if version and version != found.content_hash:
        cited, notice = None, "document_changed"
    else:
        try:
            cited = read_cited_range(found, tables)
        except ApiError:
            if not wants_html():
                raise
            cited, notice = None, "cited_range_gone"
    return render_template(
        "document.html", lang=language, t=strings()[language], document=found,
        view=document_view(found, tables, cited), cited=cited, notice=notice,
        cited_line=found.line_of(cited.start) if cited else None)
