"""Bad input gets a 4xx in the JSON error envelope: never a 500, never a stack trace."""
from __future__ import annotations

import json
import random
import string

import pytest
import requests
from api_tools import assert_error

from service.config import Config

JSON = {"Content-Type": "application/json"}
LIMITS = Config()
SEED = 20210421


def post_ask(server, data: bytes | str | None = None, headers: dict | None = None, **kwargs) -> requests.Response:
    return requests.post(server.url + "/api/ask", data=data, headers=headers, timeout=30, **kwargs)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# (id, body, headers, accepted statuses, expected error code)
BAD_BODIES = [
    ("plain-text", "What is Sendero Luminoso?", {"Content-Type": "text/plain"}, {415}, "unsupported_media_type"),
    ("form-encoded", "question=hola", {"Content-Type": "application/x-www-form-urlencoded"}, {415}, None),
    ("no-content-type", '{"question": "hola"}', {}, {415}, None),
    ("json-with-wrong-type", '{"question": "hola"}', {"Content-Type": "text/html"}, {415}, None),
    ("malformed", '{"question": "hola"', JSON, {400}, "invalid_json"),
    ("trailing-garbage", '{"question": "hola"} extra', JSON, {400}, "invalid_json"),
    ("empty-body", "", JSON, {400}, "invalid_json"),
    ("array", '["question", "hola"]', JSON, {400}, "invalid_body"),
    ("number", "42", JSON, {400}, "invalid_body"),
    ("string", '"¿Quién ganó?"', JSON, {400}, "invalid_body"),
    ("null", "null", JSON, {400}, "invalid_body"),
    ("empty-object", "{}", JSON, {400}, "missing_question"),
    ("other-field", '{"q": "hola"}', JSON, {400}, "unknown_fields"),   # named, not ignored
    ("question-null", '{"question": null}', JSON, {400}, None),
    ("question-number", '{"question": 42}', JSON, {400}, "invalid_question"),
    ("question-float", '{"question": 4.2}', JSON, {400}, "invalid_question"),
    ("question-infinite", '{"question": 1e999}', JSON, {400}, "invalid_question"),
    ("question-list", '{"question": ["hola"]}', JSON, {400}, "invalid_question"),
    ("question-object", '{"question": {"text": "hola"}}', JSON, {400}, "invalid_question"),
    ("question-bool", '{"question": true}', JSON, {400}, "invalid_question"),
    ("question-empty", '{"question": ""}', JSON, {400}, "empty_question"),
    ("question-whitespace", '{"question": "  \\n\\t  \\u00a0 "}', JSON, {400}, "empty_question"),
    ("question-lone-surrogate", '{"question": "\\ud800 hola"}', JSON, {400}, "invalid_question"),
    ("conversation-number", '{"question": "hola", "conversation_id": 7}', JSON, {400}, "invalid_conversation_id"),
    ("conversation-list", '{"question": "hola", "conversation_id": ["a"]}', JSON, {400}, "invalid_conversation_id"),
    ("conversation-object", '{"question": "hola", "conversation_id": {}}', JSON, {400}, "invalid_conversation_id"),
    ("conversation-bool", '{"question": "hola", "conversation_id": false}', JSON, {400}, "invalid_conversation_id"),
    ("conversation-surrogate", '{"question": "hola", "conversation_id": "\\udfff"}', JSON, {400},
     "invalid_conversation_id"),
    ("not-utf8", b'{"question": "\xbfQu\xe9 pas\xf3?"}', JSON, {400}, "invalid_json"),
    ("invalid-bytes", b'{"question": "\xff\xfe\xfd"}', JSON, {400}, "invalid_json"),
    ("deep-array", nested(20_000), JSON, {400}, "invalid_json"),
    ("deep-inside-object", '{"question": "hola", "extra": ' + nested(20_000) + "}", JSON, {400}, "invalid_json"),
    ("deep-objects", '{"a": ' * 8_000 + "1" + "}" * 8_000, JSON, {400}, "invalid_json"),
]


@pytest.mark.parametrize("body,headers,statuses,code", [case[1:] for case in BAD_BODIES],
                         ids=[case[0] for case in BAD_BODIES])
def test_bad_body_is_a_json_client_error(live_server, openapi, body, headers, statuses, code):
    response = post_ask(live_server, body, headers)
    assert_error(response, statuses, code)
    openapi.validate(response, "/api/ask", "post")


def test_question_at_the_length_limit_is_answered(live_server):
    question = ("¿Qué porcentaje obtiene Pedro Castillo en Lima y Callao? " * 40)[:LIMITS.max_question_chars]
    response = post_ask(live_server, json.dumps({"question": question}), JSON)
    assert response.status_code == 200, response.text[:300]


def test_question_one_character_over_the_limit_is_refused(live_server, openapi):
    question = "¿Quién ganó? " + "x" * (LIMITS.max_question_chars + 1 - len("¿Quién ganó? "))
    assert len(question) == LIMITS.max_question_chars + 1
    response = post_ask(live_server, json.dumps({"question": question}), JSON)
    error = assert_error(response, {400, 413}, "question_too_long")
    assert str(LIMITS.max_question_chars) in error["message"]
    openapi.validate(response, "/api/ask", "post")


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_body_over_the_size_limit_is_refused(live_server, content_type):
    body = json.dumps({"question": "hola", "padding": "x" * LIMITS.max_body_bytes})
    assert len(body.encode()) > LIMITS.max_body_bytes
    response = post_ask(live_server, body, {"Content-Type": content_type})
    assert_error(response, {413} if content_type == "application/json" else {413, 415})


def test_unknown_conversation_is_not_found(live_server):
    response = post_ask(live_server, json.dumps({"question": "hola", "conversation_id": "nope"}), JSON)
    assert_error(response, 404, "unknown_conversation")


