"""``POST /api/ask``'s optional fields against a real server: ``documents`` restricts where an answer
may come from, ``top_k`` how many citations it carries, ``language`` the words the service says.

Each answer is compared with the same question asked without the field, so every test says what
the field changed, and what it must not change.
"""
from __future__ import annotations

import pytest
import requests
from api_tools import assert_error

# (question, the route that answers it in full): a table cell, a fact-sheet entry, a passage.
ANSWERED = [
    ("Castillo support in Lima/Callao", "table"),
    ("¿Quién lidera en el Oriente?", "computed"),
    ("What was the margin of error of the CPI poll?", "facts"),
    ("Who was captured in 1992?", "passage"),
    ("¿Quién fue capturado en 1992?", "passage"),
]
PASSAGE_QUESTION = "Who was captured in 1992?"
COMPUTED_QUESTION = "¿Quién lidera en Lima?"


def post(server, body: dict) -> requests.Response:
    return requests.post(server.url + "/api/ask", json=body, timeout=30)


def answer(server, openapi, **body) -> dict:
    response = post(server, body)
    assert response.status_code == 200, response.text[:300]
    openapi.validate(response, "/api/ask", "post")
    return response.json()


def cited_documents(body: dict) -> set[str]:
    return {c["document"] for c in body["citations"]} | {f["document"] for f in body["figures"]}


@pytest.mark.parametrize("question,route", ANSWERED, ids=[q for q, _ in ANSWERED])
def test_documents_restricts_every_route_to_the_documents_named(live_server, openapi, documents, question, route):
    full = answer(live_server, openapi, question=question)
    assert full["interpretation"]["route"] == route, full["answer"]
    sources = cited_documents(full)
    assert sources and sources <= set(documents)

    # Only documents other than the ones that answer it: the service says it cannot answer, and
    # quotes nothing from the documents left out.
    others = sorted(set(documents) - sources)
    assert others, "the test needs a document that does not answer the question"
    excluded = answer(live_server, openapi, question=question, documents=others)
    assert excluded["answer_type"] == "none", excluded["answer"]
    assert excluded["citations"] == [] and excluded["figures"] == []

    # Restricted to the documents that do answer it, the answer is the same.
    kept = answer(live_server, openapi, question=question, documents=sorted(sources))
    assert (kept["answer"], kept["citations"], kept["figures"]) == (full["answer"], full["citations"], full["figures"])


def test_a_question_naming_a_left_out_document_gets_none(live_server, openapi, documents):
    # "the CPI poll" names the poll's pollster; restricted to the other documents, the name does not
    # turn into a word to look for in them.
    full = answer(live_server, openapi, question="When was the CPI poll published?")
    assert full["answer_type"] != "none", full["answer"]
    others = sorted(set(documents) - cited_documents(full))
    restricted = answer(live_server, openapi, question="When was the CPI poll published?", documents=others)
    assert restricted["answer_type"] == "none", restricted["answer"]


def test_top_k_drops_supporting_passages_after_the_quoted_one(live_server, openapi):
    full = answer(live_server, openapi, question=PASSAGE_QUESTION)
    assert full["answer_type"] == "passage" and len(full["citations"]) >= 2, full["citations"]
    for top_k in range(1, len(full["citations"]) + 1):
        limited = answer(live_server, openapi, question=PASSAGE_QUESTION, top_k=top_k)
        assert limited["citations"] == full["citations"][:top_k]
        assert (limited["answer"], limited["span"]) == (full["answer"], full["span"])
    # The quoted passage is the one kept: it holds the span the answer gives.
    first = full["citations"][0]
    assert first["start"] <= full["span"]["start"] < full["span"]["end"] <= first["end"]
    assert answer(live_server, openapi, question=PASSAGE_QUESTION, top_k=10)["citations"] == full["citations"]


def test_top_k_keeps_every_citation_a_figure_rests_on(live_server, openapi):
    full = answer(live_server, openapi, question=COMPUTED_QUESTION)
    assert full["answer_type"] == "figure" and len(full["citations"]) >= 2, full["citations"]
    limited = answer(live_server, openapi, question=COMPUTED_QUESTION, top_k=1)
    assert (limited["answer"], limited["citations"], limited["figures"]) == (
        full["answer"], full["citations"], full["figures"])


def test_the_stored_turn_keeps_the_citations_that_were_sent(live_server, openapi):
    sent = answer(live_server, openapi, question=PASSAGE_QUESTION, top_k=1)
    stored = requests.get(f"{live_server.url}/api/conversations/{sent['conversation_id']}", timeout=30).json()
    assert len(stored["turns"][-1]["answer"]["citations"]) == 1


