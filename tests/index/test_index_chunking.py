"""Chunking the real corpus: exact offsets, stable ids, kinds and sections."""
from __future__ import annotations

import re

import pytest

from index.chunking import ASIDE, BODY, FURNITURE, NOTES, chunk_document
from test_index_tables_synthetic import write_document


@pytest.fixture(scope="module")
def chunks_by_document(documents):
    return {d.id: chunk_document(d) for d in documents}


@pytest.fixture(scope="module")
def article_chunks(chunks_by_document, article):
    return chunks_by_document[article.id]


def chunk_containing(chunks, phrase):
    found = [c for c in chunks if phrase in c.text]
    assert len(found) == 1, f"{phrase!r} is in {len(found)} chunks"
    return found[0]


def test_every_chunk_is_the_exact_source_span(documents, chunks_by_document):
    for document in documents:
        chunks = chunks_by_document[document.id]
        assert chunks, document.id
        for chunk in chunks:
            assert chunk.document_id == document.id
            assert document.body_start <= chunk.start < chunk.end <= len(document.text)
            assert document.text[chunk.start:chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip(), chunk.id


def test_chunks_are_in_source_order_and_do_not_overlap(chunks_by_document):
    for chunks in chunks_by_document.values():
        for before, after in zip(chunks, chunks[1:]):
            assert before.end <= after.start, (before.id, after.id)


def test_chunk_ids_are_unique_and_stable_across_builds(documents, chunks_by_document):
    ids = [c.id for chunks in chunks_by_document.values() for c in chunks]
    assert len(ids) == len(set(ids))
    again = {d.id: chunk_document(d) for d in documents}
    assert again == chunks_by_document


def test_no_table_row_is_a_passage(chunks_by_document):
    for chunks in chunks_by_document.values():
        for chunk in chunks:
            assert not any(line.lstrip().startswith("|") for line in chunk.text.splitlines()), chunk.id


def test_notes_are_one_chunk_per_note(article, article_chunks):
    notes = [c for c in article_chunks if c.kind == NOTES]
    source_notes = re.findall(r"^\d+\. .*$", article.text, flags=re.MULTILINE)
    assert len(source_notes) == 32
    assert [c.text for c in notes] == source_notes
    assert all(c.section == "NOTES" for c in notes)


def test_no_note_leaks_into_the_body(article_chunks):
    for chunk in article_chunks:
        if chunk.kind != NOTES:
            assert "*The Washington Post*" not in chunk.text, chunk.id


@pytest.mark.parametrize("phrase", [
    "Follow this and additional works at",
    "Dr. Daniel W. Fitz-Simons holds a Ph.D.",          # the author bio between two rules
    "This Article is brought to you for free and open access",
    'Fitz-Simons, Daniel W.. "Sendero Luminoso: Case Study in Insurgency."',  # the recommended citation
    "Volume 23",
    "DANIEL W. FITZ-SIMONS",
])
def test_cover_page_and_author_bio_are_not_body(article_chunks, phrase):
    assert chunk_containing(article_chunks, phrase).kind != BODY


@pytest.mark.parametrize("before, after", [
    ("the poor coordination between the", "political and military branches (talkers vs. fighters)"),
    ("judges and locally elected officials were murdered; village", "elders, teachers, and agricultural professionals"),
    ("Such patrols routinely sustained", "heavy ambush casualties"),
    ("the Peruvian Marxist Jose Carlos", "Mariategui, who wrote"),
])
def test_a_paragraph_cut_by_a_page_break_is_one_chunk(article, article_chunks, before, after):
    assert re.search(re.escape(before) + r"\n\n" + re.escape(after), article.text), "the source has the break"
    chunk = chunk_containing(article_chunks, before)
    assert after in chunk.text
    assert chunk.kind == BODY


def test_the_guzman_capture_paragraph_is_whole(article_chunks):
    chunk = chunk_containing(article_chunks, "the capture of Guzman and some of his top party cadre")
    assert chunk.text.startswith("Starting as a rural guerrilla organization")
    assert chunk.text.endswith("set-piece conventional combat.")


def test_paragraphs_that_end_a_sentence_are_not_joined(article_chunks):
    first = chunk_containing(article_chunks, "approximately 24,000 deaths")
    assert first.text.startswith("The September 1992 capture of Abimael Guzman")
    assert "Originally a rural insurgency" not in first.text


ORDINAL_RE = re.compile(r"\b\d+[a-z]+\b")  # "2da": lower case inside a capitals heading


def is_capitals_line(text: str) -> bool:
    letters = ORDINAL_RE.sub("", text)
    return any(c.isalpha() for c in letters) and letters == letters.upper()


def nearest_heading(document, offset):
    """The nearest heading above ``offset``, read straight from the source lines:
    a Markdown ``#`` line in the article, an all-capitals line in the poll."""
    markdown = any(line.startswith("#") for line in document.body.split("\n"))
    heading = None
    for line in document.text[document.body_start:offset].split("\n"):
        text = line.strip()
        if markdown and text.startswith("#"):
            heading = text.lstrip("#").strip().strip("*_")
        elif not markdown and not text.startswith(("|", "-")) and is_capitals_line(text):
            heading = text
    return heading


def test_every_body_chunk_has_its_section_heading(documents, chunks_by_document):
    for document in documents:
        for chunk in chunks_by_document[document.id]:
            if chunk.kind == BODY:
                assert chunk.section == nearest_heading(document, chunk.start), chunk.id


def test_article_sections(article_chunks):
    sections = {c.section for c in article_chunks if c.kind == BODY}
    assert {"Strategy and Tactics", "Weaknesses", "Drug Trafficking", "The Human Rights Issue",
            "The Armed Forces", "Conclusion"} <= sections
    assert chunk_containing(article_chunks, "Peruvian narcotraffickers are estimated").section == "Drug Trafficking"


def test_poll_heading_with_an_ordinal_is_a_heading_not_a_passage(chunks_by_document, poll):
    chunks = chunks_by_document[poll.id]
    assert not any(c.text.startswith("2da VUELTA ELECTORAL") for c in chunks)
    caption = chunk_containing(chunks, "Atributos que destacan de la candidata")
    assert caption.section == "2da VUELTA ELECTORAL: EVALUACIÓN DE LA CANDIDATA KEIKO FUJIMORI DE FUERZA POPULAR"


def test_a_box_of_prose_between_rules_is_an_aside_not_furniture(article_chunks):
    # The author's biography says things a reader may ask ("where did the author study?").
    assert chunk_containing(article_chunks, "Dr. Daniel W. Fitz-Simons holds a Ph.D.").kind == ASIDE


def test_a_page_heading_starts_a_page_of_body_text_not_furniture(tmp_path):
    document = write_document(tmp_path, """
        ## Page 2

        Inaugurated in 1990, the mayor of Puerto Alto took the helm of a town in crisis.

        ## Recommended Citation

        Paredes, Luis. The river trade of Puerto Alto. Rio Verde Press, 1994.
        """, language="en")
    kinds = {c.text.split()[0]: (c.kind, c.section) for c in chunk_document(document)}
    assert kinds["Inaugurated"] == (BODY, "Page 2")
    assert kinds["Paredes,"][0] == FURNITURE