@pytest.mark.parametrize("method,path", [
    ("GET", "/nope"), ("POST", "/nope"), ("GET", "/api"), ("POST", "/api/nope"), ("GET", "/api/ask/extra"),
    ("POST", "/api/ask/extra"), ("GET", "/api/tables/a/b"), ("GET", "/api/conversations/"),
    ("GET", "/api/conversation"), ("DELETE", "/api/nope"),
])
def test_unknown_route_is_a_json_404(live_server, method, path):
    assert_error(requests.request(method, live_server.url + path, timeout=10), 404)


@pytest.mark.parametrize("method,path,allowed", [
    ("GET", "/api/ask", "POST"), ("PUT", "/api/ask", "POST"), ("DELETE", "/api/ask", "POST"),
    ("PATCH", "/api/ask", "POST"), ("POST", "/healthz", "GET"), ("POST", "/api/tables", "GET"),
    ("PUT", "/api/documents", "GET"), ("DELETE", "/api/conversations/abc", "GET"),
    ("POST", "/api/openapi.json", "GET"),
])
def test_wrong_method_is_a_json_405_with_allow(live_server, method, path, allowed):
    response = requests.request(method, live_server.url + path, timeout=10)
    assert_error(response, 405)
    assert allowed in {m.strip() for m in response.headers["Allow"].split(",")}


def test_non_utf8_path_is_a_json_404(live_server):
    for path in ("/api/conversations/%ff%fe", "/api/tables/%c3%28", "/api/tables/%00"):
        assert_error(requests.get(live_server.url + path, timeout=10), 404)


# Fuzzing: seeded, so a failure names its case and replays.

def random_text(rng: random.Random, size: int) -> str:
    alphabets = [string.ascii_letters + " " * 10, string.printable, "áéíóúñ¿¡ÁÉÑ°–—“”«»",
                 "\u0000\u0007\u200b\ufeff\u2028", "😀𝔘ℵ漢字"]
    weights = [10, 5, 3, 1, 1]
    if rng.random() < 0.05:
        return "hola \ud800"  # a lone surrogate: valid in JSON text, not in UTF-8
    return "".join(rng.choice(rng.choices(alphabets, weights)[0]) for _ in range(size))


def random_json(rng: random.Random, depth: int = 0):
    choice = rng.randrange(9 if depth < 4 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2**70, rng.uniform(-1e9, 1e9), 1e308])
    if choice in (3, 4, 5):
        return random_text(rng, rng.choice([0, 1, 5, 40, 300, 1200]))
    if choice in (6, 7):
        return {random_text(rng, rng.randrange(1, 8)): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}
    return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]


def random_ask_body(rng: random.Random) -> dict:
    body = {}
    if rng.random() < 0.9:
        body["question"] = random_json(rng) if rng.random() < 0.3 else random_text(rng, rng.randrange(0, 1100))
    if rng.random() < 0.2:
        body["conversation_id"] = random_json(rng) if rng.random() < 0.5 else random_text(rng, rng.randrange(30))
    if rng.random() < 0.2:
        body[random_text(rng, 5)] = random_json(rng)
    return body


def random_request(rng: random.Random) -> dict:
    """Mostly asks with odd bodies; some odd methods, paths, headers and raw bytes."""
    method = rng.choice(["POST"] * 12 + ["GET", "PUT", "DELETE", "PATCH"])
    path = rng.choice(["/api/ask"] * 12 + ["/api/ask/", "/api/tables/" + random_text(rng, 6),
                                          "/api/conversations/" + random_text(rng, 22), "/api/" + random_text(rng, 10)])
    headers = {"Content-Type": rng.choice([
        "application/json"] * 8 + ["application/json; charset=utf-8", "application/json; charset=latin-1",
        "application/vnd.api+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/json; boundary=x", "", "*/*"])}
    if rng.random() < 0.3:
        headers["Accept"] = rng.choice(["text/html", "application/xml", "*/*", "application/json;q=0"])
    if rng.random() < 0.2:
        headers["X-" + "".join(rng.choices(string.ascii_letters, k=6))] = "v" + "".join(
            rng.choices(string.ascii_letters + string.digits + " -_;=", k=rng.randrange(40)))
    shape = rng.random()
    if shape < 0.7:
        data = json.dumps(random_ask_body(rng), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    elif shape < 0.8:
        data = json.dumps(random_json(rng)).encode()
    elif shape < 0.9:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
    else:
        text = json.dumps(random_ask_body(rng))
        data = text[:rng.randrange(len(text) + 1)].encode("utf-8", "surrogatepass")  # cut short
    return {"method": method, "path": "".join(c for c in path if c not in "?#"), "headers": headers, "data": data}


def test_random_requests_never_break_the_server(live_server):
    rng = random.Random(SEED)
    seen: dict[int, int] = {}
    for number in range(300):
        case = random_request(rng)
        url = live_server.url + requests.utils.requote_uri(case["path"].encode("utf-8", "surrogatepass")
                                                           .decode("utf-8", "replace"))
        response = requests.request(case["method"], url, data=case["data"], headers=case["headers"], timeout=30)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        where = f"case {number} of seed {SEED}: {case['method']} {case['path']!r} {case['data'][:120]!r}"
        assert response.status_code < 500, where + " " + response.text[:300]
        assert "Traceback" not in response.text, where
        assert response.headers.get("Content-Type", "").startswith("application/json"), where
        if response.status_code >= 400:
            assert_error(response, response.status_code)
        else:
            assert isinstance(response.json(), dict), where
    # The generator reached both sides: answers and refusals.
    assert sum(n for s, n in seen.items() if s < 300) >= 10, seen
    assert sum(n for s, n in seen.items() if s >= 400) >= 100, seen
