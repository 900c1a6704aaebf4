"""Table layouts and number conventions the seed poll does not exercise, on small synthetic documents."""
from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

from index.corpus import DECIMAL_COMMA, DECIMAL_POINT, CorpusError, read_document
from index.numbers import detect_format, is_missing, parse_number
from index.tables import Table, extract
from service.qa.figures import table_unit


def write_document(tmp_path: Path, body: str, **front: str):
    meta = {"id": "synthetic-poll", "title": "Encuesta sintética", "author": "Test", "publisher": "Test",
            "date": "2024-01-01", "language": "es", "source_url": "https://example.org", **front}
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path = tmp_path / "synthetic-poll.md"
    path.write_text(f"---\n{head}---\n\n{textwrap.dedent(body).strip()}\n", encoding="utf-8")
    return read_document(path)


def only_table(tmp_path: Path, body: str, **front: str) -> Table:
    tables = extract(write_document(tmp_path, body, **front)).tables
    assert len(tables) == 1
    return tables[0]


def cell(table: Table, row: str, column: str) -> float | None:
    return table.value(row, column)


# --- number conventions, decided per document ---------------------------------------------------

def test_a_decimal_comma_document(tmp_path):
    document = write_document(tmp_path, """
        INTENCIÓN DE VOTO

        | Candidato | Lima | Interior |
        |---|---|---|
        | A | 12,5 | 1.234,5 |
        | B | 45,0 % | 3 |
        | C | 1.200 | 0,25 |
        """)
    extraction = extract(document)
    table = extraction.tables[0]
    assert extraction.number_format == table.number_format == DECIMAL_COMMA
    assert cell(table, "A", "Lima") == 12.5
    assert cell(table, "A", "Interior") == 1234.5
    assert cell(table, "B", "Lima") == 45.0
    assert cell(table, "B", "Interior") == 3.0
    # One convention for the whole document: "1.200" is twelve hundred here, not 1.2.
    assert cell(table, "C", "Lima") == 1200.0
    assert cell(table, "C", "Interior") == 0.25


def test_a_thousands_separator_document(tmp_path):
    document = write_document(tmp_path, """
        Muestra

        | Zona | Entrevistas | Error |
        |---|---|---|
        | Lima | 1,200 | 2.8 |
        | Interior | 21,799 | 3.1 |

        Resultados

        | Candidato | Total |
        |---|---|
        | A | 19.3 |
        | B | 1,045 |
        """)
    extraction = extract(document)
    assert extraction.number_format == DECIMAL_POINT
    sample, results = extraction.tables
    assert cell(sample, "Lima", "Entrevistas") == 1200.0
    assert cell(sample, "Interior", "Entrevistas") == 21799.0
    assert cell(sample, "Lima", "Error") == 2.8
    # The convention is the document's, so it holds in a table with no evidence of its own.
    assert cell(results, "B", "Total") == 1045.0


AMBIGUOUS = """
    | Distrito | Votos |
    |---|---|
    | A | 1.500 |
    | B | 2.250 |
    """


def test_ambiguous_cells_read_as_thousands_when_nothing_else_decides(tmp_path):
    table = only_table(tmp_path, AMBIGUOUS)
    assert table.number_format == DECIMAL_COMMA
    assert [cell(table, r, "Votos") for r in ("A", "B")] == [1500.0, 2250.0]


@pytest.mark.parametrize("declared, expected", [
    ("decimal_point", [1.5, 2.25]),
    ("decimal_comma", [1500.0, 2250.0]),
])
def test_front_matter_declares_the_convention(tmp_path, declared, expected):
    table = only_table(tmp_path, AMBIGUOUS, number_format=declared)
    assert table.number_format == declared
    assert [cell(table, r, "Votos") for r in ("A", "B")] == expected


