"""Citations to trust at a glance: a preview of the quote on every [n] (hover, keyboard focus, tap),
touch targets of at least 24 x 24 px on a phone, no source markup in what is shown, "Understood as"
in the page's own words, and the latest answer in view after a reload."""
from __future__ import annotations

import re

import pytest
from browser_tools import STRINGS, api_ask, ask_in_page, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARKUP_QUESTION = "What is Sendero's ideology?"        # its passages carry <sup> footnote markers
TABLE_QUESTION = "¿Quién lidera en Lima?"
WHO_QUESTION = "Who was captured in 1992?"
MIN_TARGET_PX = 24
SOURCE_MARKUP = re.compile(r"</?sup>|\[<sup>")


def preview_of(page, marker):
    """The tooltip a marker names as its description."""
    described = marker.get_attribute("aria-describedby")
    assert described, "the marker names its preview with aria-describedby"
    tip = page.locator(f"[id='{described}']")
    assert tip.get_attribute("role") == "tooltip"
    return tip


def test_the_preview_shows_on_hover_and_keyboard_focus_and_closes_with_escape(live_server, open_page):
    expected = api_ask(live_server.url, MARKUP_QUESTION)
    assert any("<sup>" in c["text"] for c in expected["citations"]), "the test needs a source with <sup> markers"
    page, traffic = open_page()
    page.goto(live_server.url + "/?lang=en")
    card = ask_in_page(page, MARKUP_QUESTION)
    markers = card.locator(".cite-marker")
    assert markers.count() == len(expected["citations"])

    first = markers.first
    tip = preview_of(page, first)
    expect(tip).to_be_hidden()
    first.hover()
    expect(tip).to_be_visible()
    assert expected["citations"][0]["title"] in tip.inner_text()
    tip.hover()                                   # the pointer may move onto the preview to read it
    page.wait_for_timeout(400)
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert card.locator(".citation details[open]").count() == 0, "a preview opens nothing by itself"

    # By keyboard: Tab from the answer's text reaches the first marker, whose preview shows.
    page.mouse.move(0, 0)
    card.locator(".answer-text").click(position={"x": 2, "y": 2})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cite-marker')")
    expect(tip).to_be_visible()
    screenshot(page, "chat-citation-preview.png")
    previews = [preview_of(page, markers.nth(i)).text_content() for i in range(markers.count())]
    for citation, text in zip(expected["citations"], previews):
        assert not SOURCE_MARKUP.search(text), f"source markup in a preview: {text!r}"
        assert " ".join(text.split())[-40:].strip("…") in " ".join(citation["quote"].split()) + "…"
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.keyboard.press("Enter")                  # Enter still opens the source in the list
    expect(card.locator(".citation details").first).to_have_attribute("open", "")
    assert not traffic.page_errors and not traffic.csp_violations()


def test_a_tap_shows_the_preview_and_a_second_tap_opens_the_source(live_server, open_page):
    page, traffic = open_page(width=390, height=844, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/?lang=en")
    card = ask_in_page(page, WHO_QUESTION)
    marker = card.locator(".cite-marker").first
    tip = preview_of(page, marker)
    marker.tap()
    expect(tip).to_be_visible()
    assert card.locator(".citation details[open]").count() == 0
    box, width = tip.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the preview fits the phone's width"
    screenshot(page, "chat-citation-preview-mobile.png")
    page.locator("h1").tap()                      # a tap elsewhere closes it
    expect(tip).to_be_hidden()
    marker.tap()
    expect(tip).to_be_visible()
    marker.tap()
    expect(card.locator(".citation details").first).to_have_attribute("open", "")
    assert not traffic.page_errors


def test_touch_targets_are_at_least_24_px_on_a_phone(live_server, open_page):
    page, _ = open_page(width=390, height=844, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/?lang=en")
    ask_in_page(page, TABLE_QUESTION)
    ask_in_page(page, WHO_QUESTION)
    page.evaluate("document.querySelectorAll('.citation details').forEach((d) => { d.open = true; })")
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        '.msg-answer a[href], .msg-answer button, .msg-answer summary, .composer button, .topbar button, .topbar a')]
      .filter((e) => e.getClientRects().length)
      .map((e) => { const r = e.getBoundingClientRect();
                    return [e.className || e.tagName, e.textContent.trim().slice(0, 30), r.width, r.height]; })""")
    assert any(name == "cite-marker" for name, *_ in sizes)
    small = [s for s in sizes if s[2] < MIN_TARGET_PX - 0.5 or s[3] < MIN_TARGET_PX - 0.5]
    assert small == [], f"targets under {MIN_TARGET_PX}x{MIN_TARGET_PX} px: {small}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_understood_as_is_said_in_the_page_language_without_internal_codes(live_server, open_page, lang):
    words = STRINGS[lang]
    page, _ = open_page(locale={"en": "en-US", "es": "es-PE"}[lang])
    page.goto(live_server.url + "/")
    who = ask_in_page(page, WHO_QUESTION).locator(".understood")
    expect(who).to_have_text(f"{words['understood_as']}: {words['asked_who']}")
    leader = ask_in_page(page, TABLE_QUESTION).locator(".understood")
    assert leader.inner_text().startswith(f"{words['understood_as']}: {words['operation_leader']}: ")
    for shown in (who.inner_text(), leader.inner_text()):
        assert not re.search(r"\b(how_many|leader|passage)\b|_", shown), f"an internal code in {shown!r}"
    other = "es" if lang == "en" else "en"
    page.click(f"#lang-{other}")                  # the switch re-words it
    expect(who).to_have_text(f"{STRINGS[other]['understood_as']}: {STRINGS[other]['asked_who']}")


def test_after_a_reload_the_latest_answer_is_in_view(live_server, open_page):
    page, _ = open_page(width=1100, height=700)
    page.goto(live_server.url + "/?lang=en")
    for question in (TABLE_QUESTION, WHO_QUESTION, MARKUP_QUESTION):
        ask_in_page(page, question)
    page.evaluate("window.scrollTo(0, 0)")        # the reader had scrolled back up before reloading
    page.reload()
    page.wait_for_selector(".msg-answer >> nth=2")
    page.wait_for_timeout(300)
    top = page.locator(".msg-answer").last.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, f"the latest answer starts at {top}px"
