"""Keys, owners and share links over HTTP, against a real server started with API_KEYS_FILE."""
from __future__ import annotations

import csv
import io
import time

import pytest
import requests
from api_tools import assert_error

KEY_A, KEY_B, KEY_C = "client-key-alpha-0001", "client-key-bravo-0002", "client-key-charlie-0003"
ADMIN = "access-test-admin-key"
QUESTION = "¿Quién lidera en Lima?"


@pytest.fixture
def keyed_server(server_factory, tmp_path):
    keys = tmp_path / "api-keys.txt"
    keys.write_text(f"# one key per line\n{KEY_A}\n\n{KEY_B}\n", encoding="utf-8")
    server = server_factory(env={"API_KEYS_FILE": str(keys), "ADMIN_API_KEY": ADMIN})
    server.keys_file = keys
    return server


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def ask(server, key: str | None, conversation_id: str | None = None, session=requests) -> requests.Response:
    body = {"question": QUESTION, **({"conversation_id": conversation_id} if conversation_id else {})}
    return session.post(server.url + "/api/ask", json=body, headers=bearer(key) if key else {}, timeout=30)


def test_without_a_valid_key_the_json_api_is_401_but_health_and_the_description_are_open(keyed_server):
    url = keyed_server.url
    for method, path in (("post", "/api/ask"), ("get", "/api/documents"), ("get", "/api/tables"),
                         ("get", "/api/conversations/whatever")):
        response = requests.request(method, url + path, json={"question": QUESTION}, timeout=30)
        assert_error(response, 401, "missing_key")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert_error(requests.request(method, url + path, json={"question": QUESTION}, headers=bearer("nope"),
                                      timeout=30), 401, "invalid_key")
    assert_error(requests.get(url + "/api/tables", headers={"Authorization": "Basic abc"}, timeout=30),
                 401, "unauthorized")
    for path in ("/healthz", "/readyz", "/api/openapi.json"):
        assert requests.get(url + path, timeout=30).status_code == 200


def test_a_conversation_belongs_to_its_key(keyed_server):
    first = ask(keyed_server, KEY_A)
    assert first.status_code == 200, first.text
    conversation_id = first.json()["conversation_id"]
    assert ask(keyed_server, KEY_A, conversation_id).json()["turn"] == 2
    mine = requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}", headers=bearer(KEY_A), timeout=30)
    assert mine.status_code == 200 and [t["turn"] for t in mine.json()["turns"]] == [1, 2]
    assert mine.headers["Cache-Control"] == "no-store"
    # For another key the conversation does not exist: neither readable nor continued.
    assert_error(requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}", headers=bearer(KEY_B),
                              timeout=30), 404, "unknown_conversation")
    assert_error(ask(keyed_server, KEY_B, conversation_id), 404, "unknown_conversation")
    assert len(requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}", headers=bearer(KEY_A),
                            timeout=30).json()["turns"]) == 2


def test_a_share_link_opens_the_conversation_read_only_until_revoked(keyed_server):
    url = keyed_server.url
    conversation_id = ask(keyed_server, KEY_A).json()["conversation_id"]
    assert_error(requests.post(f"{url}/api/conversations/{conversation_id}/shares", headers=bearer(KEY_B),
                               timeout=30), 404, "unknown_conversation")
    made = requests.post(f"{url}/api/conversations/{conversation_id}/shares", headers=bearer(KEY_A), timeout=30)
    assert made.status_code == 201
    token = made.json()["token"]
    assert conversation_id not in made.json()["url"] and made.json()["api_url"].endswith(f"/api/shared/{token}")
    assert made.json()["url"].endswith(f"/shared/{token}")
    other = requests.post(f"{url}/api/conversations/{conversation_id}/shares", headers=bearer(KEY_A),
                          timeout=30).json()["token"]
    opened = requests.get(f"{url}/api/shared/{token}", timeout=30)   # no key: the link is the credential
    assert opened.status_code == 200
    assert [t["question"] for t in opened.json()["turns"]] == [QUESTION]
    assert conversation_id not in opened.text
    assert_error(requests.delete(f"{url}/api/conversations/{conversation_id}/shares/{token}", headers=bearer(KEY_B),
                                 timeout=30), 404, "unknown_conversation")
    revoked = requests.delete(f"{url}/api/conversations/{conversation_id}/shares/{token}", headers=bearer(KEY_A),
                              timeout=30)
    assert revoked.status_code == 200
    assert_error(requests.get(f"{url}/api/shared/{token}", timeout=30), 404, "unknown_share")
    assert requests.get(f"{url}/api/shared/{other}", timeout=30).status_code == 200   # the other link stays


