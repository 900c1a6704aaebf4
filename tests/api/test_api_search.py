"""``POST /api/search`` against a real server: passages ranked by the index's retriever, each with
offsets that slice its document's file exactly (checked against the corpus files read here)."""
from __future__ import annotations

import pytest
import requests
from api_tools import assert_error, corpus_text

from service.config import Config

RESULT_KEYS = {"document", "title", "chunk_id", "section", "start", "end", "text", "score"}
QUERIES = ["capture of Abimael Guzman in September 1992", "encuesta presencial cobertura geográfica",
           "Shining Path founder", "¿Quién lidera en Lima?", "the"]
# (query, words the passage that obviously answers it says)
OBVIOUS = [("capture of Abimael Guzman in September 1992", "September 1992 capture of Abimael Guzman"),
           ("encuesta presencial cobertura geográfica", "encuesta presencial con mayor cobertura geográfica")]


def search(server, body: dict, headers: dict | None = None) -> requests.Response:
    return requests.post(server.url + "/api/search", json=body, headers=headers or {}, timeout=30)


def results(server, openapi, **body) -> list[dict]:
    response = search(server, body)
    assert response.status_code == 200, response.text[:300]
    openapi.validate(response, "/api/search", "post")
    assert response.json()["query"] == body["query"].strip()
    return response.json()["results"]


@pytest.mark.parametrize("query", QUERIES)
def test_every_result_slices_its_document_exactly(live_server, openapi, documents, query):
    found = results(live_server, openapi, query=query)
    assert found, query
    for result in found:
        assert set(result) == RESULT_KEYS
        assert result["document"] in documents
        assert result["title"] == documents[result["document"]]["title"]
        assert 0 <= result["start"] < result["end"]
        assert corpus_text(result["document"])[result["start"]:result["end"]] == result["text"], result["chunk_id"]
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)
    assert len({r["chunk_id"] for r in found}) == len(found)


@pytest.mark.parametrize("query,words", OBVIOUS)
def test_the_obviously_relevant_passage_ranks_first(live_server, openapi, query, words):
    found = results(live_server, openapi, query=query)
    assert words in found[0]["text"], [r["text"][:80] for r in found[:3]]
    assert found[0]["score"] > found[1]["score"]


def test_a_passage_is_found_first_by_its_own_words(live_server, openapi):
    for result in results(live_server, openapi, query="Sendero", top_k=5):
        own_words = " ".join(result["text"].split()[:15])
        assert results(live_server, openapi, query=own_words)[0]["chunk_id"] == result["chunk_id"], own_words


def test_the_viewer_opens_a_result_at_its_offsets(live_server, openapi):
    first = results(live_server, openapi, query=OBVIOUS[0][0])[0]
    page = requests.get(f"{live_server.url}/documents/{first['document']}",
                        params={"start": first["start"], "end": first["end"]}, timeout=30)
    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]


def test_top_k_bounds_the_results(live_server, openapi):
    assert len(results(live_server, openapi, query="the")) == 10   # the default
    three = results(live_server, openapi, query="the", top_k=3)
    assert three == results(live_server, openapi, query="the")[:3]
    assert len(results(live_server, openapi, query="the", top_k=50)) > 10


def test_documents_restricts_the_results(live_server, openapi, documents):
    query = OBVIOUS[0][0]
    everywhere = results(live_server, openapi, query=query)
    best = everywhere[0]["document"]
    others = sorted(set(documents) - {best})
    assert others
    elsewhere = results(live_server, openapi, query=query, documents=others)
    assert elsewhere and {r["document"] for r in elsewhere} <= set(others)
    for result in elsewhere:
        assert corpus_text(result["document"])[result["start"]:result["end"]] == result["text"]
    # Restricted to the best document, its best passage is still first.
    there = results(live_server, openapi, query=query, documents=[best], top_k=5)
    assert len(there) == 5 and {r["document"] for r in there} == {best}
    assert there[0]["chunk_id"] == everywhere[0]["chunk_id"]


