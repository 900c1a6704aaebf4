"""The chat page shows answers with their evidence: figures, quotes, charts, viewer links."""
from __future__ import annotations

from itertools import takewhile
from urllib.parse import quote, urlsplit

import pytest
import requests
from browser_tools import STRINGS, api_ask, ask_in_page, screenshot

from service.qa.quotes import clean

pytestmark = pytest.mark.browser

FIGURE_QUESTION = "Castillo support in Lima/Callao"
PASSAGE_QUESTION = "How many deaths is Sendero responsible for?"


def cited_span(citation: dict) -> str:
    """The text the viewer must mark: the answering span if the citation has one, else all of it."""
    if citation["highlight_start"] is not None and citation["highlight_end"] is not None:
        return citation["text"][citation["highlight_start"] - citation["start"]:
                                citation["highlight_end"] - citation["start"]]
    return citation["text"]


def test_figure_answer_shows_the_number_its_provenance_and_a_chart(live_server, open_page):
    expected = api_ask(live_server.url, FIGURE_QUESTION)
    assert expected["answer_type"] == "figure" and expected["figures"], \
        f"the engine gave no figure for {FIGURE_QUESTION!r}: {expected['answer_type']}"
    figure = expected["figures"][0]
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    card = ask_in_page(page, FIGURE_QUESTION)

    shown = card.locator(".figure-card").first
    assert float(shown.locator(".figure-number").inner_text()) == pytest.approx(figure["value"], abs=0.005)
    if figure["unit"]:
        assert shown.locator(".figure-unit").inner_text() == figure["unit"]
    provenance = shown.locator(".provenance").inner_text()
    for key in ("table", "row", "column", "parent_row", "column_group"):
        if figure[key]:
            assert figure[key] in provenance, f"{key} {figure[key]!r} missing from the provenance"

    assert expected["charts"], "a figure answer carries a chart of its row"
    chart = expected["charts"][0]
    svg = card.locator("svg.chart-svg")
    assert svg.count() == 1
    numeric_bars = sum(bar["value"] is not None for series in chart["series"][:2] for bar in series["bars"])
    assert svg.locator("rect.bar").count() == numeric_bars
    if any(bar["emphasised"] for bar in chart["series"][0]["bars"]):
        assert svg.locator("rect.bar.is-emphasised").count() >= 1
    screenshot(page, "chat-figure.png", whole=True)

    # The figure's own cell, highlighted in the table of the source document.
    if figure["computed"] is None:
        card.locator(".cell-link").first.click()
        page.wait_for_selector("mark#cited")
        assert float(page.locator("mark#cited").inner_text().rstrip("%")) == pytest.approx(figure["value"])
        assert page.locator("tr.cited-row").count() == 1
    assert not traffic.page_errors and not traffic.csp_violations()


def test_passage_answer_quotes_its_source_and_the_viewer_marks_the_cited_text(live_server, open_page):
    expected = api_ask(live_server.url, PASSAGE_QUESTION)
    assert expected["answer_type"] == "passage" and expected["citations"]
    citation = expected["citations"][0]
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    card = ask_in_page(page, PASSAGE_QUESTION)

    assert card.locator(".answer-text").evaluate("p => p.firstChild.textContent") == expected["answer"]
    assert card.locator(".cite-marker").count() == len(expected["citations"])
    card.locator(".cite-marker").first.click()       # a footnote marker opens its source
    first = card.locator(".citation").first
    assert first.locator("details").evaluate("d => d.open")
    # The quote reads as the API's cleaned "quote" (the source's "\\$22" escape and footnote
    # markers gone), while the mark still covers exactly the answering span.
    shown = first.locator(".quote").evaluate("q => q.textContent")
    assert " ".join(shown.split()) == citation["quote"]
    assert citation["title"] in first.locator("summary").inner_text()
    if citation["highlight_start"] is not None:
        marked = first.locator(".quote mark").evaluate("m => m.textContent")
        assert " ".join(marked.split()) == clean(cited_span(citation))
    screenshot(page, "chat-passage.png", whole=True)

    link = first.locator("a.viewer-link")
    assert urlsplit(link.get_attribute("href")).path == urlsplit(citation["viewer_url"]).path
    link.click()
    page.wait_for_selector("mark#cited")
    marks = page.locator(".document-body mark").evaluate_all("ms => ms.map(m => m.textContent).join('')")
    assert marks == cited_span(citation)
    in_view = page.locator("mark#cited").evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }")
    assert in_view, "the viewer scrolls to the cited text"
    screenshot(page, "viewer-highlight.png")
    assert not traffic.page_errors and not traffic.csp_violations()


