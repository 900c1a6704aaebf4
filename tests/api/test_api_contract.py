"""``POST /api/ask`` answers in the shape of the CONTRACT, with citations that point into the files.

Offsets are checked against the corpus files read here, not against anything the service says.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

import pytest
from api_tools import as_number, assert_error, corpus_text, file_line, line_of, pipe_cells

TOP_KEYS = {"answer", "answer_type", "language", "figures", "citations", "suggestions", "charts", "span",
            "interpretation", "conversation_id", "turn", "saved"}
SPAN_TYPES = {"date", "number", "quantity", "person", "place", "organisation", "definition", "reason", "other"}
FIGURE_KEYS = {"value", "unit", "document", "table", "table_id", "row", "parent_row", "column",
               "column_group", "line", "computed"}
CITATION_KEYS = {"document", "title", "text", "start", "end", "score", "kind", "section", "highlight_start",
                 "highlight_end", "table_id", "line", "version", "quote", "viewer_url"}
ROUTES = {"table", "computed", "facts", "passage", "none"}
MARKUP_LEFT_RE = re.compile(r"</?sup>|\]\(#|\\\$")   # footnote markers, footnote links, escapes
VIEWER_URL_RE = re.compile(
    r"^/documents/(?P<doc>[^?#]+)\?start=(?P<start>\d+)&end=(?P<end>\d+)&version=(?P<version>[0-9a-f]{16})#cited$")

# (question, language, a word of the expected row label, the expected column label)
FIGURE_QUESTIONS = [
    ("¿Qué porcentaje obtiene Pedro Castillo en Lima y Callao?", "es", "Castillo", "Lima y Callao"),
    ("What share of rural voters intend to vote for Keiko Fujimori?", "en", "Fujimori", "Rural"),
]
PASSAGE_QUESTIONS = [
    ("Who founded Sendero Luminoso?", "en"),
    ("¿Cuándo fue capturado Abimael Guzmán?", "es"),
]


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def optional(value, kind) -> bool:
    return value is None or isinstance(value, kind)


def check_figure(figure: dict, tables: dict, documents: dict) -> None:
    assert set(figure) == FIGURE_KEYS, set(figure) ^ FIGURE_KEYS
    assert is_number(figure["value"])
    assert figure["unit"] in ("%", None)
    assert figure["document"] in documents
    assert figure["table_id"] in tables
    table = tables[figure["table_id"]]
    assert figure["document"] == table["document"]
    assert figure["table"] == table["title"]
    assert isinstance(figure["row"], str) and figure["row"]
    assert optional(figure["parent_row"], str)
    assert isinstance(figure["column"], str) and figure["column"]
    assert optional(figure["column_group"], str)
    assert is_int(figure["line"]) and figure["line"] >= 1
    assert optional(figure["computed"], str)
    if figure["computed"] is not None:
        return
    # A looked-up figure is a cell of the table: its row, its column, its value, its line.
    record = next((r for r in table["records"] if r["row"] == figure["row"] and r["parent_row"] == figure["parent_row"]
                   and r["line"] == figure["line"]), None)
    assert record is not None, f"no row {figure['row']!r} under {figure['parent_row']!r} at line {figure['line']}"
    column = next((c for c in table["column_labels"]
                   if c["label"] == figure["column"] and c["group"] == figure["column_group"]), None)
    assert column is not None, f"no column {figure['column']!r} in group {figure['column_group']!r}"
    assert record["values"][column["key"]] == pytest.approx(figure["value"])
    # The line in the file holds the row label and the value as the source writes it.
    source_line = file_line(figure["document"], figure["line"])
    cells = pipe_cells(source_line)
    assert cells[0] == figure["row"]
    column_index = [c["key"] for c in table["column_labels"]].index(column["key"])
    assert as_number(cells[1 + column_index]) == pytest.approx(figure["value"]), (source_line, figure)


def check_citation(citation: dict, documents: dict, tables: dict) -> None:
    assert set(citation) == CITATION_KEYS, set(citation) ^ CITATION_KEYS
    assert citation["document"] in documents
    assert citation["title"] == documents[citation["document"]]["title"]
    text = corpus_text(citation["document"])
    start, end = citation["start"], citation["end"]
    assert is_int(start) and is_int(end) and 0 <= start < end <= len(text)
    assert citation["text"] == text[start:end], "cited text is not the file's text at its offsets"
    assert citation["text"].strip(), "a citation of whitespace"
    assert citation["quote"] and not MARKUP_LEFT_RE.search(citation["quote"]), citation["quote"]
    assert is_number(citation["score"])
    assert citation["kind"] in ("passage", "table-row", "fact")
    assert optional(citation["section"], str)
    highlight = (citation["highlight_start"], citation["highlight_end"])
    if highlight != (None, None):
        assert is_int(highlight[0]) and is_int(highlight[1])
        assert start <= highlight[0] < highlight[1] <= end, (highlight, start, end)
    assert optional(citation["table_id"], str)
    if citation["table_id"] is not None:
        assert citation["table_id"] in tables
        assert tables[citation["table_id"]]["document"] == citation["document"]
    if citation["line"] is not None:
        assert is_int(citation["line"])
        assert line_of(text, start) <= citation["line"] <= line_of(text, end - 1)
    match = VIEWER_URL_RE.match(citation["viewer_url"])
    assert match, citation["viewer_url"]
    assert match["doc"] == quote(citation["document"])
    shown = (int(match["start"]), int(match["end"]))
    assert shown in {(start, end), highlight}, (shown, start, end, highlight)
    assert match["version"] == citation["version"] == hashlib.sha256(text.encode()).hexdigest()[:16]


def check_chart(chart: dict, tables: dict) -> None:
    assert set(chart) == {"title", "table_id", "unit", "series"}
    assert isinstance(chart["title"], str) and chart["table_id"] in tables
    assert chart["unit"] in ("%", None)
    for series in chart["series"]:
        assert set(series) == {"name", "bars"} and isinstance(series["name"], str)
        for bar in series["bars"]:
            assert set(bar) == {"label", "group", "value", "emphasised"}
            assert isinstance(bar["label"], str) and optional(bar["group"], str)
            assert bar["value"] is None or is_number(bar["value"])
            assert isinstance(bar["emphasised"], bool)


def check_span(body: dict) -> None:
    """A passage's answering span is the source's text at its offsets, and the answer leads with it."""
    span = body["span"]
    assert body["answer_type"] == "passage"
    assert set(span) == {"text", "document", "start", "end", "type"}
    assert span["type"] in SPAN_TYPES
    assert is_int(span["start"]) and is_int(span["end"]) and span["start"] < span["end"]
    assert corpus_text(span["document"])[span["start"]:span["end"]] == span["text"]
    assert any(c["document"] == span["document"] and c["start"] <= span["start"] and span["end"] <= c["end"]
               for c in body["citations"]), "the span is not inside a cited passage"
    assert body["answer"].startswith(" ".join(span["text"].split())[:20])


def check_answer(body: dict, documents: dict, tables: dict) -> None:
    """Every rule of the CONTRACT that holds for any answer."""
    assert set(body) == TOP_KEYS, set(body) ^ TOP_KEYS
    assert isinstance(body["answer"], str) and body["answer"].strip()
    assert body["answer_type"] in ("figure", "passage", "none")
    assert body["language"] in ("en", "es")
    assert isinstance(body["figures"], list) and isinstance(body["citations"], list)
    for figure in body["figures"]:
        check_figure(figure, tables, documents)
    for citation in body["citations"]:
        check_citation(citation, documents, tables)
    assert isinstance(body["suggestions"], list)
    assert all(isinstance(s, str) and s.strip() for s in body["suggestions"])
    assert isinstance(body["charts"], list)
    for chart in body["charts"]:
        check_chart(chart, tables)
    if body["span"] is not None:
        check_span(body)
    interpretation = body["interpretation"]
    assert isinstance(interpretation, dict)
    assert interpretation["route"] in ROUTES
    assert isinstance(interpretation["reason"], str)
    assert optional(interpretation["understood_as"], str)
    assert isinstance(body["conversation_id"], str) and body["conversation_id"]
    assert is_int(body["turn"]) and body["turn"] >= 1
    if body["answer_type"] != "none":
        assert body["citations"], "an answer without citations"
    if body["answer_type"] == "figure":
        assert body["figures"], "a figure answer without figures"
    else:
        assert body["figures"] == [], "figures on an answer that is not a figure"


@pytest.mark.parametrize("question,language", PASSAGE_QUESTIONS + [(q, lang) for q, lang, _, _ in FIGURE_QUESTIONS])
def test_answer_follows_the_contract_and_the_openapi(ask, openapi, documents, tables, question, language):
    response = ask(question)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    openapi.validate(response, "/api/ask", "post")
    check_answer(body, documents, tables)
    assert body["language"] == language
    assert body["turn"] == 1


@pytest.mark.parametrize("question,language,row_word,column", FIGURE_QUESTIONS)
def test_figure_answer_cites_its_table_row(ask, documents, tables, question, language, row_word, column):
    body = ask(question).json()
    assert body["answer_type"] == "figure", body["answer"]
    check_answer(body, documents, tables)
    looked_up = [f for f in body["figures"] if f["computed"] is None]
    assert looked_up, body["figures"]
    figure = looked_up[0]
    assert row_word in figure["row"] and figure["column"] == column, figure
    # The answer states the figure the way the source writes it (a decimal comma is fine in Spanish).
    cell = pipe_cells(file_line(figure["document"], figure["line"]))
    written = next(c for c in cell[1:] if as_number(c) == pytest.approx(figure["value"]))
    assert written in body["answer"] or written.replace(".", ",") in body["answer"], (written, body["answer"])
    # Its citation is the table row: that whole line of the file.
    rows = [c for c in body["citations"] if c["kind"] == "table-row" and c["table_id"] == figure["table_id"]
            and c["line"] == figure["line"]]
    assert rows, body["citations"]
    text = corpus_text(figure["document"])
    assert rows[0]["text"].strip() == file_line(figure["document"], figure["line"]).strip()
    assert line_of(text, rows[0]["start"]) == figure["line"]


@pytest.mark.parametrize("question,language", PASSAGE_QUESTIONS)
def test_passage_answer_quotes_the_source(ask, documents, tables, question, language):
    body = ask(question).json()
    check_answer(body, documents, tables)
    assert body["answer_type"] == "passage", body["answer"]
    assert body["span"] is not None, "a who/when question's answer names its span"
    passages = [c for c in body["citations"] if c["kind"] == "passage"]
    assert passages
    # The answer quotes its passage: a run of words of the answer is the cited text, word for word.
    cited = " ".join(c["text"] for c in passages).split()
    assert shares_run(body["answer"].split(), cited, 6), (body["answer"], passages[0]["text"][:200])


def shares_run(words: list[str], source: list[str], length: int) -> bool:
    """Whether ``length`` consecutive words (or all of ``words``, if fewer) appear in ``source`` in order."""
    length = min(length, len(words))
    strip = lambda w: w.strip(".,;:!?¿¡\"'“”«»()")  # noqa: E731
    haystack = " " + " ".join(strip(w) for w in source) + " "
    return any(" " + " ".join(strip(w) for w in words[i:i + length]) + " " in haystack
               for i in range(len(words) - length + 1))


def test_follow_up_continues_the_conversation(ask, documents, tables):
    first = ask(FIGURE_QUESTIONS[0][0]).json()
    second = ask("¿Y en el Interior del País?", first["conversation_id"])
    assert second.status_code == 200, second.text[:300]
    body = second.json()
    check_answer(body, documents, tables)
    assert body["conversation_id"] == first["conversation_id"]
    assert body["turn"] == first["turn"] + 1


def test_unanswerable_question_is_still_a_contract_answer(ask, openapi, documents, tables):
    response = ask("What is the airspeed velocity of an unladen swallow?")
    assert response.status_code == 200
    openapi.validate(response, "/api/ask", "post")
    check_answer(response.json(), documents, tables)


def test_unknown_conversation_error_matches_the_openapi(ask, openapi):
    response = ask("¿Quién ganó?", "x" * 22)
    assert_error(response, 404, "unknown_conversation")
    openapi.validate(response, "/api/ask", "post")
