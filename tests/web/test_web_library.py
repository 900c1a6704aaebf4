"""The documents page in a real browser: documents, tables to download, and the upload form."""
from __future__ import annotations

import csv
import io

import requests

from tests.conftest import ADMIN_KEY
from tests.index.sample_files import xlsx_poll


def test_the_documents_page_lists_documents_and_their_tables(live_server, open_page, bundle):
    page, traffic = open_page()
    page.goto(live_server.url + "/library?lang=es")
    for document in bundle.documents:
        assert page.locator(f"#doc-{document.id} h2").inner_text() == document.title
    table = bundle.tables[0]
    page.locator(f"#doc-{table.document_id} summary").click()
    link = page.locator(f"[data-table='{table.id}'] a[download]")
    rows = list(csv.reader(io.StringIO(requests.get(live_server.url + link.get_attribute("href"), timeout=10).text)))
    assert len(rows) == len(table.rows) + 1 and rows[1][0] == table.rows[0].label
    # Every table leads to its own page, in the page's language.
    for listed in bundle.tables:
        assert page.locator(f"[data-table='{listed.id}'] a.table-page-link").get_attribute("href") == \
            f"/tables/{listed.id}?lang=es"
    page.locator(f"[data-table='{table.id}'] a.table-page-link").click()
    page.wait_for_url(f"**/tables/{table.id}?lang=es")
    assert page.locator("h1").inner_text() == table.title
    page.go_back()
    assert page.locator("#upload-form").count() == 0   # no admin key configured: no form
    assert not traffic.page_errors and not traffic.console_errors


def test_an_administrator_adds_a_spreadsheet_from_the_page(admin_server, open_page, tmp_path):
    workbook = tmp_path / "votos.xlsx"
    workbook.write_bytes(xlsx_poll())
    page, traffic = open_page()
    page.goto(admin_server.url + "/library?lang=en")
    page.fill("#admin-key", "wrong key")
    page.set_input_files("#upload-file", str(workbook))
    page.click("#upload-button")
    assert "admin key" in page.wait_for_selector(".upload-error").inner_text()
    page.fill("#admin-key", ADMIN_KEY)
    page.click("#upload-button")
    report = page.wait_for_selector(".upload-ok").inner_text()
    assert "Sondeo municipal de Valle Alto" in report and "1 tables" in report
    page.reload()
    assert page.locator("#doc-sondeo-municipal-de-valle-alto").count() == 1
    assert page.input_value("#admin-key") == ADMIN_KEY   # kept for this tab
    assert not traffic.page_errors
