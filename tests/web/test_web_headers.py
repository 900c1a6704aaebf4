"""HTTP-level checks of the web surface: security headers, JSON errors, no inline code."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
import requests

DOCUMENT = "sendero-luminoso-case-study-parameters-1993"
REQUIRED_CSP = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "connect-src": "'self'", "object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PAGES = ["/", f"/documents/{DOCUMENT}", f"/documents/{DOCUMENT}?start=1082&end=1200"]
ASSETS = ["/static/app.css", "/static/js/chat.js", "/static/js/answer.js", "/static/i18n.json"]


def csp(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: (d[1] if len(d) > 1 else "") for d in directives}


@pytest.mark.parametrize("path", PAGES + ASSETS + ["/api/documents", "/no/such/page"])
def test_every_response_carries_a_strict_policy(live_server, path):
    response = requests.get(live_server.url + path, timeout=10)
    assert csp(response.headers["Content-Security-Policy"]) == REQUIRED_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {"no-referrer", "same-origin", "strict-origin-when-cross-origin"}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style attributes and elements, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script":
            src = dict(attrs).get("src")
            self.scripts.append(src)
            if not src:
                self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(f"{name} on <{tag}>" for name in names if name.startswith("on"))


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_code_and_load_only_their_own_files(live_server, path):
    response = requests.get(live_server.url + path, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    parser = InlineCode()
    parser.feed(response.text)
    assert parser.problems == []
    assert all(src.startswith("/static/") for src in parser.scripts)


def test_scripts_are_served_as_javascript(live_server):
    response = requests.get(live_server.url + "/static/js/chat.js", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in {"text/javascript", "application/javascript"}


def test_unknown_routes_and_documents_are_json_404s(live_server):
    for path in ("/no/such/page", "/documents/no-such-document", "/static/nothing.js"):
        response = requests.get(live_server.url + path, timeout=10)
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("application/json")
        assert set(response.json()["error"]) == {"code", "message"}


@pytest.mark.parametrize("query", [
    "start=a&end=10", "start=1082", "end=1200", "start=-5&end=10", "start=1082.5&end=1200",
    "start=1200&end=1082", "start=1082&end=1082", "start=0&end=20", "start=1082&end=99999999",
    "start=%C2%B2&end=1200", "start=1082&end=1200&column=Total", "column=Total",
])
def test_bad_viewer_ranges_are_json_400s(live_server, query):
    response = requests.get(f"{live_server.url}/documents/{DOCUMENT}?{query}", timeout=10)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message"}


def test_an_unknown_column_of_a_cited_row_is_a_400(live_server, bundle):
    table = bundle.tables[0]
    row = table.rows[0]
    base = f"{live_server.url}/documents/{table.document_id}?start={row.start}&end={row.end}"
    assert requests.get(base + f"&column={table.columns[0].key}", timeout=10).status_code == 200
    response = requests.get(base + "&column=No such column", timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_column"


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_citation_of_an_older_version_opens_the_current_text_with_a_notice(live_server, bundle):
    document = bundle.document(DOCUMENT)
    current = f"{live_server.url}/documents/{DOCUMENT}?start=1082&end=1200&version={document.content_hash}"
    response = requests.get(current, headers=BROWSER, timeout=10)
    assert response.status_code == 200 and 'class="cited-notice changed"' not in response.text
    response = requests.get(current.replace(document.content_hash, "0" * 16), headers=BROWSER, timeout=10)
    assert response.status_code == 200 and 'class="cited-notice changed"' in response.text
    assert "<mark" not in response.text   # the old offsets are not highlighted in the new text


@pytest.mark.parametrize("path", ["/documents/no-such-document", f"/documents/{DOCUMENT}?start=1082&end=99999999"])
def test_a_browser_following_a_stale_citation_gets_a_page_not_json(live_server, path):
    response = requests.get(live_server.url + path, headers=BROWSER, timeout=10)
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.status_code in (200, 404) and 'class="cited-notice changed"' in response.text


def test_requests_gunicorn_refuses_itself_get_json_errors_with_security_headers(live_server):
    import socket
    host, port = "127.0.0.1", int(live_server.url.rsplit(":", 1)[1])
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 4") and b"Content-Type: application/json" in head
    assert b"Content-Security-Policy" in head and b'"error"' in body