def test_front_matter_overrides_what_the_cells_suggest(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Lima |
        |---|---|
        | A | 12,5 |
        | B | 19.3 |
        """, number_format="decimal_point")
    # "12,5" cannot be a decimal-point number; the document's convention is never mixed.
    assert cell(table, "A", "Lima") is None
    assert cell(table, "B", "Lima") == 19.3


def test_a_misspelt_convention_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="number_format"):
        write_document(tmp_path, AMBIGUOUS, number_format="decimal-comma")


@pytest.mark.parametrize("cells, expected", [
    (["12,5", "3"], DECIMAL_COMMA),
    (["1.234,5"], DECIMAL_COMMA),
    (["0,125"], DECIMAL_COMMA),            # a thousands group never starts with 0
    (["19.3", "1,200"], DECIMAL_POINT),    # firm votes outweigh the ambiguous "1,200"
    (["21,799,186"], DECIMAL_POINT),
    (["1,200"], DECIMAL_POINT),
    (["1.200"], DECIMAL_COMMA),
    (["45", "Lima", "-"], DECIMAL_POINT),  # no evidence
    (["12,5", "19.3"], DECIMAL_POINT),     # a tie keeps the decimal point
])
def test_detect_format(cells, expected):
    assert detect_format(cells) == expected


# --- percent signs and missing values ------------------------------------------------------------

@pytest.mark.parametrize("raw, value", [("45%", 45.0), ("45 %", 45.0), ("45.5%", 45.5), ("-3.5", -3.5),
                                        ("−2", -2.0), ("1 234", 1234.0)])
def test_percent_signs_and_signs_parse(raw, value):
    assert parse_number(raw, DECIMAL_POINT) == value


def test_percent_cells_in_a_table(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Lima | Interior |
        |---|---|---|
        | A | 45% | 30 % |
        | B | 55% | 70 % |
        """)
    assert table.records()[0]["values"] == {"Lima": 45.0, "Interior": 30.0}


@pytest.mark.parametrize("marker", ["-", "—", "–", "n.d.", "N.D.", "...", "<1", "< 0.5", ">99%"])
def test_missing_value_markers(marker):
    assert is_missing(marker)
    assert parse_number(marker, DECIMAL_POINT) is None


def test_missing_cells_are_nan_and_the_table_stays_a_table(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Lima | Costa | Sierra | Oriente |
        |---|---|---|---|---|
        | A | - | — | n.d. | <1 |
        | B | 12.5 | - | | 3 |
        """)
    assert table.shape == (2, 4)
    assert all(cell(table, "A", c.key) is None for c in table.columns)
    assert math.isnan(table.frame.at["A", "Oriente"])   # "<1" has no single value: NaN, not 0.5
    assert cell(table, "B", "Lima") == 12.5
    assert cell(table, "B", "Costa") is None and cell(table, "B", "Sierra") is None
    assert cell(table, "B", "Oriente") == 3.0


# --- header blocks ---------------------------------------------------------------------------------

def test_a_one_row_header(tmp_path):
    table = only_table(tmp_path, """
        | Candidato – Partido | Total | Lima | Interior |
        |---|---|---|---|
        | A | 40 | 41 | 39 |
        """)
    assert table.header_label == "Candidato – Partido"
    assert [(c.key, c.label, c.group, c.subgroup) for c in table.columns] == [
        ("Total", "Total", None, None), ("Lima", "Lima", None, None), ("Interior", "Interior", None, None)]
    assert cell(table, "A", "Interior") == 39.0


def test_a_three_row_header(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Total | Lima | | Regiones | | | |
        |---|---|---|---|---|---|---|---|
        | | | Urbano | Rural | Norte | | Sur | |
        | | | | | Costa | Sierra | Costa | Sierra |
        | A | 40 | 41 | 42 | 43 | 44 | 45 | 46 |
        | B | 60 | 59 | 58 | 57 | 56 | 55 | 54 |
        """)
    assert [(c.label, c.group, c.subgroup) for c in table.columns] == [
        ("Total", None, None),
        ("Urbano", "Lima", None), ("Rural", "Lima", None),
        ("Costa", "Regiones", "Norte"), ("Sierra", "Regiones", "Norte"),
        ("Costa", "Regiones", "Sur"), ("Sierra", "Regiones", "Sur"),
    ]
    assert [c.key for c in table.columns] == [
        "Total", "Lima > Urbano", "Lima > Rural", "Regiones > Norte > Costa", "Regiones > Norte > Sierra",
        "Regiones > Sur > Costa", "Regiones > Sur > Sierra"]
    assert table.shape == (2, 7)
    assert cell(table, "A", "Regiones > Sur > Sierra") == 46.0
    assert cell(table, "B", "Lima > Urbano") == 59.0


def test_header_rows_written_above_the_separator(tmp_path):
    table = only_table(tmp_path, """
        | | Sexo | | Edad | |
        | Candidato | Hombre | Mujer | 18-39 | 40+ |
        |---|---|---|---|---|
        | A | 40 | 42 | 38 | 44 |
        """)
    assert table.header_label == "Candidato"
    assert [c.key for c in table.columns] == ["Sexo > Hombre", "Sexo > Mujer", "Edad > 18-39", "Edad > 40+"]
    assert [r.label for r in table.rows] == ["A"]


