"""Uploaded files become corpus documents: each format read by its library, every bad file refused."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from index import library
from index.corpus import corpus_files
from index.ingest import Rejection, convert
from index.retrieval import Retriever
from index.store import load
from service.qa.engine import QAEngine
from tests.index.sample_files import HTML_ARTICLE, docx_report, docx_yearly, pdf_long_table, pdf_poll, xlsx_poll
from tests.qa.conftest import ARTICLE, write_corpus

LIMIT = 20 * 1024 * 1024


def converted(data: bytes, name: str, **fields) -> str:
    return convert(data, name, fields, LIMIT).text


def test_a_sheet_keeps_its_title_its_two_header_rows_and_its_cell_range():
    text = converted(xlsx_poll(), "votos.xlsx")
    assert "title: Sondeo municipal de Valle Alto" in text and "author: Encuestas Altiplano" in text
    assert "Source: sheet Votos, cells A3:D7\n\nINTENCIÓN DE VOTO PARA ALCALDE\n\n" in text
    assert "| Candidato | Total | Región |  |\n|  |  | Norte | Sur |\n| --- |" in text
    assert "| Marta Ríos | 41.5 | 44 | 39 |" in text


def test_a_pdf_keeps_its_pages_and_the_caption_above_its_table():
    text = converted(pdf_poll(), "aprobacion.pdf")
    assert "## PDF page 1" in text and "900 entrevistas en hogares urbanos" in text
    page_two = text[text.index("## PDF page 2"):]
    assert "Source: page 2\n\nAPROBACIÓN DEL ALCALDE\n\n| Respuesta | Total | Urbano | Rural |" in page_two
    assert "| Aprueba | 48.0 | 45.0 | 55.0 |" in page_two


def test_a_table_continued_on_the_next_page_is_one_table():
    conversion = convert(pdf_long_table(80), "hogares.pdf", {}, LIMIT)
    assert [(t["title"], t["rows"], t["source"]) for t in conversion.tables] == [
        ("HOGARES CON AGUA POR DISTRITO", 80, "pages 1-3")]
    assert conversion.text.count("| Distrito | Hogares | Con agua |") == 1
    # reportlab's placeholders are not metadata: the title comes from the text.
    assert "author: unknown" in conversion.text and "title: HOGARES CON AGUA POR DISTRITO" in conversion.text


def test_a_word_file_keeps_headings_prose_and_a_captioned_table():
    text = converted(docx_report(), "puerto.docx")
    assert "date: 2022-09-01" in text and "## Informe sobre el puerto de Bahía Clara" in text
    assert "DESEMBARQUE POR ESPECIE (MILES DE TONELADAS)\n\n| Especie | Industrial | Artesanal |\n| --- |" in text
    assert text.count("DESEMBARQUE") == 1   # the caption became the table's title, not also a paragraph


def test_a_web_page_loses_its_navigation_and_boilerplate():
    text = converted(HTML_ARTICLE.encode(), "puerto-verde.html")
    assert "Puerto Verde was founded in 1890" in text and "author: Lucía Campos" in text
    assert "date: 2023-06-02" in text and "language: en" in text
    for boilerplate in ("About us", "subscribe today", "Related stories", "Copyright"):
        assert boilerplate not in text
    assert "Boats registered in Puerto Verde\n\n| Kind | Year |  |\n|  | 2010 | 2020 |" in text


def test_metadata_with_line_breaks_stays_on_one_front_matter_line():
    text = converted(b"# Informe\n\nTexto del informe sobre el puerto.\n", "informe\nid: evil.md",
                     title="Informe\nsecreto", author="Ana\r\nTorres")
    assert "title: Informe secreto\n" in text and "author: Ana Torres\n" in text
    assert "source_url: upload:informe id: evil.md\n" in text


def test_fields_given_win_over_what_the_file_says():
    text = converted(xlsx_poll(), "votos.xlsx", id="valle-alto-2022", publisher="Diario Andino", date="2022-03-01")
    assert "id: valle-alto-2022\n" in text and "publisher: Diario Andino\n" in text and "date: 2022-03-01\n" in text


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_poll()))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("make, name, code", [
    (lambda: b"", "empty.csv", "empty_file"),
    (lambda: pdf_poll(), "report.docx", "mismatched_type"),
    (lambda: b"a,b\n1,2\n", "table.pdf", "mismatched_type"),
    (lambda: bytes(range(256)) * 8, "data.bin", "unsupported_type"),
    (lambda: b"\x89PNG\r\n\x1a\n" + bytes(500), "photo.md", "unsupported_type"),
    (zip_bomb, "bomb.docx", "archive_too_large"),
    (encrypted_pdf, "locked.pdf", "unreadable_file"),
    (lambda: pdf_poll()[:400], "damaged.pdf", "unreadable_file"),
    (lambda: b"---\nid: x\ntitle no colon\n---\nText.\n", "bad.md", "malformed_front_matter"),
    (lambda: b"x" * 2000, "big.txt", "file_too_large"),
])
def test_a_bad_file_is_refused_with_a_code_that_names_the_problem(make, name, code):
    with pytest.raises(Rejection) as refused:
        convert(make(), name, {}, 1000 if code == "file_too_large" else LIMIT)
    assert refused.value.code == code and 400 <= refused.value.status < 500


@pytest.fixture
def collection(tmp_path) -> tuple[Path, Path]:
    return write_corpus(tmp_path / "corpus", {"article": ARTICLE}), tmp_path / "index"


def snapshot(corpus: Path) -> dict[str, bytes]:
    return {str(p.relative_to(corpus)): p.read_bytes() for p in sorted(corpus.rglob("*")) if p.is_file()}


def test_an_added_file_is_answered_with_its_provenance_and_a_removed_one_is_gone(collection):
    corpus, index = collection
    workbook = xlsx_poll()
    report = library.add(workbook, "votos.xlsx", {"id": "valle-alto"}, corpus, index)
    assert report["tables"][0]["rows"] == 3 and report["index"]["counts"]["documents"] == 2
    assert (corpus / "originals" / "valle-alto.xlsx").read_bytes() == workbook
    bundle = load(index)
    answer = QAEngine(bundle, Retriever(bundle)).ask("¿Cuánto tiene Marta Ríos en el Norte?")
    assert answer.figures[0].value == 44.0
    assert "sheet Votos, cells A3:D7" in answer.citations[0].section
    library.remove("valle-alto", corpus, index)
    assert load(index).document("valle-alto") is None and not (corpus / "originals" / "valle-alto.xlsx").exists()


@pytest.mark.parametrize("data, name, code", [
    (b"# T\n\nIntro.\n\n| A | B |\n|---|---|\n| x | 1 | 2 |\n", "ragged.md", "ragged_table"),
    (ARTICLE.encode(), "again.md", "duplicate_id"),
])
def test_a_refused_document_changes_neither_corpus_nor_index(collection, data, name, code):
    corpus, index = collection
    library.add(HTML_ARTICLE.encode(), "page.html", {}, corpus, index)
    before, manifest = snapshot(corpus), (index / "manifest.json").read_text()
    with pytest.raises(Rejection) as refused:
        library.add(data, name, {}, corpus, index)
    assert refused.value.code == code
    assert snapshot(corpus) == before and (index / "manifest.json").read_text() == manifest
    assert len(corpus_files(corpus)) == 2


def test_a_year_a_table_prints_as_a_column_names_the_column_not_the_documents_date(collection):
    corpus, index = collection
    library.add(docx_yearly(), "pesca.docx", {"date": "2022-01-10"}, corpus, index)
    bundle = load(index)
    engine = QAEngine(bundle, Retriever(bundle))
    assert engine.ask("¿Cuántas miles de toneladas de anchoveta se desembarcaron en 2021?").figures[0].value == 98.0
    assert engine.ask("How much bonito was landed in 2020?").figures[0].value == 33.0
    assert engine.ask("¿Cuánta anchoveta se desembarcó en 2019?").answer_type == "none"


def test_a_table_whose_title_says_percent_gives_its_figures_in_percent(collection):
    corpus, index = collection
    poll = ("# Sondeo de Valle Alto\n\nAPROBACIÓN DEL ALCALDE (%)\n\n| Respuesta | Total |\n|---|---|\n"
            "| Aprueba | 48 |\n| Desaprueba | 52 |\n")
    library.add(poll.encode(), "sondeo.md", {"date": "2022-04-02"}, corpus, index)
    bundle = load(index)
    figure = QAEngine(bundle, Retriever(bundle)).ask("¿Qué porcentaje aprueba al alcalde?").figures[0]
    assert (figure.value, figure.unit) == (48.0, "%")
