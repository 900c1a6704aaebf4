"""Fact sheets written as lines of "Key: value", outside any table."""
from __future__ import annotations

from index.factsheets import key_value_facts

from test_index_tables_synthetic import write_document


def test_a_run_of_key_value_lines_is_a_fact_sheet(tmp_path):
    document = write_document(tmp_path, """
        Ficha técnica

        - Tamaño de la muestra: 1,204 entrevistas
        - Margen de error: ±2.8%
        - **Fecha de campo**: 26 al 28 de mayo de 2021
        - Cobertura: nacional urbana y rural

        La encuesta se realizó en los hogares.
        """)
    facts = key_value_facts(document)
    assert [(f.key, f.value) for f in facts] == [
        ("Tamaño de la muestra", "1,204 entrevistas"), ("Margen de error", "±2.8%"),
        ("Fecha de campo", "26 al 28 de mayo de 2021"), ("Cobertura", "nacional urbana y rural")]
    assert {f.section for f in facts} == {"Ficha técnica"}
    for fact in facts:
        assert fact.key in document.text[fact.start:fact.end]
        assert document.text.splitlines()[fact.line - 1] == document.text[fact.start:fact.end]


def test_a_lone_label_in_prose_and_table_rows_are_not_facts(tmp_path):
    document = write_document(tmp_path, """
        Nota: las cifras están redondeadas.

        | Candidato | Total |
        |---|---|
        | A: uno | 10 |
        | B: dos | 20 |
        | C: tres | 30 |

        Fuente: elaboración propia.
        """)
    assert key_value_facts(document) == []
