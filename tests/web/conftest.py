"""Browser fixtures: real headless Chromium driven by Playwright, against real servers."""
from __future__ import annotations

import os

import pytest
from browser_tools import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, Traffic
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Chromium (apt-get install chromium) to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """``open_page(width=..., locale=...)`` → (page, traffic); contexts close after the test."""
    contexts = []

    def open_(width: int = 1100, height: int = 900, locale: str = "en-US", **options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        traffic = Traffic()
        context.on("request", lambda request: traffic.requests.append(request))
        page = context.new_page()
        page.on("console", lambda m: traffic.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: traffic.page_errors.append(str(e)))
        return page, traffic

    yield open_
    for context in contexts:
        context.close()