def test_a_follow_up_carries_the_conversation_and_survives_a_reload(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    with page.expect_response("**/api/ask") as first_response:
        ask_in_page(page, "¿Quién lidera en zonas rurales?")
    conversation_id = first_response.value.json()["conversation_id"]
    ask_in_page(page, "¿Y en Lima y Callao?")

    first, second = traffic.asks()
    assert "conversation_id" not in first
    assert second["conversation_id"] == conversation_id
    # The conversation is this browser's: read through its own cookies, and nobody else's.
    history = page.request.get(f"{live_server.url}/api/conversations/{conversation_id}").json()
    assert [t["question"] for t in history["turns"]] == ["¿Quién lidera en zonas rurales?", "¿Y en Lima y Callao?"]
    assert requests.get(f"{live_server.url}/api/conversations/{conversation_id}", timeout=10).status_code == 404
    screenshot(page, "chat-followup.png", whole=True)

    page.reload()
    assert page.locator(".msg-user").count() == 2 and page.locator(".msg-answer").count() == 2
    ask_in_page(page, "¿Y Keiko Fujimori?")
    assert traffic.asks()[-1]["conversation_id"] == conversation_id
    history = page.request.get(f"{live_server.url}/api/conversations/{conversation_id}").json()
    assert len(history["turns"]) == 3


def test_clearing_starts_a_new_conversation(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    ask_in_page(page, PASSAGE_QUESTION)
    assert not page.locator("#welcome").is_visible()
    page.click("#clear")
    assert page.locator("#messages > li").count() == 0
    assert page.locator("#welcome").is_visible()
    ask_in_page(page, PASSAGE_QUESTION)
    assert [("conversation_id" in body) for body in traffic.asks()] == [False, False]


def test_examples_and_suggestions_are_questions_to_click(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    shown = page.locator("#examples button").all_inner_texts()
    assert len(shown) >= 3
    answers = {q: api_ask(live_server.url, q) for q in shown}
    assert all(a["answer_type"] != "none" for a in answers.values()), "an example the service cannot answer"
    with_suggestions = next((q for q in shown if answers[q]["suggestions"]), None)
    assert with_suggestions, "no example question's answer suggests a next question"

    page.locator("#examples button", has_text=with_suggestions).click()
    page.wait_for_selector(".msg-answer")
    assert traffic.asks()[0]["question"] == with_suggestions
    chip = page.locator(".msg-answer .suggestions button").first
    suggestion = chip.inner_text()
    chip.click()
    page.wait_for_function("() => document.querySelectorAll('.msg-answer, .msg-error').length > 1")
    assert traffic.asks()[1]["question"] == suggestion
    assert "conversation_id" in traffic.asks()[1]


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard(live_server, open_page):
    expected = api_ask(live_server.url, PASSAGE_QUESTION)
    page, _ = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/")
    card = ask_in_page(page, PASSAGE_QUESTION)
    card.locator(".copy-button").click()
    page.wait_for_function("label => document.querySelector('.copy-button').textContent.trim() === label",
                           arg=STRINGS["en"]["copied"])
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(expected["answer"])
    assert "[1] " + expected["citations"][0]["title"] in copied


def test_the_viewer_draws_tables_with_their_two_row_header_and_marks_a_cited_cell(live_server, open_page, bundle):
    table = next(t for t in bundle.tables if any(c.group for c in t.columns))
    row = table.rows[0]
    column = next(c for c in table.columns if c.group)
    page, _ = open_page()
    page.goto(f"{live_server.url}/documents/{table.document_id}?start={row.start}&end={row.end}#cited")
    drawn = page.locator("tr.cited-row")
    assert drawn.count() == 1 and drawn.get_attribute("data-line") == str(row.line)
    assert drawn.locator("th").inner_text() == row.label
    cells = drawn.locator("mark").evaluate_all("ms => ms.map(m => m.textContent)")
    assert len(cells) == 1 + len(table.columns)            # the whole row is cited
    assert all(cell in bundle.document(table.document_id).text[row.start:row.end] for cell in cells)

    header = page.locator("tr.cited-row").locator("xpath=ancestor::table").locator("thead")
    group = header.locator("th.group", has_text=column.group).first
    first = table.columns.index(column)
    run = len(list(takewhile(lambda c: c.group == column.group, table.columns[first:])))
    assert int(group.get_attribute("colspan")) == run
    page.goto(f"{live_server.url}/documents/{table.document_id}?start={row.start}&end={row.end}"
              f"&column={quote(column.key)}#cited")
    marks = page.locator(".document-body mark")
    assert marks.count() == 1
    assert float(marks.inner_text().rstrip("%")) == pytest.approx(table.value(row.key, column.key))
    screenshot(page, "viewer-table-cell.png")