def test_the_page_works_through_its_browser_token_and_browsers_do_not_share(keyed_server):
    page = requests.Session()
    home = page.get(keyed_server.url + "/", timeout=30)
    cookie = home.headers["Set-Cookie"]
    assert "qa_browser=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    asked = ask(keyed_server, None, session=page)
    assert asked.status_code == 200, asked.text
    conversation_id = asked.json()["conversation_id"]
    assert page.get(f"{keyed_server.url}/api/conversations/{conversation_id}", timeout=30).status_code == 200
    stranger = requests.Session()
    stranger.get(keyed_server.url + "/", timeout=30)
    assert_error(stranger.get(f"{keyed_server.url}/api/conversations/{conversation_id}", timeout=30),
                 404, "unknown_conversation")
    # A token this server did not sign is no token.
    forged = requests.post(keyed_server.url + "/api/ask", json={"question": QUESTION},
                           cookies={"qa_browser": "made-up.0123456789abcdef0123456789abcdef"}, timeout=30)
    assert_error(forged, 401, "missing_key")


def test_keys_are_read_again_when_the_file_changes_and_roles_hold(keyed_server):
    assert_error(ask(keyed_server, KEY_C), 401, "invalid_key")
    time.sleep(0.01)
    keyed_server.keys_file.write_text(f"{KEY_A}\n{KEY_C}\n", encoding="utf-8")   # C added, B revoked
    assert ask(keyed_server, KEY_C).status_code == 200
    assert_error(ask(keyed_server, KEY_B), 401, "invalid_key")
    # A client key may not change the collection; the admin key may ask too.
    upload = requests.post(keyed_server.url + "/api/documents", headers=bearer(KEY_A),
                           files={"file": ("note.txt", b"A short note.")}, timeout=30)
    assert_error(upload, 403, "forbidden")
    assert ask(keyed_server, ADMIN).status_code == 200


def test_keys_and_conversation_ids_stay_out_of_the_log(keyed_server):
    conversation_id = ask(keyed_server, KEY_A).json()["conversation_id"]
    requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}", headers=bearer(KEY_B), timeout=30)
    ask(keyed_server, "wrong-key-9999")
    log = keyed_server.log_path.read_text()
    for secret in (KEY_A, KEY_B, "wrong-key-9999", conversation_id, QUESTION):
        assert secret not in log


def test_a_key_lists_its_own_conversations_newest_first_in_pages(keyed_server):
    url = keyed_server.url
    mine = [ask(keyed_server, KEY_A).json()["conversation_id"] for _ in range(3)]
    ask(keyed_server, KEY_B)
    first = requests.get(f"{url}/api/conversations?limit=2", headers=bearer(KEY_A), timeout=30).json()
    assert [c["conversation_id"] for c in first["conversations"]] == mine[::-1][:2]
    assert first["conversations"][0]["first_question"] == QUESTION and first["conversations"][0]["turns"] == 1
    rest = requests.get(f"{url}/api/conversations", params={"limit": 2, "before": first["next"]},
                        headers=bearer(KEY_A), timeout=30).json()
    assert [c["conversation_id"] for c in rest["conversations"]] == [mine[0]] and rest["next"] is None
    others = requests.get(f"{url}/api/conversations", headers=bearer(KEY_B), timeout=30).json()["conversations"]
    assert not set(mine) & {c["conversation_id"] for c in others}
    for query, code in (("limit=0", "invalid_limit"), ("limit=x", "invalid_limit"), ("before=soon", "invalid_cursor")):
        assert_error(requests.get(f"{url}/api/conversations?{query}", headers=bearer(KEY_A), timeout=30), 400, code)


def test_a_conversation_exports_as_markdown_with_its_sources(keyed_server):
    conversation_id = ask(keyed_server, KEY_A).json()["conversation_id"]
    exported = requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}/export.md",
                            headers=bearer(KEY_A), timeout=30)
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/markdown")
    text = exported.text
    assert f"## 1. {QUESTION}" in text and "Sources:" in text
    assert f"<{keyed_server.url}/documents/" in text   # each source links to its place in the document
    assert_error(requests.get(f"{keyed_server.url}/api/conversations/{conversation_id}/export.md",
                              headers=bearer(KEY_B), timeout=30), 404, "unknown_conversation")


