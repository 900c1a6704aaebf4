"""The poll's tables and fact sheet, cell by cell, against the tests' own parse of the source."""
from __future__ import annotations

import pytest

from index.tables import extract

TOTAL_NUMERIC_CELLS = 868
ZONES = "Zonas del Interior del País"
INTERIOR = "Interior del País"
EXPECTED_GROUPS = {
    "Total Perú": None, "Lima y Callao": None, INTERIOR: None,
    "Costa y Sierra Norte": ZONES, "Costa Sur": ZONES, "Sierra Centro y Sur": ZONES, "Oriente": ZONES,
    "Urbano": INTERIOR, "Rural": INTERIOR,
}


@pytest.fixture(scope="module")
def extraction(poll):
    return extract(poll)


def test_the_source_parse_sees_eight_tables_and_868_numbers(source_tables):
    # Guards the test's own parser: if it misread the source, every comparison below would be moot.
    assert len(source_tables) == 8
    assert sum(len(t.cells) for t in source_tables) == TOTAL_NUMERIC_CELLS
    for table in source_tables:
        for label, group in table.columns:
            assert EXPECTED_GROUPS[label] == group, (table.title, label)


def test_eight_tables_in_source_order_with_titles_and_subtitles(extraction, source_tables, poll):
    assert len(extraction.tables) == len(source_tables)
    ids = [t.id for t in extraction.tables]
    assert len(set(ids)) == len(ids)
    for table, source in zip(extraction.tables, source_tables):
        assert table.document_id == poll.id
        assert table.title == source.title
        assert list(table.subtitles) == source.subtitles
        assert table.line == source.first_line
        assert table.shape == (len(source.row_labels), len(source.columns))
    # Same-titled tables are told apart by their subtitles.
    keys = [(t.title, t.subtitles) for t in extraction.tables]
    assert len(set(keys)) == len(keys)


def test_columns_and_their_groups(extraction, source_tables):
    for table, source in zip(extraction.tables, source_tables):
        assert [(c.label, c.group) for c in table.columns] == source.columns
        keys = [c.key for c in table.columns]
        assert len(set(keys)) == len(keys), "Interior del País and Interior del País > Urbano stay apart"


def test_every_numeric_cell_matches_the_source(extraction, source_tables, poll):
    source_lines = poll.text.splitlines()
    compared = 0
    for table, source in zip(extraction.tables, source_tables):
        rows = {(r.parent, r.label): r for r in table.rows}
        columns = {(c.group, c.label): c for c in table.columns}
        assert len(rows) == len(table.rows), f"{table.id}: two rows share a label and a parent"
        for cell in source.cells:
            row = rows[(cell.parent, cell.row)]
            column = columns[(cell.group, cell.column)]
            assert table.value(row.key, column.key) == cell.value, (table.id, cell)
            assert row.line == cell.line, (table.id, cell.row)
            line_text = source_lines[row.line - 1]
            assert line_text.startswith(f"| {cell.row} |")
            assert poll.text[row.start:row.end] == line_text
            compared += 1
    assert compared == TOTAL_NUMERIC_CELLS
    assert sum(int(t.frame.notna().sum().sum()) for t in extraction.tables) == TOTAL_NUMERIC_CELLS


def test_certainty_rows_nest_under_candidates(extraction):
    table = next(t for t in extraction.tables if "GRADO DE SEGURIDAD" in t.title)
    parents = {r.label: r.parent for r in table.rows if r.parent is None}
    assert list(parents) == ["Pedro Castillo - Perú Libre", "Keiko Fujimori - Fuerza Popular",
                             "Votará en blanco/viciado", "Indecisos", "No piensa ir a votar"]
    nested = [(r.parent, r.label) for r in table.rows if r.parent is not None]
    assert len(nested) == 9
    for parent in list(parents)[:3]:
        assert [label for p, label in nested if p == parent] == [
            "Está muy seguro/a y no piensa cambiar de candidato",
            "Podría cambiar de candidato de aquí al día de las elecciones",
            "No sabe/ no opina",
        ]
    castillo_sure = table.row("Pedro Castillo - Perú Libre > Está muy seguro/a y no piensa cambiar de candidato")
    assert table.value(castillo_sure.key, "Lima y Callao") == 78.1


def test_no_other_table_nests_rows(extraction):
    for table in extraction.tables:
        if "GRADO DE SEGURIDAD" not in table.title:
            assert all(r.parent is None for r in table.rows), table.id


def test_records_carry_labels_parents_and_lines(extraction):
    for table in extraction.tables:
        records = table.records()
        assert [(r["row"], r["parent_row"], r["line"]) for r in records] == [
            (r.label, r.parent, r.line) for r in table.rows]
        assert all(len(r["values"]) == len(table.columns) for r in records)


FACTS = {
    "Tamaño de la muestra": "1,200",
    "Margen de error": "±2.8%",
    "Nivel de confianza": "95.5%",
    "Fecha de campo": "18 - 21 de Abril del 2021",
    "Universo investigado": "21,799,186 personas",
    "Técnica": "Encuesta presencial en los hogares muestreados.",
    "Tipo de muestreo": "El sistema de muestreo aplicado en la presente investigación es semi probabilístico, polietápico y por áreas.",
    "Nombre de la empresa encuestadora": "Cía. Peruana de Estudios de Mercado y Opinión Pública S.A.C.",
    "Grupo objetivo": "Población urbana y rural del país, hombres y mujeres de 18 años a más que residen en las zonas geográficas en las que se ha subdividido el país",
}


@pytest.mark.parametrize("key, value", FACTS.items())
def test_fact_sheet(extraction, poll, key, value):
    fact = next(f for f in extraction.facts if f.key == key)
    assert fact.value == value
    assert fact.document_id == poll.id
    source_lines = poll.text.splitlines()
    expected_line = next(n for n, line in enumerate(source_lines, start=1) if f"| {key} |" in line)
    assert fact.line == expected_line
    assert poll.text[fact.start:fact.end] == source_lines[fact.line - 1]
    assert source_lines[fact.line - 1].rstrip().endswith(f"| {value} |")


def test_fact_sections(extraction):
    sections = {f.key: f.section for f in extraction.facts}
    assert sections["Nombre de la empresa encuestadora"] == "Datos de la Empresa"
    assert sections["Margen de error"] == "Ficha Técnica"
    assert sections["Tamaño de la muestra"] == "Ficha Técnica"


def test_the_fact_sheet_is_not_a_table(extraction):
    assert all("Margen de error" not in t.frame.index for t in extraction.tables)
    assert len(extraction.facts) == 15


def test_the_article_has_no_tables(article):
    found = extract(article)
    assert found.tables == [] and found.facts == []