# A table cell, arithmetic, a passage, a fact; and passages found once the words that chose the
# document ("el autor", "el artículo de 1993") are set aside: the rest is still read as Spanish.
WORDED = ["Castillo support in Lima/Callao", "¿Quién lidera en Lima?", PASSAGE_QUESTION,
          "¿Cuál es el margen de error de la encuesta?", "¿Dónde obtuvo el autor su doctorado?",
          "Según el artículo de 1993, ¿cuándo se fundó Sendero?"]


@pytest.mark.parametrize("question", WORDED)
def test_language_words_the_answer_and_leaves_the_evidence(live_server, openapi, question):
    default = answer(live_server, openapi, question=question)
    worded = {lang: answer(live_server, openapi, question=question, language=lang) for lang in ("en", "es")}
    # The question's own language is what it was answered in before.
    assert worded[default["language"]]["answer"] == default["answer"]
    assert {lang: body["language"] for lang, body in worded.items()} == {"en": "en", "es": "es"}
    assert worded["en"]["interpretation"]["language"] == "en"
    assert worded["en"]["answer"] != worded["es"]["answer"]
    if default["suggestions"]:   # (a fact-sheet answer suggests nothing)
        assert worded["en"]["suggestions"] != worded["es"]["suggestions"]
    # The evidence, and the quote taken from it, stay in the source's language.
    for key in ("answer_type", "citations", "figures", "span"):
        assert worded["en"][key] == worded["es"][key], key
    if default["span"]:
        assert all(default["span"]["text"] in body["answer"] for body in worded.values())


def test_language_words_the_none_answer(live_server, openapi, documents):
    question = "What is the airspeed velocity of an unladen swallow?"
    english, spanish = (answer(live_server, openapi, question=question, language=lang) for lang in ("en", "es"))
    assert english["answer_type"] == spanish["answer_type"] == "none"
    assert english["answer"] != spanish["answer"] and spanish["language"] == "es"


def test_the_options_go_together_and_null_means_the_default(live_server, openapi, documents):
    full = answer(live_server, openapi, question=PASSAGE_QUESTION)
    nulls = answer(live_server, openapi, question=PASSAGE_QUESTION, top_k=None, documents=None, language=None)
    assert (nulls["answer"], nulls["citations"]) == (full["answer"], full["citations"])
    both = answer(live_server, openapi, question=PASSAGE_QUESTION, top_k=1, language="es",
                  documents=sorted(cited_documents(full)))
    assert both["language"] == "es" and both["citations"] == full["citations"][:1]


# (body, the field the error must name, the status, the error code)
BAD_OPTIONS = [
    ({"top_k": 0}, "top_k", 400, "invalid_top_k"),
    ({"top_k": 11}, "top_k", 400, "invalid_top_k"),
    ({"top_k": -3}, "top_k", 400, "invalid_top_k"),
    ({"top_k": 2.5}, "top_k", 400, "invalid_top_k"),
    ({"top_k": "3"}, "top_k", 400, "invalid_top_k"),
    ({"top_k": True}, "top_k", 400, "invalid_top_k"),
    ({"top_k": [1]}, "top_k", 400, "invalid_top_k"),
    ({"documents": []}, "documents", 400, "empty_documents"),
    ({"documents": "cpi-encuesta-segunda-vuelta-abril-2021"}, "documents", 400, "invalid_documents"),
    ({"documents": [1, 2]}, "documents", 400, "invalid_documents"),
    ({"documents": {"id": "x"}}, "documents", 400, "invalid_documents"),
    ({"documents": [None]}, "documents", 400, "invalid_documents"),
    ({"documents": ["\ud800"]}, "documents", 400, "invalid_documents"),
    ({"documents": ["no-such-document"]}, "no-such-document", 400, "unknown_documents"),
    ({"language": "fr"}, "language", 400, "invalid_language"),
    ({"language": "EN"}, "language", 400, "invalid_language"),
    ({"language": 1}, "language", 400, "invalid_language"),
    ({"language": ["en"]}, "language", 400, "invalid_language"),
]


@pytest.mark.parametrize("extra,field,status,code", BAD_OPTIONS, ids=[repr(case[0]) for case in BAD_OPTIONS])
def test_a_bad_option_is_a_json_client_error_naming_the_field(live_server, openapi, extra, field, status, code):
    response = post(live_server, {"question": PASSAGE_QUESTION, **extra})
    error = assert_error(response, status, code)
    assert repr(field) in error["message"], error
    openapi.validate(response, "/api/ask", "post")


def test_unknown_document_ids_are_all_named_and_known_ones_are_not(live_server, documents):
    known = sorted(documents)[0]
    response = post(live_server, {"question": PASSAGE_QUESTION, "documents": [known, "nope-1", "nope-2"]})
    message = assert_error(response, 400, "unknown_documents")["message"]
    assert "'nope-1'" in message and "'nope-2'" in message and repr(known) not in message
