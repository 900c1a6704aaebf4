"""The core over a collection it has never seen: every answer comes from the documents' own
labels, facts and metadata, through the general vocabulary only."""
from __future__ import annotations

import pytest

from index.corpus import CorpusError
from service.qa.answerers.passage import without_words

from .conftest import ANDINA, ARTICLE, NORTHWIND, PACIFIC, ask_turns, engine_over, write_corpus


def only_figure(answer):
    assert answer.answer_type == "figure", answer.text
    return answer.figures[0]


@pytest.mark.parametrize("question, row, column, value", [
    ("¿Cuánto tiene Ana Torres entre las mujeres?", "Ana Torres - Partido Verde", "Mujeres", 42.0),
    ("Support for Rojas in the south", "Luis Rojas - Frente Azul", "Sur", 41.0),
    ("Green Party support among men", "Ana Torres - Partido Verde", "Hombres", 38.0),   # an alias
    ("Anita en la Sierra Norte", "Ana Torres - Partido Verde", "Sierra Norte", 44.0),
    ("Torres nationwide", "Ana Torres - Partido Verde", "Total", 40.0),                  # the total
    ("Approval in rural areas", "Approve", "Rural", 61.0),
])
def test_cells_are_found_by_the_documents_own_labels(engine, question, row, column, value):
    figure = only_figure(engine.ask(question))
    assert (figure.row, figure.column, figure.value) == (row, column, value)


@pytest.mark.parametrize("question, row, column, value", [
    ("Luis Rojas en el NSE D/E", "Luis Rojas", "D/E", 38.5),          # letters as columns
    ("Ana Torres among 18 to 24 year olds", "Ana Torres", "18-24", 25.0),
    ("Rojas support among people aged 40 and over", "Luis Rojas", "40+", 27.0),
])
def test_socioeconomic_and_age_cuts(engine, question, row, column, value):
    figure = only_figure(engine.ask(question))
    assert (figure.document, figure.row, figure.column, figure.value) == ("pacific-abril-2021", row, column, value)


def test_a_group_named_as_a_whole_gets_each_of_its_columns(engine):
    answer = engine.ask("¿Quién gana entre los jóvenes?")
    assert answer.interpretation.operation == "leader"
    assert "Luis Rojas lidera en 18-24" in answer.text and "Ana Torres lidera en 40+" in answer.text


def test_a_cut_the_poll_lacks_is_named_with_the_cuts_it_has(engine):
    answer = engine.ask("Ana Torres support in Cusco")
    assert answer.answer_type == "none" and not answer.figures
    assert "Cusco" in answer.text and "Encuestadora Andina" in answer.text
    assert "Mujeres" in answer.text and "Sierra Norte" in answer.text


def test_a_date_no_document_has_is_not_answered_from_another(engine):
    answer = engine.ask("Ana Torres support in March 2021")
    assert answer.answer_type == "none" and not answer.figures
    assert "2021-05-20" in answer.text and "2020-01-15" in answer.text


def test_a_mention_that_fits_two_columns_asks_which(engine):
    answer = engine.ask("Torres in the north")
    assert answer.answer_type == "none"
    assert "Costa Norte" in answer.text and "Sierra Norte" in answer.text
    for option, column in zip(answer.suggestions, ("Costa Norte", "Sierra Norte")):
        assert only_figure(engine.ask(option)).column == column


def test_the_pollster_chooses_the_document(engine):
    figure = only_figure(engine.ask("According to Northwind, what share disapprove in urban areas?"))
    assert (figure.document, figure.row, figure.value) == ("northwind-approval-2020", "Disapprove", 45.0)


def test_the_most_recent_poll_answers_and_the_others_are_named(engine):
    answer = engine.ask("Ana Torres nationwide")
    figure = only_figure(answer)
    assert (figure.document, figure.value) == ("andina-mayo-2021", 40.0)
    assert "Pacific Polls (2021-04-10): Ana Torres 31.5%" in answer.text
    other = next(s for s in answer.suggestions if "Pacific Polls" in s)
    assert only_figure(engine.ask(other)).document == "pacific-abril-2021"


