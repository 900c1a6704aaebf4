"""The question-answering core over the seed collection, in-process: provenance, nested rows,
arithmetic, follow-ups, language, abstention."""
from __future__ import annotations

import pytest

from index.retrieval import Retriever
from service.qa.answer import Answer, Interpretation
from service.qa.engine import QAEngine

from .conftest import ask_turns


@pytest.fixture(scope="module")
def engine(bundle) -> QAEngine:
    return QAEngine(bundle, Retriever(bundle))


def table_value(bundle, table_id: str, row_label: str, column_label: str, parent: str | None = None) -> float:
    table = bundle.table(table_id)
    row = next(r for r in table.rows if r.label == row_label and r.parent == parent)
    column = next(c for c in table.columns if c.label == column_label)
    return table.value(row.key, column.key)


def test_figure_carries_full_provenance(engine, bundle):
    answer = engine.ask("Castillo support in the Oriente")
    assert answer.answer_type == "figure"
    figure = answer.figures[0]
    table = bundle.table(figure.table_id)
    assert figure.table == table.title
    assert figure.row == "Pedro Castillo - Perú Libre" and figure.column == "Oriente"
    assert figure.column_group == "Zonas del Interior del País"
    assert figure.value == table_value(bundle, figure.table_id, figure.row, figure.column)
    assert figure.unit == "%"
    document = bundle.document(figure.document)
    assert figure.row in document.text.splitlines()[figure.line - 1]
    citation = answer.citations[0]
    assert document.text[citation.start:citation.end] == citation.text
    assert f"{figure.value:.1f}" in answer.text


def test_nested_row_names_its_parent(engine):
    figure = engine.ask("How many Keiko voters in rural areas could still change candidate?").figures[0]
    assert figure.parent_row == "Keiko Fujimori - Fuerza Popular"
    assert figure.row.startswith("Podría cambiar")
    assert figure.column == "Rural"


def test_nationwide_falls_back_to_the_table_that_has_a_total(engine, bundle):
    figure = engine.ask("Castillo vote intention nationwide").figures[0]
    assert figure.column == "Total Perú"
    assert bundle.table(figure.table_id).column(figure.column).label == "Total Perú"


@pytest.mark.parametrize("question", ["Keiko support in Cusco", "¿Cuánto apoya a Castillo la población de Arequipa?",
                                      "Castillo support among women"])
def test_a_cut_the_poll_lacks_is_said_not_guessed(engine, question):
    answer = engine.ask(question)
    assert answer.answer_type == "none"
    assert not answer.figures
    assert "Lima y Callao" in answer.text   # it lists the cuts it does have


def test_gap_shows_arithmetic_and_cites_both_cells(engine, bundle):
    answer = engine.ask("How much does Castillo lead Keiko by in the Costa Sur?")
    castillo = table_value(bundle, answer.figures[1].table_id, "Pedro Castillo - Perú Libre", "Costa Sur")
    keiko = table_value(bundle, answer.figures[1].table_id, "Keiko Fujimori - Fuerza Popular", "Costa Sur")
    assert answer.figures[0].value == pytest.approx(round(castillo - keiko, 1))
    assert answer.figures[0].computed and "−" in answer.figures[0].computed
    assert {f.row for f in answer.figures[1:]} == {"Pedro Castillo - Perú Libre", "Keiko Fujimori - Fuerza Popular"}
    assert len(answer.citations) == 2


def test_small_gap_mentions_margin_of_error(engine):
    answer = engine.ask("Gap between undecided and blank vote in the interior")
    assert answer.figures[0].value <= 2.8
    assert "margin of error" in answer.text


def test_leader_in_a_region(engine, bundle):
    answer = engine.ask("¿Quién lidera en Lima y Callao?")
    assert answer.language == "es"
    table_id = answer.figures[0].table_id
    values = {r.label: table_value(bundle, table_id, r.label, "Lima y Callao")
              for r in bundle.table(table_id).rows if r.label.startswith(("Pedro", "Keiko"))}
    assert answer.figures[0].row == max(values, key=values.get)


