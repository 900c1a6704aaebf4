"""Conversations over HTTP: ids carried back, private, durable across restarts and kills."""
from __future__ import annotations

import re
import secrets
import sqlite3
import threading
import time

import pytest
import requests
from api_tools import assert_error

from service.config import Config

QUESTIONS = [
    "¿Qué porcentaje obtiene Pedro Castillo en Lima y Callao?",
    "¿Y en el Interior del País?",
    "Who founded Sendero Luminoso?",
    "¿Cuál es el margen de error de la encuesta?",
    "What share of rural voters intend to vote for Keiko Fujimori?",
]
URL_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{22,}$")


def ask(base_url: str, question: str, conversation_id: str | None = None) -> requests.Response:
    body = {"question": question, **({"conversation_id": conversation_id} if conversation_id else {})}
    return requests.post(base_url + "/api/ask", json=body, timeout=30)


def history(base_url: str, conversation_id: str) -> requests.Response:
    return requests.get(f"{base_url}/api/conversations/{conversation_id}", timeout=10)


def converse(base_url: str, questions: list[str]) -> tuple[str, list[dict]]:
    answers, conversation_id = [], None
    for question in questions:
        response = ask(base_url, question, conversation_id)
        assert response.status_code == 200, response.text[:300]
        answers.append(response.json())
        conversation_id = answers[-1]["conversation_id"]
    return conversation_id, answers


def test_conversation_id_is_carried_back_and_lists_turns_in_order(live_server, openapi):
    conversation_id, answers = converse(live_server.url, QUESTIONS[:2])
    assert URL_SAFE_ID.match(conversation_id), conversation_id
    assert [a["conversation_id"] for a in answers] == [conversation_id] * 2
    assert [a["turn"] for a in answers] == [1, 2]
    response = history(live_server.url, conversation_id)
    assert response.status_code == 200
    openapi.validate(response, "/api/conversations/{conversation_id}")
    body = response.json()
    assert body["conversation_id"] == conversation_id
    assert [t["turn"] for t in body["turns"]] == [1, 2]
    assert [t["question"] for t in body["turns"]] == QUESTIONS[:2]
    for turn, answer in zip(body["turns"], answers):
        assert turn["answer"]["text"] == answer["answer"]
        assert turn["answer"]["answer_type"] == answer["answer_type"]
        assert turn["answer"]["figures"] == answer["figures"]
        assert [{k: v for k, v in c.items() if k not in ("viewer_url", "quote")} for c in answer["citations"]] \
            == turn["answer"]["citations"]
    assert body["turns"][0]["created_at"] <= body["turns"][1]["created_at"] <= time.time() + 5


def test_each_new_question_without_an_id_starts_its_own_conversation(live_server):
    ids = {ask(live_server.url, QUESTIONS[2]).json()["conversation_id"] for _ in range(5)}
    assert len(ids) == 5
    assert all(URL_SAFE_ID.match(i) for i in ids)


def test_other_ids_are_not_found_and_never_leak_another_conversation(live_server, openapi):
    conversation_id, _ = converse(live_server.url, QUESTIONS[:1])
    before = history(live_server.url, conversation_id).json()
    guesses = [secrets.token_urlsafe(16), conversation_id[:-1], conversation_id + "A", conversation_id.upper(),
               conversation_id.lower(), conversation_id[::-1], "' OR '1'='1", "%25", "1", "0", "null"]
    for guess in guesses:
        if guess == conversation_id:
            continue
        response = history(live_server.url, requests.utils.quote(guess, safe=""))
        assert_error(response, 404, "unknown_conversation")
        openapi.validate(response, "/api/conversations/{conversation_id}")
        assert conversation_id not in response.text and QUESTIONS[0] not in response.text
        response = ask(live_server.url, "¿Y en Rural?", guess)
        assert_error(response, 404, "unknown_conversation")
    # The guesses neither read nor wrote the real conversation.
    assert history(live_server.url, conversation_id).json() == before


@pytest.mark.slow
def test_history_survives_a_restart(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    server = server_factory(data_dir)
    conversations = [converse(server.url, QUESTIONS[:3])[0], converse(server.url, QUESTIONS[3:])[0]]
    before = {c: history(server.url, c).json() for c in conversations}
    server.stop()

    restarted = server_factory(data_dir)
    after = {c: history(restarted.url, c).json() for c in conversations}
    assert after == before
    # And the conversation goes on where it stopped.
    follow_up = ask(restarted.url, QUESTIONS[1], conversations[0])
    assert follow_up.status_code == 200
    assert follow_up.json()["turn"] == len(before[conversations[0]]["turns"]) + 1

    database = Config(data_dir=data_dir).database_path
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.slow
def test_a_killed_server_loses_no_acknowledged_turn(server_factory, tmp_path):
    """Clients ask in a loop; the server is SIGKILLed right after one of them receives its Nth answer."""
    data_dir = tmp_path / "data"
    server = server_factory(data_dir)
    clients, target = 4, 60
    acknowledged: list[dict] = []          # every answer a client received, in order
    lock = threading.Lock()
    enough = threading.Event()

    def client(number: int) -> None:
        conversation_id = None
        for turn in range(10_000):
            question = f"{QUESTIONS[(number + turn) % len(QUESTIONS)]} ({number}.{turn})"
            try:
                response = ask(server.url, question, conversation_id)
            except requests.RequestException:
                return                     # the server is gone
            if response.status_code != 200:
                return
            body = response.json()
            conversation_id = body["conversation_id"]
            with lock:
                acknowledged.append({"conversation_id": conversation_id, "turn": body["turn"],
                                     "question": question, "answer": body["answer"]})
                if len(acknowledged) >= target:
                    enough.set()
            if enough.is_set():
                return

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while not enough.wait(timeout=0.05):
        assert any(t.is_alive() for t in threads), f"clients stopped after {len(acknowledged)} answers"
        assert time.monotonic() < deadline, f"only {len(acknowledged)} answers in 120 s"
    server.stop(kill=True)                 # SIGKILL to gunicorn and its workers, requests in flight
    for thread in threads:
        thread.join(timeout=60)
    with lock:
        acknowledged_now = list(acknowledged)

    restarted = server_factory(data_dir)
    by_conversation: dict[str, list[dict]] = {}
    for ack in acknowledged_now:
        by_conversation.setdefault(ack["conversation_id"], []).append(ack)
    assert len(by_conversation) == clients
    for conversation_id, acks in by_conversation.items():
        response = history(restarted.url, conversation_id)
        assert response.status_code == 200, f"conversation {conversation_id} lost"
        turns = response.json()["turns"]
        assert [t["turn"] for t in turns] == list(range(1, len(turns) + 1))
        stored = {t["turn"]: t for t in turns}
        for ack in acks:
            assert ack["turn"] in stored, f"acknowledged turn {ack['turn']} of {conversation_id} lost"
            assert stored[ack["turn"]]["question"] == ack["question"]
            assert stored[ack["turn"]]["answer"]["text"] == ack["answer"]
        # At most the one request in flight at the kill was stored without its answer arriving.
        assert len(turns) - len(acks) in (0, 1)
