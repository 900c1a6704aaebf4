"""Fixtures for the HTTP API tests (all against real gunicorn processes)."""
from __future__ import annotations

import pytest
import requests
from api_tools import OpenApi


@pytest.fixture(scope="session")
def openapi(live_server) -> OpenApi:
    response = requests.get(live_server.url + "/api/openapi.json", timeout=10)
    assert response.status_code == 200
    return OpenApi(response.json())


@pytest.fixture(scope="session")
def ask(live_server):
    """POST a question to the shared server; conversations are private to their random ids."""
    def post(question: str, conversation_id: str | None = None, base_url: str = live_server.url):
        body = {"question": question}
        if conversation_id is not None:
            body["conversation_id"] = conversation_id
        return requests.post(base_url + "/api/ask", json=body, timeout=30)
    return post


@pytest.fixture(scope="session")
def tables(live_server) -> dict[str, dict]:
    """Every table in full, by id, as ``GET /api/tables/<id>`` serves it."""
    summaries = requests.get(live_server.url + "/api/tables", timeout=10).json()["tables"]
    return {t["id"]: requests.get(f"{live_server.url}/api/tables/{t['id']}", timeout=10).json()
            for t in summaries}


@pytest.fixture(scope="session")
def documents(live_server) -> dict[str, dict]:
    return {d["id"]: d for d in requests.get(live_server.url + "/api/documents", timeout=10).json()["documents"]}
