"""Helpers shared by the browser tests: Chromium settings, traffic records, screenshots, asking."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
STRINGS = json.loads((ROOT / "service" / "static" / "i18n.json").read_text(encoding="utf-8"))
TIMEOUT_MS = 20_000
MAX_SCREENSHOT_HEIGHT = 2400


@dataclass
class Traffic:
    """Everything a page asked for and complained about."""
    requests: list = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def asks(self) -> list[dict]:
        return [r.post_data_json for r in self.requests if r.method == "POST" and r.url.endswith("/api/ask")]

    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]


def screenshot(page, name: str, whole: bool = False) -> Path:
    """Save a screenshot; ``whole`` grows the window to the page (sticky bars stay in place)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    size = page.viewport_size
    if whole:
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": min(MAX_SCREENSHOT_HEIGHT, height)})
        page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path))
    if whole:
        page.set_viewport_size(size)
    return path


def api_ask(base_url: str, question: str, conversation_id: str | None = None) -> dict:
    body = {"question": question}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(base_url + "/api/ask", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def ask_in_page(page, question: str, answers_before: int | None = None):
    """Type a question, press Enter, wait for its answer (or error) card; return that card."""
    count = page.locator(".msg-answer, .msg-error").count() if answers_before is None else answers_before
    page.fill("#question", question)
    page.press("#question", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.msg-answer, .msg-error').length > n", arg=count)
    return page.locator(".msg-answer, .msg-error").nth(count)
