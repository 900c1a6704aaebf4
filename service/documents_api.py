"""Documents through the API: describe one, and, with the admin key, upload or delete one.

Upload and delete go through ``index.library`` (the path the command line uses):
the file is converted, the index rebuilt under the build lock, and this worker
serves the new generation at once; the other workers within a second of their
next request (service/served.py). Without ``ADMIN_API_KEY`` configured, the
write routes do not exist (404).
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request, send_file, url_for

from index import library
from index.ingest import FIELDS, Rejection

from .access import current_caller
from .errors import ApiError

bp = Blueprint("documents", __name__)
log = logging.getLogger(__name__)


def services() -> dict:
    return current_app.extensions["qa"]


@bp.before_request
def authenticate() -> None:
    # (The write routes check in require_admin: without an admin key they do not exist, whatever is sent.)
    if request.method == "GET":
        current_caller()


def require_admin() -> None:
    if not services()["config"].admin_api_key:
        raise ApiError(404, "not_found", "The requested URL was not found on the server.")
    role = current_caller().role
    if role == "client":
        raise ApiError(403, "forbidden", "This key may ask and read its own conversations; this needs the admin key.")
    if role != "admin":
        raise ApiError(401, "unauthorized", "Send the admin key as 'Authorization: Bearer <key>'.",
                       headers={"WWW-Authenticate": "Bearer"})


def rejected(error: Rejection) -> ApiError:
    return ApiError(error.status, error.code, error.message)


@bp.post("/api/documents")
def upload():
    require_admin()
    file = request.files.get("file")
    if file is None or not file.filename:
        raise ApiError(400, "missing_file", "Send the document as a multipart upload in a field named 'file'.")
    fields = {name: request.form.get(name) for name in FIELDS}
    config = services()["config"]
    try:
        report = library.add(file.read(), file.filename, fields, config.corpus_dir, config.index_dir,
                             config.max_upload_bytes)
    except Rejection as error:
        raise rejected(error) from None
    services()["served"].refresh()
    log.info("document %s added (%s)", report["document"]["id"], report["format"])
    return jsonify(with_links(report)), 201


@bp.get("/api/documents/<document_id>")
def describe(document_id: str):
    config = services()["config"]
    try:
        report = library.describe(services()["served"].bundle, document_id, config.corpus_dir)
    except Rejection as error:
        raise rejected(error) from None
    return jsonify(with_links(report))


@bp.get("/api/documents/<document_id>/original")
def original(document_id: str):
    config = services()["config"]
    if services()["served"].bundle.document(document_id) is None:
        raise ApiError(404, "unknown_document", f"No document has the id {document_id!r}.")
    path = library.original_of(config.corpus_dir, document_id)
    if path is None:
        raise ApiError(404, "no_original", "This document was written into the corpus directly; it has no "
                       "uploaded original.")
    # Bytes as uploaded, to be saved: one media type, whatever the format (the name keeps the extension).
    return send_file(path.resolve(), as_attachment=True, download_name=path.name, mimetype="application/octet-stream")


@bp.delete("/api/documents/<document_id>")
def delete(document_id: str):
    require_admin()
    config = services()["config"]
    try:
        report = library.remove(document_id, config.corpus_dir, config.index_dir)
    except Rejection as error:
        raise rejected(error) from None
    services()["served"].refresh()
    log.info("document %s deleted", document_id)
    return jsonify(report)


def with_links(report: dict) -> dict:
    document_id = report["document"]["id"]
    links = {"self": url_for("documents.describe", document_id=document_id),
             "viewer": url_for("web.document", document_id=document_id)}
    if report.get("original"):
        links["original"] = url_for("documents.original", document_id=document_id)
    return {**report, "links": links}
