"""Coming back to conversations in the browser: share, export, history, and privacy between browsers."""
from __future__ import annotations

import pytest
from browser_tools import STRINGS, ask_in_page, screenshot
from playwright.sync_api import expect

from service.conversations import ConversationStore

pytestmark = pytest.mark.browser

QUESTION = "Castillo support in Lima/Callao"


def test_a_conversation_is_shared_exported_and_listed_for_its_browser_only(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/?lang=en")
    expect(page.locator("#share")).to_be_hidden()   # nothing to share before the first answer
    ask_in_page(page, QUESTION)

    page.click("#share")
    link = page.locator("#share-link")
    expect(link).to_be_visible()
    shared_url = link.get_attribute("href")
    assert "/shared/" in shared_url
    export = page.request.get(live_server.url + page.locator("#export").get_attribute("href"))
    assert export.ok and f"## 1. {QUESTION}" in export.text() and "Sources:" in export.text()

    # Anyone with the link reads it; another browser has no history of it.
    stranger, _ = open_page()
    stranger.goto(shared_url)
    expect(stranger.locator("h2").first).to_contain_text(QUESTION)
    assert stranger.locator(".shared-citations a").first.get_attribute("href").startswith("/documents/")
    stranger.goto(live_server.url + "/history?lang=en")
    expect(stranger.locator(".history-empty")).to_have_text(STRINGS["en"]["history_empty"])

    page.click("#history-link")
    entry = page.locator(".history-list a").first
    expect(entry).to_have_text(QUESTION)
    entry.click()
    expect(page.locator("h2").first).to_contain_text(QUESTION)
    expect(page.locator("#export-link")).to_be_visible()
    own_url = page.url
    screenshot(page, "conversation-history.png", whole=True)
    stranger.goto(own_url)
    assert stranger.locator(".cited-notice").inner_text() == STRINGS["en"]["not_found"]
    assert QUESTION not in stranger.content()
    assert not traffic.page_errors and not traffic.csp_violations()


def test_feedback_with_a_comment_is_recorded_with_its_answer(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/?lang=en")
    card = ask_in_page(page, QUESTION)
    card.locator(".feedback-down").click()
    expect(card.locator(".feedback-down")).to_have_attribute("aria-pressed", "true")
    comment = "I meant the whole of Lima"
    card.locator(".feedback-form input").fill(comment)
    card.locator(".feedback-send").click()
    expect(card.locator(".feedback-status")).to_have_text(STRINGS["en"]["feedback_thanks"])
    expect(card.locator(".feedback-up")).to_be_disabled()
    screenshot(page, "chat-feedback.png")
    store = ConversationStore(live_server.data_dir / "conversations.sqlite3")
    recorded = next(r for r in store.feedback_report(50) if r["comment"] == comment)
    assert (recorded["value"], recorded["question"], recorded["source"]) == (-1, QUESTION, "web")
    assert not traffic.page_errors and not traffic.csp_violations()