def test_two_named_polls_are_compared_side_by_side(engine):
    answer = engine.ask("Ana Torres nationwide according to Andina and Pacific")
    assert [f.value for f in answer.figures] == [40.0, 31.5]
    assert {c.document for c in answer.citations} == {"andina-mayo-2021", "pacific-abril-2021"}


def test_a_date_chooses_the_poll(engine):
    figure = only_figure(engine.ask("Ana Torres in April 2021"))
    assert (figure.document, figure.value) == ("pacific-abril-2021", 31.5)


def test_a_fact_is_looked_up_in_the_fact_sheet_with_its_citation(engine):
    answer = engine.ask("What is the margin of error?")
    assert "±3.1%" in answer.text
    citation = answer.citations[0]
    assert citation.kind == "fact" and "Margen de error" in citation.text


def test_a_fact_sheet_of_key_value_lines_answers_for_its_poll(engine):
    answer = engine.ask("¿Cuál es el margen de error de Pacific Polls?")
    assert "±3.5%" in answer.text and answer.citations[0].document == "pacific-abril-2021"
    both = engine.ask("What is the margin of error?")
    assert "±3.1%" in both.text and "±3.5%" in both.text   # the most recent first, the other named


def test_metadata_of_a_document_named_by_its_title(engine):
    answer = engine.ask("Who wrote the article about Puerto Alto?")
    assert "Rosa Mendoza" in answer.text and answer.citations[0].document == "puerto-alto-history"


def test_several_polls_answer_and_all_are_named(engine):
    answer = engine.ask("Who conducted the poll?")
    assert "Encuestadora Andina" in answer.text and "Northwind Research" in answer.text


@pytest.mark.parametrize("question, leader", [
    ("Who is winning?", "Ana Torres - Partido Verde"),              # the most recent poll, its total
    ("¿Quién lidera en el sur?", "Luis Rojas - Frente Azul"),
])
def test_leader_among_candidate_rows(engine, question, leader):
    answer = engine.ask(question)
    assert answer.interpretation.operation == "leader"
    assert answer.figures[0].row == leader
    assert "En blanco" not in answer.text    # an answer option is not a candidate


def test_gap_is_arithmetic_over_cited_cells(engine):
    answer = engine.ask("What is the gap between Torres and Rojas nationwide?")
    computed = answer.figures[0]
    assert computed.value == 5.0 and computed.computed == "40.0 − 35.0 = 5.0"
    assert len(answer.citations) == 2


def test_a_passage_answers_prose(engine):
    answer = engine.ask("Who was the first mayor of Puerto Alto?")
    assert answer.answer_type == "passage" and "Maria Quispe" in answer.text


@pytest.mark.parametrize("question", ["Where did Jorge Huaman grow up?", "¿Dónde creció Huamán?"])
def test_a_where_span_is_the_place_after_a_locative_not_a_name_the_question_gives(engine, question):
    # "grew"/"grow" meet through the lemma table, "creció" through the glossary.
    answer = engine.ask(question)
    assert answer.answer_type == "passage" and answer.span.text == "Pucallpa"


@pytest.mark.parametrize("question", [
    "How many boats does the Iquitos fleet have?",       # the sentence naming Iquitos has no number
    "How many inhabitants does Pucallpa have?",          # the sentence with a number never names Pucallpa
    "When did Jorge Huaman die?",                        # only the name is found, not "die"
])
def test_a_passage_that_misses_what_the_question_needs_is_no_answer(engine, question):
    assert engine.ask(question).answer_type == "none"


@pytest.mark.parametrize("question", ["Which engineer grew up in Pucallpa?", "¿Cuál de los ingenieros creció en Pucallpa?"])
def test_a_which_span_is_the_name_the_asked_word_introduces(engine, question):
    # "Lima-born" is a name too, but "engineer" introduces "Jorge Huaman".
    assert engine.ask(question).span.text == "Jorge Huaman"


@pytest.mark.parametrize("question", ["In what year was Ana Torres elected?", "When did Ana Torres lead in the south?",
                                      "¿Cuándo ganó Ana Torres en el sur?"])
