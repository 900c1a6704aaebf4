"""The interactive API documentation (/api/docs): Swagger UI from the service's own static files,
drawing every operation of /api/openapi.json under the page's CSP, and able to call the API."""
from __future__ import annotations

import pytest
import requests
from browser_tools import STRINGS, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_docs_page_draws_every_operation_from_local_files_only(live_server, open_page):
    document = requests.get(live_server.url + "/api/openapi.json", timeout=10).json()
    operations = sum(len(methods) for methods in document["paths"].values())
    page, traffic = open_page()
    page.goto(live_server.url + "/library?lang=en")
    page.click("#api-docs-link")                  # linked from the documents page
    expect(page.locator("h1").first).to_have_text(STRINGS["en"]["api_docs_title"])
    expect(page.locator(".opblock")).to_have_count(operations)
    paths = set(page.locator(".opblock-summary-path").evaluate_all("ps => ps.map((p) => p.dataset.path)"))
    assert paths == set(document["paths"])

    # "Try it out" calls this server from the page (connect-src 'self'): GET /api/documents.
    block = page.locator(".opblock-get").filter(has=page.locator("[data-path='/api/documents']"))
    block.locator(".opblock-summary-control").click()
    block.locator(".try-out__btn").click()
    block.locator(".execute").click()
    expect(block.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    screenshot(page, "api-docs.png")

    urls = [r.url for r in traffic.requests]
    assert any(u.endswith("/vendor/swagger-ui/swagger-ui-bundle.js") for u in urls)
    strangers = [u for u in urls if not u.startswith(live_server.url + "/")]
    assert strangers == [], f"requests to other origins: {strangers}"
    assert not traffic.csp_violations(), traffic.csp_violations()
    assert not traffic.page_errors
