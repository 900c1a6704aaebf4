"""Health, documents and tables: what the service says about its collection matches the files."""
from __future__ import annotations

import pytest
import requests
from api_tools import CORPUS, as_number, assert_error, corpus_text, file_line, pipe_cells

# Children of a parent row are its shares: each column of a child block adds up to about 100.
SHARE_TOTAL, SHARE_TOLERANCE = 100.0, 1.5


def front_matters() -> dict[str, dict]:
    """The ``key: value`` lines between the two ``---`` lines that open every corpus file."""
    metas = {}
    for path in sorted(CORPUS.glob("*.md")):
        block = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        meta = dict(line.split(":", 1) for line in block.splitlines() if line.strip())
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        metas[meta["id"]] = meta
    return metas


def is_subtitle(line: str) -> bool:
    return line.startswith("- ") and line.endswith(" -")


def test_healthz_counts_the_collection(live_server, openapi):
    response = requests.get(live_server.url + "/healthz", timeout=10)
    assert response.status_code == 200
    openapi.validate(response, "/healthz")
    health = response.json()
    assert health["status"] == "ok"
    assert health["documents"] == 2
    assert health["tables"] == 8
    assert health["fact_sheets"] == 1
    assert health["facts"] > 0
    assert health["chunks"] > 0


def test_documents_are_the_corpus_files(live_server, openapi):
    response = requests.get(live_server.url + "/api/documents", timeout=10)
    assert response.status_code == 200
    openapi.validate(response, "/api/documents")
    served = {d["id"]: d for d in response.json()["documents"]}
    expected = front_matters()
    assert set(served) == set(expected)
    tables = requests.get(live_server.url + "/api/tables", timeout=10).json()["tables"]
    for document_id, meta in expected.items():
        document = served[document_id]
        for field in ("title", "author", "publisher", "date", "language", "source_url"):
            assert document[field] == meta[field], field
        assert document["chars"] == len(corpus_text(document_id))
        assert document["tables"] == [t["id"] for t in tables if t["document"] == document_id]


def test_tables_list_eight_tables_with_titles_and_shapes(live_server, openapi, tables):
    response = requests.get(live_server.url + "/api/tables", timeout=10)
    assert response.status_code == 200
    openapi.validate(response, "/api/tables")
    summaries = response.json()["tables"]
    assert len(summaries) == 8
    assert len({t["id"] for t in summaries}) == 8
    for summary in summaries:
        lines = corpus_text(summary["document"]).split("\n")
        assert lines[summary["line"] - 1].lstrip().startswith("|"), "a table's line is its header row"
        # Its title is the first heading above it that is not a "- subtitle -" line.
        above = [line.strip() for line in lines[:summary["line"] - 1] if line.strip()]
        while above and is_subtitle(above[-1]):
            above.pop()
        assert summary["title"] == above[-1]
        assert summary["rows"] > 0 and summary["columns"] > 0
        full = tables[summary["id"]]
        assert (len(full["records"]), len(full["column_labels"])) == (summary["rows"], summary["columns"])


@pytest.mark.parametrize("index", range(8))
def test_table_records_point_at_their_source_lines(live_server, openapi, tables, index):
    table_id = sorted(tables)[index]
    response = requests.get(f"{live_server.url}/api/tables/{table_id}", timeout=10)
    assert response.status_code == 200
    openapi.validate(response, "/api/tables/{table_id}")
    table = response.json()
    assert pipe_cells(file_line(table["document"], table["line"]))[0] == table["row_header"]
    keys = [c["key"] for c in table["column_labels"]]
    assert len(set(keys)) == len(keys)
    for column in table["column_labels"]:
        assert column["key"] in (column["label"], f"{column['group']} > {column['label']}")
    for record in table["records"]:
        cells = pipe_cells(file_line(table["document"], record["line"]))
        assert cells[0] == record["row"], record
        assert list(record["values"]) == keys
        # Every value is the number written in its cell, column by column.
        for key, cell in zip(keys, cells[1:]):
            assert record["values"][key] == (None if as_number(cell) is None else pytest.approx(as_number(cell)))


def test_parent_rows_are_the_rows_their_shares_divide(tables):
    nested = 0
    for table in tables.values():
        records = table["records"]
        top_level = None
        for number, record in enumerate(records):
            if record["parent_row"] is None:
                top_level = record
                continue
            nested += 1
            # A child sits right under its parent, or under a sibling of the same parent.
            assert top_level is not None and record["parent_row"] == top_level["row"], record
            assert records[number - 1]["line"] == record["line"] - 1
        blocks: dict[str, list[dict]] = {}
        for record in records:
            if record["parent_row"] is not None:
                blocks.setdefault(record["parent_row"], []).append(record)
        for parent, children in blocks.items():
            for key in table["column_labels"]:
                values = [c["values"][key["key"]] for c in children if c["values"][key["key"]] is not None]
                assert abs(sum(values) - SHARE_TOTAL) <= SHARE_TOLERANCE, (table["id"], parent, key["key"])
    assert nested > 0, "the poll nests answers under each candidate: some rows must have parents"


def test_unknown_table_is_a_json_404(live_server, openapi):
    for table_id in ("no-such-table", "cpi-encuesta-segunda-vuelta-abril-2021-t99", "%20", "t1"):
        response = requests.get(f"{live_server.url}/api/tables/{table_id}", timeout=10)
        assert_error(response, 404, "unknown_table")
        openapi.validate(response, "/api/tables/{table_id}")
