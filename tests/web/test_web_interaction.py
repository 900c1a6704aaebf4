"""Keyboard, languages, small screens, and errors as readable messages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from browser_tools import STRINGS, ask_in_page, screenshot

pytestmark = pytest.mark.browser


def test_enter_sends_and_shift_enter_adds_a_line(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    held = []
    page.route("**/api/ask", lambda route: held.append(route))   # hold the real request: see the sending state
    page.get_by_label(STRINGS["en"]["question_label"]).click()
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    assert page.input_value("#question") == "first line\nsecond line"
    assert traffic.asks() == []

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#send').disabled")
    assert page.locator("#send").inner_text() == STRINGS["en"]["sending"]
    assert page.locator(".msg-pending").is_visible()
    assert page.input_value("#question") == ""
    for _ in range(100):                             # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    assert held[0].request.post_data_json == {"question": "first line\nsecond line"}
    assert page.locator(".msg-user .user-text").inner_text() == "first line\nsecond line"

    held[0].continue_()
    page.wait_for_selector(".msg-answer, .msg-error")
    assert page.locator(".msg-pending").count() == 0
    assert not page.locator("#send").is_disabled()
    assert page.locator("#send").inner_text() == STRINGS["en"]["send"]


def test_the_language_follows_the_browser_and_the_switch(live_server, open_page):
    page, _ = open_page(locale="es-PE")
    page.goto(live_server.url + "/")
    es, en = STRINGS["es"], STRINGS["en"]
    assert page.locator("h1").inner_text() == es["app_title"]
    assert page.get_attribute("#question", "placeholder") == es["placeholder"]
    assert page.evaluate("document.documentElement.lang") == "es"
    ask_in_page(page, "How many deaths is Sendero responsible for?")
    assert page.locator(".msg-answer .msg-author").inner_text().lower() == es["assistant"].lower()

    page.click("#lang-en")
    assert page.locator("h1").inner_text() == en["app_title"]
    assert page.title() == en["app_title"]
    assert page.get_attribute("#question", "placeholder") == en["placeholder"]
    assert page.locator("#send").inner_text() == en["send"]
    assert page.locator(".msg-answer .msg-author").inner_text().lower() == en["assistant"].lower()
    assert page.get_attribute("#lang-en", "aria-pressed") == "true"
    assert page.get_attribute("#lang-es", "aria-pressed") == "false"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.reload()                                    # the choice is remembered
    assert page.locator("h1").inner_text() == en["app_title"]


def test_readable_on_a_phone(live_server, open_page):
    page, traffic = open_page(width=375, height=812, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/")
    ask_in_page(page, "Castillo support in Lima/Callao")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "chat-mobile.png", whole=True)
    link = page.locator("a.viewer-link").first
    link.click()
    page.wait_for_selector(".document-body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "viewer-mobile.png")
    assert not traffic.page_errors


def test_a_server_error_is_shown_with_its_message(server_factory, tmp_path, open_page):
    # A real refusal: a server that takes one question a minute refuses the second with a 429.
    server = server_factory(tmp_path / "data", env={"ASKS_PER_MINUTE": "1", "ASK_BURST": "1"})
    page, _ = open_page()
    page.goto(server.url + "/?lang=en")
    ask_in_page(page, "¿Quién lidera en Lima?")
    error = ask_in_page(page, "¿Y en el Oriente?")
    assert "msg-error" in error.get_attribute("class")
    assert STRINGS["en"]["error_title"] in error.inner_text()
    assert "Too many questions" in error.inner_text()


def test_a_lost_server_is_a_readable_message_and_retry_recovers(server_factory, tmp_path, open_page):
    server = server_factory(tmp_path / "data")
    page, _ = open_page()
    page.goto(server.url + "/")
    server.stop()
    ask_in_page(page, "How many deaths is Sendero responsible for?")
    error = page.locator(".msg-error")
    assert STRINGS["en"]["error_network"] in error.inner_text()

    server_factory(tmp_path / "data", port=server.port)
    error.locator(".retry-button").click()
    page.wait_for_selector(".msg-answer")
    assert page.locator(".msg-error").count() == 0
    assert page.locator(".msg-user").count() == 1


def test_an_expired_conversation_starts_a_new_one(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    page.evaluate("""sessionStorage.setItem('peru-qa:conversation',
                     JSON.stringify({conversationId: 'no-such-conversation', turns: []}))""")
    page.reload()
    ask_in_page(page, "How many deaths is Sendero responsible for?")
    first, second = traffic.asks()
    assert first["conversation_id"] == "no-such-conversation" and "conversation_id" not in second
    assert page.locator(".msg-answer").count() == 1 and page.locator(".msg-error").count() == 0
    # The status line is announced a moment after the answer (so screen readers notice the change);
    # expect() waits for it without evaluating strings, which the page's CSP forbids.
    expect(page.locator("#status")).to_have_text(STRINGS["en"]["conversation_expired"])


def test_a_question_over_the_limit_is_counted_not_cut_and_not_sent(live_server, open_page):
    page, traffic = open_page()
    page.goto(live_server.url + "/?lang=en")
    expect(page.locator("#counter")).to_be_hidden()
    pasted = "¿Quién lidera en Lima? " * 53   # 1,219 characters
    page.fill("#question", pasted)
    assert page.input_value("#question") == pasted   # nothing cut off
    counter = page.locator("#counter")
    expect(counter).to_be_visible()
    expect(counter).to_contain_text(f"{len(pasted.strip())} characters")
    expect(page.locator("#send")).to_be_disabled()
    page.press("#question", "Enter")
    page.wait_for_timeout(300)
    assert traffic.asks() == []   # nothing was sent
    page.fill("#question", pasted[:900])
    expect(counter).to_have_text(STRINGS["en"]["chars_count"].replace("{n}", str(len(pasted[:900].strip())))
                                 .replace("{max}", "1000"))
    expect(page.locator("#send")).to_be_enabled()
    screenshot(page, "chat-counter.png")
