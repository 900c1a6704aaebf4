"""Request ids, the JSON request log without conversation ids, and Prometheus metrics."""
from __future__ import annotations

import json

import requests


def test_requests_get_an_id_a_json_log_line_without_ids_and_metrics(server_factory, tmp_path):
    server = server_factory(tmp_path / "data")
    # One keep-alive connection: one worker answers all three, and its metrics count its answer.
    client = requests.Session()
    asked = client.post(server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"},
                        headers={"X-Request-ID": "client-chosen-id-1"}, timeout=30)
    assert asked.headers["X-Request-ID"] == "client-chosen-id-1"
    conversation = asked.json()["conversation_id"]
    history = client.get(f"{server.url}/api/conversations/{conversation}", timeout=30)
    assert len(history.headers["X-Request-ID"]) >= 8   # made up when the client sends none
    metrics = client.get(server.url + "/metrics", timeout=30).text
    for line in ('qa_answers_total{route="computed",type="figure"', 'qa_requests_total{method="POST",route="/api/ask"',
                 "qa_request_seconds_bucket", "qa_index_generation"):
        assert line in metrics, line
    log = server.log_path.read_text()
    assert conversation not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line["logger"] == "service.access"]
    assert {"request_id": "client-chosen-id-1", "route": "/api/ask", "status": 200} .items() <= next(
        line for line in request_lines if line.get("request_id") == "client-chosen-id-1").items()
    assert any(line["route"] == "/api/conversations/<conversation_id>" for line in request_lines)


def answered_by(server, request_id: str) -> int:
    for line in server.log_path.read_text().splitlines():
        if line.startswith("{") and request_id in line:
            record = json.loads(line)
            if record.get("request_id") == request_id and record["logger"] == "service.access":
                return record["worker"]
    raise AssertionError(f"no access line for {request_id}")


def test_metrics_count_every_worker_whichever_worker_is_scraped(server_factory, tmp_path):
    server = server_factory(tmp_path / "data")   # two workers
    workers: set[int] = set()
    asked = 0
    while len(workers) < 2 or asked < 6:
        assert asked < 60, "one worker answered every fresh connection"
        request_id = f"spread-ask-{asked:04d}"
        response = requests.post(server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"},
                                 headers={"X-Request-ID": request_id, "Connection": "close"}, timeout=30)
        assert response.ok
        workers.add(answered_by(server, request_id))
        asked += 1
    scraped: set[int] = set()
    for attempt in range(12):
        request_id = f"spread-scrape-{attempt:04d}"
        text = requests.get(server.url + "/metrics", headers={"X-Request-ID": request_id, "Connection": "close"},
                            timeout=30).text
        scraped.add(answered_by(server, request_id))
        counted = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                      if line.startswith('qa_requests_total{method="POST",route="/api/ask"'))
        assert counted == asked, text
    assert scraped, "no scrape was logged"
