"""A page per table in a real browser: header groups, nested rows, sorting by mouse and keyboard,
CSV and JSON downloads checked against the source, and the links that lead there."""
from __future__ import annotations

import csv
import io
import unicodedata
from urllib.parse import urlsplit

import pytest
import requests
from browser_tools import STRINGS, api_ask, ask_in_page, screenshot
from test_web_headers import InlineCode

pytestmark = pytest.mark.browser

FIGURE_QUESTION = "Castillo support in Lima/Callao"
# Each body row as the page has it now: label, parent, and the number behind every cell.
READ_ROWS = """() => [...document.querySelectorAll('#data-table tbody tr')].map((tr) => ({
  label: tr.dataset.label, parent: tr.dataset.parent ?? null,
  values: [...tr.querySelectorAll('td')].map((td) => td.dataset.value === undefined ? null : Number(td.dataset.value)),
}))"""


@pytest.fixture(scope="module")
def nested_table(bundle):
    """A table of the collection with column groups and nested rows, whichever it is."""
    found = next((t for t in bundle.tables if any(c.group for c in t.columns) and any(r.parent for r in t.rows)),
                 None)
    assert found is not None, "the collection has no table with both column groups and nested rows"
    return found


def source_cells(document_text: str, row) -> list[str]:
    """The cells of a row's line in the source file, split by hand (not by the index's parser)."""
    return [cell.strip() for cell in document_text[row.start:row.end].strip().strip("|").split("|")]


def source_number(cell: str, number_format: str) -> float | None:
    cell = cell.rstrip("%").strip()
    if number_format == "decimal_comma":
        cell = cell.replace(".", "").replace(",", ".")
    return float(cell) if cell else None


def group_runs(columns) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for column in columns:
        if column.group and runs and runs[-1][0] == column.group:
            runs[-1] = (column.group, runs[-1][1] + 1)
        elif column.group:
            runs.append((column.group, 1))
        else:
            runs.append(("", 0))   # an ungrouped column breaks a run
    return [run for run in runs if run[1]]


def test_a_table_page_draws_its_header_groups_and_nested_rows(live_server, open_page, nested_table):
    table = nested_table
    page, traffic = open_page()
    page.goto(f"{live_server.url}/tables/{table.id}?lang=en")
    assert page.locator("h1").inner_text() == table.title
    assert page.locator("#data-table thead tr").count() == 2
    groups = page.locator("#data-table thead th.group")
    assert [(groups.nth(i).inner_text(), int(groups.nth(i).get_attribute("colspan")))
            for i in range(groups.count())] == group_runs(table.columns)
    buttons = page.locator("#data-table .sort-button")
    by_column = {int(buttons.nth(i).get_attribute("data-column")): buttons.nth(i).inner_text().strip()
                 for i in range(buttons.count())}
    assert [by_column[i + 1] for i in range(len(table.columns))] == [c.label for c in table.columns]

    shown = page.evaluate(READ_ROWS)
    assert [(r["label"], r["parent"]) for r in shown] == [(r.label, r.parent) for r in table.rows]
    for row, drawn in zip(table.rows, shown):
        assert drawn["values"] == [table.value(row.key, c.key) for c in table.columns]
    # A nested row reads as one: indented under its parent, and its parent said to screen readers.
    child = page.locator("#data-table tbody tr.child th").first
    top = page.locator("#data-table tbody tr:not(.child) th").first
    indent = "e => parseFloat(getComputedStyle(e).paddingLeft)"
    assert child.evaluate(indent) > top.evaluate(indent)
    first_child = next(r for r in table.rows if r.parent)
    assert child.text_content().startswith(first_child.parent)
    screenshot(page, "table-page.png", whole=True)
    assert not traffic.page_errors and not traffic.csp_violations()


def sorted_desc(values: list[float | None]) -> bool:
    present = [v for v in values if v is not None]
    return present == sorted(present, reverse=True) and values[:len(present)] == present


def test_sorting_by_keyboard_keeps_nested_rows_under_their_parent(live_server, open_page, nested_table):
    page, traffic = open_page(locale="es-ES")
    page.goto(f"{live_server.url}/tables/{nested_table.id}")
    before = page.evaluate(READ_ROWS)
    button = page.locator("#data-table .sort-button[data-column='1']")
    header = page.locator("#data-table th:has(.sort-button[data-column='1'])")
    assert header.get_attribute("aria-sort") is None
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    after = page.evaluate(READ_ROWS)
    assert sorted(map(str, after)) == sorted(map(str, before))
    top = [r for r in after if r["parent"] is None]
    assert sorted_desc([r["values"][0] for r in top])
    for index, row in enumerate(after):
        if row["parent"] is not None:   # right after its parent or a sibling
            above = after[index - 1]
            assert row["parent"] in (above["label"], above["parent"])
    for parent in top:
        children = [r["values"][0] for r in after if r["parent"] == parent["label"]]
        assert sorted_desc(children)
    assert page.locator("#sort-status").inner_text() == \
        STRINGS["es"]["sorted_descending"].replace("{column}", nested_table.columns[0].label)

    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = [r["values"][0] for r in page.evaluate(READ_ROWS) if r["parent"] is None]
    present = [v for v in ascending if v is not None]
    assert present == sorted(present)

    page.locator("#data-table .sort-button[data-column='0']").click()
    assert header.get_attribute("aria-sort") is None
    assert page.locator("#data-table th[aria-sort]").count() == 1

    def folded(label: str) -> str:
        return unicodedata.normalize("NFKD", label)[:1].casefold()

    initials = [folded(r["label"]) for r in page.evaluate(READ_ROWS) if r["parent"] is None]
    assert initials == sorted(initials)
    assert not traffic.page_errors