def test_a_share_is_no_answer_to_when(engine, question):
    assert engine.ask(question).answer_type == "none"


def test_when_inside_a_question_does_not_make_it_a_when_question(engine):
    figure = only_figure(engine.ask("Ana Torres support in the south, when asked"))
    assert (figure.column, figure.value) == ("Sur", 35.0)


def test_the_class_noun_of_a_which_question_is_not_a_word_the_answer_must_contain(engine):
    # "city" says the answer is a city; the sentence that says "city" is not about growing up.
    assert engine.ask("In which city did Jorge Huaman grow up?").span.text == "Pucallpa"


def test_a_when_span_is_the_date_nearest_the_asked_word(engine):
    assert engine.ask("When was the cathedral of Puerto Alto consecrated?").span.text == "1925"


def test_a_how_many_span_is_the_number_nearest_the_asked_word(engine):
    # "300 boats" comes first, but "the number of schools fell to 45".
    answer = engine.ask("How many schools did Puerto Alto have in 1990?")
    assert answer.span.text == "45"


@pytest.mark.parametrize("question", ["What is Puerto Alto's economy?", "¿Cuál es la economía de Puerto Alto?"])
def test_what_it_is_comes_from_the_clause_after_the_copula_of_a_sentence_about_it(engine, question):
    # "Its economy is ..." is about Puerto Alto, which only the sentence before names: both are quoted.
    answer = engine.ask(question)
    assert answer.span.text == "a mix of river trade and farming" and answer.span.type == "definition"
    assert "Puerto Alto trades with Iquitos by boat. Its economy is" in answer.text


def test_follow_ups_replace_one_slot_and_answer_in_the_current_language(engine):
    answer = ask_turns(engine, "Ana Torres support in the Sierra Norte", "And Rojas?", "¿Y en el sur?")
    figure = only_figure(answer)
    assert (figure.row, figure.column, figure.value) == ("Luis Rojas - Frente Azul", "Sur", 41.0)
    assert answer.language == "es" and "según" in answer.text


def test_a_complete_question_after_a_figure_is_not_a_follow_up(engine):
    answer = ask_turns(engine, "Ana Torres support in the Sierra Norte", "When was Puerto Alto founded?")
    assert answer.answer_type == "passage" and "1852" in answer.text


def test_questions_about_today_are_not_answered_from_dated_documents(engine):
    answer = engine.ask("What share approve of the president nowadays?")
    assert answer.answer_type == "none" and "2020-01" in answer.text


def test_examples_and_suggestions_are_answered(engine):
    asked = ["Support for Rojas in the south", "Approval in rural areas", "Who is winning?",
             "What is the gap between Torres and Rojas nationwide?", "Torres in the north"]
    shown = {s for q in asked for s in engine.ask(q).suggestions}
    shown |= set(engine.examples("en")) | set(engine.examples("es"))
    assert len(shown) >= 8
    unanswered = [s for s in shown if engine.ask(s).answer_type == "none"]
    assert not unanswered


def test_an_alias_that_names_nothing_stops_the_service(tmp_path):
    broken = ANDINA.replace("Partido Verde: Green Party", "Partido Morado: Purple Party")
    corpus = write_corpus(tmp_path / "corpus", {"andina": broken, "northwind": NORTHWIND, "pacific": PACIFIC,
                                                "article": ARTICLE})
    with pytest.raises(CorpusError, match="Partido Morado"):
        engine_over(corpus)


def test_a_collection_of_one_poll_and_no_prose_is_served(tmp_path):
    engine = engine_over(write_corpus(tmp_path / "corpus", {"pacific": PACIFIC}))
    assert only_figure(engine.ask("Ana Torres in Lima")).value == 28.0
    assert engine.ask("Who founded the town?").answer_type == "none"


def test_words_that_chose_a_document_are_dropped_also_where_a_dash_joins_them():
    assert without_words("Margin of the Andina–Pacific poll?", frozenset({"andina", "pacific"})) == "Margin of the poll?"