def test_a_share_link_opens_a_read_only_page(keyed_server):
    conversation_id = ask(keyed_server, KEY_A).json()["conversation_id"]
    made = requests.post(f"{keyed_server.url}/api/conversations/{conversation_id}/shares", headers=bearer(KEY_A),
                         timeout=30).json()
    page = requests.get(made["url"], timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert QUESTION in page.text and "/documents/" in page.text and conversation_id not in page.text
    requests.delete(f"{keyed_server.url}/api/conversations/{conversation_id}/shares/{made['token']}",
                    headers=bearer(KEY_A), timeout=30)
    gone = requests.get(made["url"], timeout=30)
    assert gone.status_code == 404 and QUESTION not in gone.text


def test_feedback_is_given_by_the_owner_and_read_back_by_the_admin(keyed_server):
    url = keyed_server.url
    answer = ask(keyed_server, KEY_A).json()
    path = f"{url}/api/conversations/{answer['conversation_id']}/turns/{answer['turn']}/feedback"
    given_comment = "Wrong region, I meant Lima Metropolitana"
    given = requests.post(path, json={"value": "down", "comment": given_comment},
                          headers=bearer(KEY_A), timeout=30)
    assert given.status_code == 201
    assert requests.post(path, json={"value": "up"}, headers=bearer(KEY_A), timeout=30).status_code == 201
    for body, status, code in (({"value": "meh"}, 400, "invalid_value"), ({"value": True}, 400, "invalid_value"),
                               ({"value": "up", "comment": 5}, 400, "invalid_comment"),
                               ({"value": "up", "comment": "x" * 1001}, 413, "comment_too_long")):
        assert_error(requests.post(path, json=body, headers=bearer(KEY_A), timeout=30), status, code)
    assert_error(requests.post(path, json={"value": "up"}, headers=bearer(KEY_B), timeout=30), 404,
                 "unknown_conversation")
    assert_error(requests.post(path.replace(f"/turns/{answer['turn']}/", "/turns/99/"), json={"value": "up"},
                               headers=bearer(KEY_A), timeout=30), 404, "unknown_turn")

    assert_error(requests.get(f"{url}/api/feedback", headers=bearer(KEY_A), timeout=30), 403, "forbidden")
    report = requests.get(f"{url}/api/feedback", headers=bearer(ADMIN), timeout=30).json()["feedback"]
    assert [(r["value"], r["comment"]) for r in report[:2]] == [(1, None), (-1, given_comment)]
    assert report[1]["question"] == QUESTION and report[1]["answer_text"] == answer["answer"]
    assert report[1]["interpretation"]["route"] == answer["interpretation"]["route"]
    exported = requests.get(f"{url}/api/feedback?format=csv", headers=bearer(ADMIN), timeout=30)
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[1]["value"] == "down" and rows[1]["question"] == QUESTION and rows[1]["comment"].startswith("Wrong")


def test_a_feedback_value_of_the_wrong_shape_and_a_repeated_parameter_are_400(keyed_server):
    # Both found by Schemathesis (python -m scripts.fuzz): a list value was a 500, a repeated
    # parameter silently took its first value.
    answer = ask(keyed_server, KEY_A).json()
    path = f"{keyed_server.url}/api/conversations/{answer['conversation_id']}/turns/{answer['turn']}/feedback"
    assert_error(requests.post(path, json={"value": [[], {}]}, headers=bearer(KEY_A), timeout=30), 400,
                 "invalid_value")
    assert_error(requests.get(f"{keyed_server.url}/api/conversations?limit=1&limit=2", headers=bearer(KEY_A),
                              timeout=30), 400, "repeated_parameter")
    assert_error(requests.post(f"{keyed_server.url}/api/ask", json={"question": QUESTION, "conversation": "x"},
                               headers=bearer(KEY_A), timeout=30), 400, "unknown_fields")


def test_only_listed_origins_may_call_the_api_across_sites(server_factory, tmp_path):
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{KEY_A}\n", encoding="utf-8")
    server = server_factory(env={"API_KEYS_FILE": str(keys), "CORS_ORIGINS": "https://newsroom.example"})
    preflight = requests.options(server.url + "/api/ask", timeout=30, headers={
        "Origin": "https://newsroom.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 200   # no key needed for the preflight itself
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    asked = requests.post(server.url + "/api/ask", json={"question": QUESTION}, timeout=30,
                          headers={**bearer(KEY_A), "Origin": "https://newsroom.example"})
    assert asked.status_code == 200 and asked.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "Access-Control-Allow-Credentials" not in asked.headers   # no cookies across sites
    other = requests.post(server.url + "/api/ask", json={"question": QUESTION}, timeout=30,
                          headers={**bearer(KEY_A), "Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers and "Origin" in other.headers["Vary"]
