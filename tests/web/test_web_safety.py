"""Nothing from a user or a document becomes markup; the page talks only to its own server."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_tools import ROOT, api_ask, ask_in_page, screenshot

from index import store

pytestmark = pytest.mark.browser

HOSTILE_QUESTION = 'What about <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>?'
HOSTILE_ID = "hostile-test-document"
HOSTILE_DOCUMENT = f"""---
id: {HOSTILE_ID}
title: Weaving <img src=x onerror="window.__xss=3"> in Chinchero
author: <script>window.__xss=4</script>
publisher: Test Press
date: 2024
language: en
source_url: javascript:window.__xss=5
---

# The cooperative <script>window.__xss=6</script>

The weaving cooperative of Chinchero sells alpaca textiles <img src=x onerror="window.__xss=7"> to visitors every Sunday.

| Product | Price |
|---|---|
| <b onmouseover="window.__xss=8">Scarf</b> | 40 |
| Poncho | 120 |
"""


def no_xss(page) -> bool:
    return page.evaluate("typeof window.__xss === 'undefined'")


def test_a_question_with_markup_is_shown_as_text(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    ask_in_page(page, HOSTILE_QUESTION)
    assert page.locator(".msg-user .user-text").inner_text() == HOSTILE_QUESTION
    assert page.locator("#messages img, #messages script").count() == 0
    assert no_xss(page)
    screenshot(page, "chat-xss.png")
    page.reload()                                   # redrawn from session storage: still text
    assert page.locator(".msg-user .user-text").inner_text() == HOSTILE_QUESTION
    assert page.locator("#messages img, #messages script").count() == 0
    assert no_xss(page)
    assert not traffic.page_errors


@pytest.fixture
def hostile_server(server_factory, tmp_path: Path):
    """A server whose corpus holds, besides the real documents, one full of markup."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / f"{HOSTILE_ID}.md").write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    index_dir = tmp_path / "index"
    store.build(corpus, index_dir)       # built once here, not raced by two starting workers
    return server_factory(tmp_path / "data", env={"CORPUS_DIR": str(corpus), "INDEX_DIR": str(index_dir)})


def test_the_viewer_shows_document_markup_as_text(hostile_server, open_page):
    start = HOSTILE_DOCUMENT.index("<img src=x onerror=\"window.__xss=7\">")
    end = HOSTILE_DOCUMENT.index(" to visitors")
    page, traffic = open_page()
    page.goto(f"{hostile_server.url}/documents/{HOSTILE_ID}?start={start}&end={end}#cited")
    assert page.locator("mark#cited").evaluate("m => m.textContent") == HOSTILE_DOCUMENT[start:end]
    assert page.locator("h1").inner_text() == 'Weaving <img src=x onerror="window.__xss=3"> in Chinchero'
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("main img, main script, main b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.hover("text=Scarf")
    assert no_xss(page)
    assert not traffic.csp_violations()


def test_answers_quoting_markup_are_shown_as_text(hostile_server, open_page):
    question = "What does the weaving cooperative of Chinchero sell?"
    expected = api_ask(hostile_server.url, question)
    cited = [i for i, c in enumerate(expected["citations"]) if c["document"] == HOSTILE_ID]
    assert cited, "the engine should cite the only document about Chinchero"
    page, _ = open_page()
    page.goto(hostile_server.url + "/")
    card = ask_in_page(page, question)
    quote = card.locator(".citation").nth(cited[0])
    quote.locator("summary").click()
    # Tags in the source are neither run nor drawn: the quote reads as the API's cleaned text.
    shown = quote.locator(".quote").evaluate("q => q.textContent")
    assert " ".join(shown.split()) == expected["citations"][cited[0]]["quote"]
    assert card.locator("img, script, b").count() == 0
    assert no_xss(page)


def test_the_page_requests_nothing_from_other_origins(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    ask_in_page(page, "Castillo support in Lima/Callao")
    card = ask_in_page(page, "How many deaths is Sendero responsible for?")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    card.locator("a.viewer-link").first.click()
    page.wait_for_load_state("load")
    page.go_back()
    page.wait_for_selector(".msg-answer")
    urls = [r.url for r in traffic.requests]
    assert urls, "the page made requests"
    strangers = [u for u in urls if not u.startswith(live_server.url + "/")]
    assert strangers == []
    assert not traffic.csp_violations(), traffic.csp_violations()
    assert not traffic.page_errors