LIMIT = Config().max_question_chars
# (body, the field the error must name, the status, the error code)
BAD_SEARCHES = [
    ({}, "query", 400, "missing_query"),
    ({"query": None}, "query", 400, "missing_query"),
    ({"query": ""}, "query", 400, "empty_query"),
    ({"query": " \n\t "}, "query", 400, "empty_query"),
    ({"query": 42}, "query", 400, "invalid_query"),
    ({"query": ["margin"]}, "query", 400, "invalid_query"),
    ({"query": "\ud800"}, "query", 400, "invalid_query"),
    ({"query": "x" * (LIMIT + 1)}, "query", 413, "query_too_long"),
    ({"query": "margin", "top_k": 0}, "top_k", 400, "invalid_top_k"),
    ({"query": "margin", "top_k": 51}, "top_k", 400, "invalid_top_k"),
    ({"query": "margin", "top_k": 1.5}, "top_k", 400, "invalid_top_k"),
    ({"query": "margin", "top_k": "5"}, "top_k", 400, "invalid_top_k"),
    ({"query": "margin", "top_k": False}, "top_k", 400, "invalid_top_k"),
    ({"query": "margin", "documents": []}, "documents", 400, "empty_documents"),
    ({"query": "margin", "documents": "all"}, "documents", 400, "invalid_documents"),
    ({"query": "margin", "documents": [7]}, "documents", 400, "invalid_documents"),
    ({"query": "margin", "documents": ["no-such-document"]}, "no-such-document", 400, "unknown_documents"),
    ({"query": "margin", "question": "why?"}, "question", 400, "unknown_fields"),
    ({"query": "margin", "language": "es"}, "language", 400, "unknown_fields"),
]


@pytest.mark.parametrize("body,field,status,code", BAD_SEARCHES, ids=[repr(case[0])[:60] for case in BAD_SEARCHES])
def test_a_bad_search_is_a_json_client_error_naming_the_field(live_server, openapi, body, field, status, code):
    response = search(live_server, body)
    error = assert_error(response, status, code)
    assert repr(field) in error["message"] or field in error["message"].split(), error
    openapi.validate(response, "/api/search", "post")


@pytest.mark.parametrize("data,headers,status,code", [
    ("margin", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
    ('{"query": "margin"', {"Content-Type": "application/json"}, 400, "invalid_json"),
    ('["margin"]', {"Content-Type": "application/json"}, 400, "invalid_body"),
])
def test_a_search_that_is_not_a_json_object_is_refused_like_a_question(live_server, openapi, data, headers, status,
                                                                        code):
    response = requests.post(live_server.url + "/api/search", data=data, headers=headers, timeout=30)
    assert_error(response, status, code)
    openapi.validate(response, "/api/search", "post")


def test_search_needs_a_key_like_ask_and_counts_against_the_same_limit(server_factory, tmp_path):
    keys = tmp_path / "api-keys.txt"
    keys.write_text("search-test-key-0001\n", encoding="utf-8")
    server = server_factory(env={"API_KEYS_FILE": str(keys), "ASKS_PER_MINUTE": "3", "ASK_BURST": "3"})
    assert_error(search(server, {"query": "margin"}), 401, "missing_key")
    # One kept-alive connection reaches one worker, whose count this is (without REDIS_URL each
    # worker counts on its own).
    session = requests.Session()
    session.headers["Authorization"] = "Bearer search-test-key-0001"

    def post(path: str, body: dict) -> requests.Response:
        return session.post(server.url + path, json=body, timeout=30)

    assert post("/api/ask", {"question": "Who was captured in 1992?"}).status_code == 200
    assert [post("/api/search", {"query": "margin"}).status_code for _ in range(2)] == [200, 200]
    refused = post("/api/search", {"query": "margin"})
    assert_error(refused, 429, "too_many_requests")
    assert int(refused.headers["Retry-After"]) >= 1
    assert_error(post("/api/ask", {"question": "Who was captured in 1992?"}), 429, "too_many_requests")