def test_the_csv_and_json_downloads_match_the_source_table_cell_by_cell(live_server, open_page, nested_table,
                                                                        bundle):
    table = nested_table
    document = bundle.document(table.document_id)
    page, traffic = open_page()
    page.goto(f"{live_server.url}/tables/{table.id}")
    with page.expect_download() as download:
        page.click("#table-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0] == [table.header_label or "row", "parent_row", *(c.key for c in table.columns)]
    assert len(rows) == len(table.rows) + 1
    for row, record in zip(table.rows, rows[1:]):
        cells = source_cells(document.text, row)
        assert record[0] == cells[0] == row.label and record[1] == (row.parent or "")
        for printed, downloaded in zip(cells[1:], record[2:], strict=True):
            expected = source_number(printed, table.number_format)
            assert (float(downloaded) if downloaded else None) == pytest.approx(expected), (row.label, printed)

    data = requests.get(live_server.url + page.get_attribute("#table-json", "href"), timeout=10).json()
    assert [(r["row"], r["parent_row"]) for r in data["records"]] == [(r[0], r[1] or None) for r in rows[1:]]
    assert [list(r["values"].values()) for r in data["records"]] == \
        [[float(v) if v else None for v in r[2:]] for r in rows[1:]]
    assert not traffic.page_errors


def test_every_figure_card_links_to_its_table_page(live_server, open_page):
    expected = api_ask(live_server.url, FIGURE_QUESTION)
    assert expected["figures"], f"the engine gave no figure for {FIGURE_QUESTION!r}"
    page, traffic = open_page()
    page.goto(live_server.url + "/")
    card = ask_in_page(page, FIGURE_QUESTION)
    links = card.locator(".figure-card .table-link")
    assert links.count() == len(expected["figures"])
    page.click("#lang-es")   # the link follows the page's language
    for index, figure in enumerate(expected["figures"]):
        href = urlsplit(links.nth(index).get_attribute("href"))
        assert (href.path, href.query) == (f"/tables/{figure['table_id']}", "lang=es")
    figure = expected["figures"][0]
    links.first.click()
    page.wait_for_url(f"**/tables/{figure['table_id']}?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#sort-hint").inner_text() == STRINGS["es"]["sort_hint"]
    row = page.locator(f"#data-table tbody tr[data-label='{figure['row']}']")
    values = [float(v) for v in row.locator("td[data-value]").evaluate_all("tds => tds.map(td => td.dataset.value)")]
    assert figure["value"] in values
    assert not traffic.page_errors and not traffic.csp_violations()


def test_an_unknown_table_is_a_page_for_browsers_and_json_for_clients(live_server):
    page = requests.get(live_server.url + "/tables/no-such-table?lang=es", headers={"Accept": "text/html"},
                        timeout=10)
    assert page.status_code == 404 and STRINGS["es"]["table_missing_title"] in page.text
    api = requests.get(live_server.url + "/tables/no-such-table", timeout=10)
    assert api.status_code == 404 and api.json()["error"]["code"] == "unknown_table"


def test_the_table_page_has_no_inline_code(live_server, nested_table):
    response = requests.get(f"{live_server.url}/tables/{nested_table.id}", timeout=10)
    assert response.status_code == 200
    parser = InlineCode()
    parser.feed(response.text)
    assert parser.problems == [] and all(src.startswith("/static/") for src in parser.scripts)


def test_with_api_keys_required_a_first_visit_to_a_table_page_can_download_its_data(server_factory, tmp_path,
                                                                                    open_page, nested_table):
    keys = tmp_path / "api-keys.txt"
    keys.write_text("client-key-for-tables-0001\n", encoding="utf-8")
    server = server_factory(env={"API_KEYS_FILE": str(keys)})
    assert requests.get(f"{server.url}/api/tables/{nested_table.id}.csv", timeout=10).status_code == 401
    page, traffic = open_page()   # a fresh browser: no token from any other page
    page.goto(f"{server.url}/tables/{nested_table.id}")
    with page.expect_download() as download:
        page.click("#table-csv")
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert len(lines) == len(nested_table.rows) + 1
    json_status = page.evaluate("async (url) => (await fetch(url)).status", page.get_attribute("#table-json", "href"))
    assert json_status == 200
    assert not traffic.page_errors