def test_a_header_row_of_years_is_a_header_row(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Aprobación | |
        |---|---|---|
        | | 2020 | 2021 |
        | A | 40 | 35 |
        """)
    assert [c.key for c in table.columns] == ["Aprobación > 2020", "Aprobación > 2021"]
    assert cell(table, "A", "Aprobación > 2021") == 35.0


# --- unique keys --------------------------------------------------------------------------------------

def test_repeated_row_labels_get_numbered_keys(tmp_path):
    table = only_table(tmp_path, """
        | Respuesta | Lima | Interior |
        |---|---|---|
        | Sí | 40 | 30 |
        | Otros | 5 | 6 |
        | No | 50 | 60 |
        | Otros | 5 | 4 |
        """)
    assert [r.key for r in table.rows] == ["Sí", "Otros", "No", "Otros (2)"]
    assert [r.label for r in table.rows] == ["Sí", "Otros", "No", "Otros"]
    assert all(r.parent is None for r in table.rows)
    assert table.frame.index.is_unique
    assert cell(table, "Otros", "Interior") == 6.0
    assert cell(table, "Otros (2)", "Interior") == 4.0


def test_nested_rows_keep_parent_keys(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Lima | Interior |
        |---|---|---|
        | A | 40 | 30 |
        | Seguro | 80 | 70 |
        | No seguro | 20 | 30 |
        | B | 60 | 70 |
        | Seguro | 90 | 60 |
        | No seguro | 10 | 40 |
        """)
    assert [r.key for r in table.rows] == ["A", "A > Seguro", "A > No seguro", "B", "B > Seguro", "B > No seguro"]
    assert cell(table, "B > Seguro", "Interior") == 60.0


def test_repeated_column_labels_get_numbered_keys(tmp_path):
    table = only_table(tmp_path, """
        | Candidato | Total | Lima | Total | Total (2) |
        |---|---|---|---|---|
        | A | 40 | 41 | 42 | 43 |
        """)
    # The source's own "Total (2)" keeps its key; the repeat is numbered past it.
    assert [c.key for c in table.columns] == ["Total", "Lima", "Total (3)", "Total (2)"]
    assert [c.label for c in table.columns] == ["Total", "Lima", "Total", "Total (2)"]
    assert table.frame.columns.is_unique
    assert cell(table, "A", "Total (3)") == 42.0


# --- titles ----------------------------------------------------------------------------------------------

TABLE = """
| Candidato | Lima |
|---|---|
| A | 40 |
"""


@pytest.mark.parametrize("above, title, subtitles", [
    ("## Intención de voto", "Intención de voto", ()),
    ("**Intención de voto**", "Intención de voto", ()),
    ("*Intención de voto*", "Intención de voto", ()),
    ("__Intención de voto__", "Intención de voto", ()),
    ("### **Table 3: Intención de voto** ###", "Table 3: Intención de voto", ()),
    ("Table 3: Intención de voto", "Table 3: Intención de voto", ()),
    ("Intención de voto\n\n- Respuesta asistida -", "Intención de voto", ("Respuesta asistida",)),
    ("## Intención de voto\n\n*- Respuesta asistida -*\n- Urbano y rural -",
     "Intención de voto", ("Respuesta asistida", "Urbano y rural")),
    ("Intención de voto\n\nFuente: CPI, abril 2021", "Intención de voto", ()),
    ("**Intención de voto**\n- Total -\n*Nota: respuesta única*", "Intención de voto", ("Total",)),
    ("Intención de voto\n===", "Intención de voto", ()),
    ("Voto_en_blanco por zona", "Voto_en_blanco por zona", ()),
])
def test_titles_lose_their_markdown(tmp_path, above, title, subtitles):
    table = only_table(tmp_path, f"{above}\n\n{TABLE}")
    assert (table.title, table.subtitles) == (title, subtitles)


@pytest.mark.parametrize("cells, declared, unit", [
    (("45%", "30 %"), None, "%"),
    (("45", "30"), None, None),
    (("45", "30"), "%", "%"),
    (("1200", "900"), "votes", "votes"),
])
def test_the_unit_of_a_table_is_declared_or_read_from_its_cells(tmp_path, cells, declared, unit):
    front = {"table_unit": declared} if declared else {}
    document = write_document(tmp_path, f"""
        | Candidato | Lima | Interior |
        |---|---|---|
        | A | {cells[0]} | {cells[1]} |
        """, **front)
    assert table_unit(document, extract(document).tables[0]) == unit


def test_a_lone_separator_line_is_no_table(tmp_path):
    # Found by the atheris fuzz target (scripts/fuzz_targets.py tables): it raised ValueError.
    document = write_document(tmp_path, "Before.\n\n|------\n\nAfter.")
    assert extract(document).tables == []
