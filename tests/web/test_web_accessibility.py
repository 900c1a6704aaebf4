"""axe-core (vendored, tests/web/vendor/) in real Chromium over every page and state a reader meets:
the chat empty and with answers (sources open), the viewer, the library, the history, a conversation,
a shared conversation, a table page and the API docs page's own parts, at desktop and phone widths,
light and dark. Any serious or critical violation fails."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_tools import ask_in_page, screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SHA256 = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="   # axe-core 4.14.1, from its sri-history.json
FAILING_IMPACTS = {"serious", "critical"}
TABLE_QUESTION = "¿Quién lidera en Lima?"
PROSE_QUESTION = "When was Abimael Guzman captured?"
# (name, viewport width, colour scheme, browser language): both languages, across the four layouts.
LAYOUTS = [("desktop-light", 1100, "light", "en-US"), ("desktop-dark", 1100, "dark", "es-ES"),
           ("mobile-light", 390, "light", "es-ES"), ("mobile-dark", 390, "dark", "en-US")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    data = AXE.read_bytes()
    assert base64.b64encode(hashlib.sha256(data).digest()).decode() == AXE_SHA256, f"{AXE} is not axe-core 4.14.1"
    return data.decode("utf-8")


def serious_violations(page, axe_source: str, exclude: tuple[str, ...] = ()) -> list[dict]:
    """axe.run() with its default rules on the page as it is now, less the ``exclude`` selectors.
    The script goes in through the DevTools protocol (page.evaluate), which the page's CSP does not
    govern, so the page is tested with its own policy in force (a script tag would be refused by it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    found = page.evaluate("""async (exclude) => (await axe.run({include: [document], exclude})).violations.map(
        (v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' '))}))""",
                          [[selector] for selector in exclude])
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def report(state: str, violations: list[dict]) -> list[str]:
    return [f"{state}: {v['id']} ({v['impact']}) {v['help']} — {', '.join(v['nodes'][:4])}" for v in violations]


@pytest.mark.parametrize("name,width,scheme,locale", LAYOUTS, ids=[layout[0] for layout in LAYOUTS])
def test_no_serious_or_critical_axe_violation_anywhere(live_server, open_page, axe_source, name, width, scheme,
                                                       locale):
    page, traffic = open_page(width=width, height=900, locale=locale, color_scheme=scheme)
    problems: list[str] = []

    def check(state: str) -> None:
        problems.extend(report(state, serious_violations(page, axe_source)))

    page.goto(live_server.url + "/")
    check("chat, empty")

    table_card = ask_in_page(page, TABLE_QUESTION)
    prose_card = ask_in_page(page, PROSE_QUESTION)
    assert table_card.locator(".figure-card").count(), f"no figure for {TABLE_QUESTION!r}"
    assert prose_card.locator(".citation").count(), f"no citation for {PROSE_QUESTION!r}"
    page.evaluate("() => document.querySelectorAll('.citation details').forEach((d) => { d.open = true; })")
    check("chat, two answers with their sources open")
    screenshot(page, f"a11y-chat-{name}.png", whole=True)

    table_page = table_card.locator(".table-link").first.get_attribute("href")
    viewer = prose_card.locator(".viewer-link").first.get_attribute("href")
    cell = table_card.locator(".cell-link, .viewer-link").first.get_attribute("href")
    page.click("#share")
    shared = page.locator("#share-link").get_attribute("href")

    for state, path in (("viewer, cited passage", viewer), ("viewer, cited table row", cell),
                        ("shared conversation", shared)):
        page.goto(urljoin(live_server.url, path))
        check(state)
    page.goto(live_server.url + "/library")
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    check("library, tables listed")
    page.goto(live_server.url + "/history")
    check("history")
    page.locator(".history-list a").first.click()
    page.wait_for_selector(".shared-turn")
    check("own conversation")

    page.goto(live_server.url + table_page)
    page.locator("#data-table .sort-button[data-column='1']").click()
    check("table page, sorted")
    screenshot(page, f"a11y-table-{name}.png")

    # The API docs page: its own header and frame. Swagger UI's markup (vendored, 5.35) is left out:
    # it has upstream violations (nested-interactive operation headers, an unnamed examples select,
    # light-grey version badges) that only a patch of the vendored bundle could fix.
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector(".opblock")
    problems.extend(report("API docs", serious_violations(page, axe_source, exclude=("#swagger-ui",))))

    assert problems == [], "\n".join(problems)
    assert not traffic.page_errors and not traffic.csp_violations()