def test_highest_column_of_a_row(engine, bundle):
    answer = engine.ask("Where is Keiko strongest?")
    table = bundle.table(answer.figures[0].table_id)
    row = next(r for r in table.rows if r.label == "Keiko Fujimori - Fuerza Popular")
    regional = [c for c in table.columns if c.label not in ("Total Perú", "Interior del País")]
    best = max(regional, key=lambda c: table.value(row.key, c.key))
    assert answer.figures[0].column == best.label


def test_multiple_response_shares_are_not_added(engine):
    answer = engine.ask("Combined share who say Keiko is corrupt and who mention her relationship with Alberto "
                        "Fujimori, nationwide")
    assert "cannot be added" in answer.text


def test_followup_swaps_column_then_row(engine):
    first = ask_turns(engine, "Castillo voters in Lima who could change candidate")
    second = ask_turns(engine, "Castillo voters in Lima who could change candidate", "¿Y en el Oriente?")
    third = ask_turns(engine, "Castillo voters in Lima who could change candidate", "¿Y en el Oriente?", "And Keiko?")
    assert first.figures[0].column == "Lima y Callao"
    assert (second.figures[0].row, second.figures[0].column) == (first.figures[0].row, "Oriente")
    assert third.figures[0].parent_row == "Keiko Fujimori - Fuerza Popular"
    assert third.figures[0].row == first.figures[0].row and third.figures[0].column == "Oriente"
    assert "Keiko" in third.interpretation.understood_as


def test_pronoun_followup_resolves_to_the_last_person(engine):
    answer = ask_turns(engine, "Who is Vladimiro Montesinos?", "Who appointed him?")
    assert answer.answer_type == "passage"
    assert "Fujimori" in answer.text


def test_passage_answer_quotes_the_source_with_offsets(engine, bundle):
    answer = engine.ask("How many deaths has Sendero caused?")
    assert answer.answer_type == "passage"
    assert "24,000" in answer.text
    citation = answer.citations[0]
    text = bundle.document(citation.document).text
    assert text[citation.start:citation.end] == citation.text
    assert citation.start <= citation.highlight_start < citation.highlight_end <= citation.end
    assert "24,000" in text[citation.highlight_start:citation.highlight_end]


def test_spanish_question_about_the_english_article(engine):
    answer = engine.ask("¿Cuántas muertes ha causado Sendero Luminoso?")
    assert answer.language == "es"
    assert answer.answer_type == "passage"
    assert "24,000" in answer.text


@pytest.mark.parametrize("question", ["What is the population of Tokyo?", "Who painted the Mona Lisa?",
                                      "¿Cuál es la capital de Francia?",
                                      "¿Cuál fue la intención de voto de Keiko en mayo de 2021?"])
def test_unanswerable_questions_get_none_with_a_helpful_message(engine, question):
    answer = engine.ask(question)
    assert answer.answer_type == "none"
    assert answer.citations == () and answer.figures == ()
    assert answer.text and answer.interpretation.reason


def test_fact_sheet_answers_cite_the_fact(engine, bundle):
    answer = engine.ask("What was the sample size of the poll?")
    assert "1200" in answer.text.replace(",", "")
    citation = answer.citations[0]
    assert citation.kind == "fact"
    assert "Tamaño de la muestra" in bundle.document(citation.document).text[citation.start:citation.end]


def test_document_metadata_answers(engine):
    answer = engine.ask("Who published the Parameters journal?")
    assert "Army War College" in answer.text
    assert answer.citations[0].text.startswith("publisher:")


def test_every_answer_is_consistent(engine):
    """An answer other than none always cites; every figure's cell is the table's value."""
    for question in ["Indecisos en la Costa Sur", "Why did people vote for Keiko in the first round, nationwide?",
                     "What is the margin of error?", "Who was Elena Moyano?", "Who wrote the article?"]:
        answer = engine.ask(question)
        assert answer.answer_type == "none" or answer.citations
        for figure in answer.figures:
            if figure.computed is None:
                table = engine.bundle.table(figure.table_id)
                row = next(r for r in table.rows if r.label == figure.row and r.parent == figure.parent_row)
                column = next(c for c in table.columns if c.label == figure.column and c.group == figure.column_group)
                assert table.value(row.key, column.key) == figure.value


def test_answer_without_citations_is_refused():
    with pytest.raises(ValueError):
        Answer("x", "passage", Interpretation("passage", "test"))
