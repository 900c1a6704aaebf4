"""Helpers shared by the HTTP API tests: the corpus as files, the error envelope, OpenAPI validation."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jsonschema
import requests

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@lru_cache(maxsize=None)
def corpus_text(document_id: str) -> str:
    """The whole file of a document, front matter included: what citation offsets index into."""
    return (CORPUS / f"{document_id}.md").read_text(encoding="utf-8")


def file_line(document_id: str, number: int) -> str:
    """The 1-based line ``number`` of a document's file."""
    return corpus_text(document_id).split("\n")[number - 1]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def pipe_cells(line: str) -> list[str]:
    """The cells of a Markdown pipe-table row, as written."""
    inner = line.strip()
    assert inner.startswith("|"), f"not a table row: {line!r}"
    return [cell.strip() for cell in inner.strip("|").split("|")]


def as_number(cell: str) -> float | None:
    try:
        return float(cell.rstrip("% ").replace(",", "."))
    except ValueError:
        return None


def assert_error(response: requests.Response, statuses: set[int] | int, code: str | None = None) -> dict:
    """A client error in the one envelope ``{"error": {"code", "message"}}``, with no internals."""
    statuses = {statuses} if isinstance(statuses, int) else statuses
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert response.headers["Content-Type"].startswith("application/json"), response.headers["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"], body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


class OpenApi:
    """Validates live responses against the schemas the service publishes about itself."""

    def __init__(self, document: dict) -> None:
        self.document = document

    def operation(self, path: str, method: str) -> dict:
        return self.document["paths"][path][method.lower()]

    def validate(self, response: requests.Response, path: str, method: str = "get") -> None:
        """``path`` is the OpenAPI template (``/api/tables/{table_id}``)."""
        status = str(response.status_code)
        responses = self.operation(path, method)["responses"]
        assert status in responses, f"{method.upper()} {path} answered {status}, which the OpenAPI does not list"
        pointer = "/".join(["#", "paths", escape(path), method.lower(), "responses", status,
                            "content", escape("application/json"), "schema"])
        self.validate_value(response.json(), pointer)

    def validate_component(self, value, name: str) -> None:
        self.validate_value(value, f"#/components/schemas/{name}")

    def validate_value(self, value, pointer: str) -> None:
        # The whole document is the root resource, so every "#/components/..." reference resolves.
        schema = {**self.document, "$ref": pointer}
        jsonschema.Draft202012Validator(schema).validate(value)


def escape(segment: str) -> str:
    """A JSON-pointer segment (RFC 6901)."""
    return segment.replace("~", "~0").replace("/", "~1")
