"""Faults and floods degrade the service (an unsaved turn, a 429); they never break a request."""
from __future__ import annotations

import sqlite3

import requests


def test_a_locked_store_answers_unsaved_reports_degraded_and_recovers(server_factory, tmp_path):
    server = server_factory(tmp_path / "data", env={"STORE_BUSY_TIMEOUT": "0.3"})
    first = requests.post(server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"}, timeout=30).json()
    assert first["saved"] is True
    # Another process holds the database's write lock, as a full disk or a stuck writer would.
    blocker = sqlite3.connect(tmp_path / "data" / "conversations.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        for body in ({"question": "¿Quién lidera en el Sur?"},
                     {"question": "¿Y en el Norte?", "conversation_id": first["conversation_id"]}):
            response = requests.post(server.url + "/api/ask", json=body, timeout=30)
            assert response.status_code in (200, 503), response.text
            if response.status_code == 200:
                answer = response.json()
                assert answer["saved"] is False and answer["turn"] is None and answer["answer"]
            else:
                assert response.headers["Retry-After"] and response.json()["error"]["code"] == "store_unavailable"
        health = requests.get(server.url + "/healthz", timeout=30).json()
        assert health["status"] == "degraded" and "locked" in health["problems"][0]
        assert requests.get(server.url + "/readyz", timeout=30).status_code == 503
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert requests.get(server.url + "/readyz", timeout=30).status_code == 200
    again = requests.post(server.url + "/api/ask", json={"question": "¿Y en el Sur?",
                                                         "conversation_id": first["conversation_id"]}, timeout=30)
    assert again.json()["saved"] is True and again.json()["turn"] == 2
    log = server.log_path.read_text()
    assert "database is locked" in log and "Traceback" not in log


def test_one_client_asking_too_fast_gets_429_with_retry_after(server_factory, tmp_path):
    server = server_factory(tmp_path / "data", env={"ASKS_PER_MINUTE": "30", "ASK_BURST": "4"})
    session = requests.Session()
    statuses = [session.post(server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"}, timeout=30)
                for _ in range(12)]
    refused = [r for r in statuses if r.status_code == 429]
    assert 0 < len(refused) <= 12 - 4   # the burst goes through on each worker; then the limit
    assert int(refused[0].headers["Retry-After"]) >= 1 and refused[0].json()["error"]["code"] == "too_many_requests"
    assert all(r.status_code in (200, 429) for r in statuses)


def test_answers_and_conversations_are_not_cached(live_server):
    answer = requests.post(live_server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"}, timeout=30)
    history = requests.get(f"{live_server.url}/api/conversations/{answer.json()['conversation_id']}", timeout=30)
    assert answer.headers["Cache-Control"] == history.headers["Cache-Control"] == "no-store"


def test_a_store_that_cannot_be_read_is_a_503_with_retry_after_never_a_500(tmp_path):
    # In-process: a request served by a thread that opens the (now damaged) database afresh, as a
    # new gunicorn thread would.
    import threading

    from service import create_app
    from service.config import Config
    from tests.conftest import ROOT
    app = create_app(Config(data_dir=tmp_path / "data", index_dir=ROOT / "build" / "index"))
    client = app.test_client()
    first = client.post("/api/ask", json={"question": "¿Quién lidera en Lima?"}).get_json()
    database = tmp_path / "data" / "conversations.sqlite3"
    for companion in ("-wal", "-shm"):
        database.with_name(database.name + companion).unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    responses = []

    def later() -> None:
        responses.append(client.get(f"/api/conversations/{first['conversation_id']}"))
        responses.append(client.post("/api/ask", json={"question": "¿Y en el Norte?",
                                                        "conversation_id": first["conversation_id"]}))
    thread = threading.Thread(target=later)
    thread.start()
    thread.join()
    for response in responses:
        assert response.status_code == 503, response.get_data(as_text=True)
        assert response.headers["Retry-After"] and response.get_json()["error"]["code"] == "store_unavailable"
