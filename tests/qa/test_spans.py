"""Answering spans: the words a sentence adds to an untyped question, glosses, acronyms and names."""
from __future__ import annotations

import pytest

from service.qa.clauses import added_words, introduced_by_class, passive_agent
from service.qa.documents import choose_documents
from service.qa.patterns import NAME_SPAN_RE, NUMBER_SPAN_RE
from tests.qa.conftest import ANDINA, NORTHWIND, engine_over, write_corpus

STOP = {"a", "an", "the", "in", "of", "to", "was", "were", "is", "are", "and", "which", "their", "along"}


def added(sentence: str, *asked: str) -> str | None:
    found = added_words(sentence, 0, asked=lambda w: w in asked, weight=lambda w: 0.0 if w in STOP else 1.0)
    return sentence[found[0]:found[1]] if found else None


@pytest.mark.parametrize("sentence, asked, words", [
    # "in 1902" adds less than the market; the relative clause tells about the plaza, not the answer.
    ("In 1902, a wooden market was built in the plaza, which traders still use every week.", ("built", "plaza"),
     "wooden market"),
    # a clause opened by a conjunction after a comma is about something else
    ("Bars are closed in the villages, and prisoners keep their cells very clean.", ("closed", "villages"), "Bars"),
    # an apposition is about the word it follows
    ("The festival ends with the third day, a long procession along the river.", ("third", "day"),
     "long procession along the river"),
    # a list that starts at the end of a clause is quoted to its end
    ("The port exports cocoa, coffee, and timber.", ("port", "exports"), "cocoa, coffee, and timber"),
    # a list ends at the item a conjunction joins
    ("The party gathered teachers, small traders and farmers, who met in Lima.", ("party", "gathered"),
     "teachers, small traders and farmers"),
    # the rest of the clause says what the added words are, though it repeats an asked word
    ("The army fought the rebels in the hills of Cusco and Satipo.", ("army", "fought", "cusco"),
     "rebels in the hills of Cusco and Satipo"),
], ids=["main-clause", "conjunction", "apposition", "list-to-its-end", "list-ends-at-conjunction", "rest-of-clause"])
def test_the_words_a_sentence_adds_to_the_question(sentence, asked, words):
    assert added(sentence, *asked) == words


@pytest.mark.parametrize("sentence, word, introduced", [
    ("He had two goals: to mend the nets and to sell the catch.", "goals", "to mend the nets and to sell the catch"),
    ("She shaped a creed of Andean socialism in the valley.", "creed", "Andean socialism"),
    ("The city of Puerto Alto is large.", "city", "Puerto Alto"),
    ("The status of women is low.", "status", None),        # "of" a common noun: no name introduced
    ("The erosion of the rivers (Verde and Cajamayo) shrank it.", "rivers", "Verde and Cajamayo"),
    ("The goals were never met.", "goals", None),
])
def test_what_a_word_of_the_asked_class_introduces(sentence, word, introduced):
    found = introduced_by_class(sentence, 0, lambda w: w == word)
    assert (sentence[found[0]:found[1]] if found else None) == introduced


@pytest.mark.parametrize("sentence, agent", [
    ("The units were reportedly trained by former army officers.", "former army officers"),
    ("Cambio Verde, recién formado por profesionales, pequeños empresarios y artesanos.",
     "profesionales, pequeños empresarios y artesanos"),
    ("The wells were dug in 1950.", None),
])
def test_the_agent_of_a_passive_verb_the_question_asks(sentence, agent):
    found = passive_agent(sentence, 0, lambda w: w in {"trained", "formado", "dug"})
    assert (sentence[found[0]:found[1]] if found else None) == agent


def test_numbers_are_read_with_their_units():
    text = ("GDP fell 22%, and over 70% of them were poor; a flow of 100 miles (160 km), "
            "el 40 por ciento, a 3 808 metros sobre el mar, 20 m3 p.s de agua; five priests and two nuns left.")
    assert [m.group() for m in NUMBER_SPAN_RE.finditer(text)] == [
        "22%", "over 70%", "100 miles", "160 km", "40 por ciento", "3 808 metros", "20 m3 p.s",
        "five priests and two nuns"]


def test_an_initial_is_part_of_a_name():
    text = "Luego el alemán Karl W. Brenner exploró el sitio, y en 1919 llegó Rosa C. Huaman."
    assert [m.group() for m in NAME_SPAN_RE.finditer(text)] == ["Luego", "Karl W. Brenner", "Rosa C. Huaman"]


def test_a_sentence_that_adds_nothing_has_no_added_words():
    assert added("The port exports cocoa.", "port", "exports", "cocoa") is None


NOTE = """---
id: rio-verde-note
title: A note on Rio Verde
author: Luis Paredes
publisher: Boletín Andino
date: 2021
language: en
source_url: https://example.org/rio-verde
kind: article
---

## Names

Rio Verde lies in the department of Cajamayo ("the green valley"), far from the coast.
The Andean Water Cooperative (AWC) runs the wells of Rio Verde.
On the lake, the night boats are called "silver lanterns" by the fishermen.
The first settlers of Rio Verde came from the northern Cajamayo highlands.
Rio Verde sells its cheese in Chiclayo and the Cajamayo valley.
The cooperative sells its wool to the Banco de las Américas in Lima.
Dynamite, which is kept in the old mine, is the main tool of the quarry.
The chapel on the northern peak has been considered unsafe since 1955.
In 1962 a breakaway group of weavers left the guild.
The old mule track ends at Puerto Alto, near the village of Santa Rosa de Ocopa.
In 1951 the traders still held the old Santa Lucía Fort in the port of Puerto Alto.
The night school, which the town still praises, was founded by two retired teachers from Chiclayo in 1971.
The young teachers admired the poet Mariana Soto, who wrote that the river would carry the valley to the sea.
In 1990 the cooperative set itself two aims: to repair the wells and to buy a truck for the wool.
Over the years the weaver Ana Quispe shaped a unique creed of Andean socialism.
In 1950 the traders of Rio Verde clashed with another guild, the Salineros, over the salt road.
In Tarapoto, Colonel Rosa Pinto, head of the river police, closed the salt road in 1951.
In Cusco, Mayor Luis Quispe appointed Carla Rojas as treasurer of Rio Verde.
The bakery cooperative is run by local farmers, not Andean traders.
Luis Paredes teaches geography at St. Mary's College in Cusco.
Luis Paredes was born in Chiclayo on 3 May 1950.
In the council vote, the farmers' list won 5 of the 12 seats, the best of the other 4 lists won 3 seats.
The old mill closed in 1961.
Salt, which the traders carry on mules, is the chief export of the valley. Some of it reaches the Chilean coast.
In the guild, the old pilot is known as Don Lucho (Old Luis), and his charts are "the second compass" of the river.
By 1960 the river traders held over half the land of the valley, and 20% of its boats.
The governor of the province, Marta Flores, opened a weaving school. Her father, Ramón Flores, built the first pier of the port.
Among the boatmen, the old captain of the port is known as Dr. Agua Fría (Cold Water).
The rights group Andeans First criticised the police of the Andean region and of Puerto Alto.
Rural families in Rio Verde approve of the dairy business, which sells cheese in the valley.
In 1952 the smugglers hid on the outskirts of Tarapoto.
The great flood of 1962 in the lower valley, which drowned the old salt pans, was caused by a broken dam on the Rio Verde.
The first plane to land in the valley was flown by the Italian pilot Carlo Bruni in 1936.
The weavers never borrow from the banks of Cusco; instead, their guild pools its members' savings.
In 1954 the council set up a night watch of fishermen to guard the boats of the lagoon.
One judge compared the smuggler Juan Vela and his boatmen to "Pedro Lobo with a boat." In 1953 a patrol of 30 soldiers arrested their chief, Juan Vela, and four other boatmen.
In 1987 a mudslide buried the hamlet of Llaucan under more than 400 tons of mud. The slide killed 12 people.
The dyers boil the wool twice in the copper pots of Santa Rosa so the colour lasts for years.
The weaver Inés Prado opened the first loom house in 1931. She was later given a legendary standing among the weavers.
The ferry of Puerto Alto sank on 3 March 1958 at 4:15 p.m. in a storm.
"""


NOTA = """---
id: nota-rio-verde
title: Nota sobre la cooperativa
author: Luis Paredes
publisher: Boletín Andino
date: 2021
language: es
source_url: https://example.org/nota
kind: article
---

## Historia

La cooperativa registró cuarenta y tres casos de robo en 1998.
El pueblo celebra una fiesta, la «Noche de Faroles», cada año en junio.
En 1998 la cooperativa tenía 300 socios y el 40 por ciento de ellos eran mujeres.
La comisión recibió el informe final en 2003, y dos alcaldes renunciaron.
El muelle de la cooperativa, construido en 1960, tiene una longitud de 1 150 metros.
En Italia, la fundadora de la cooperativa se casó con Jorge Huaman.
La presidenta de la junta vecinal, Carmen Rojas, firmó el acuerdo del agua.
Lo confirmó en 2005 la tesorera de la cooperativa de pescadores del Valle Verde, Elena Vargas Ríos.
Los pescadores secan el pescado al sol en la playa de Caleta Azul para que dure todo el invierno.
El puente colgante fue diseñado por el ingeniero alemán Hans Keller en 1911.
La laguna del valle está a 3 808 metros sobre el nivel del mar, y el río Verde le aporta 20 m3 p.s de agua.
"""


SONDEO = """---
id: sondeo-sur-2022
title: Sondeo regional, marzo de 2022
author: Encuestas del Sur
publisher: Encuestas del Sur
date: 2022-03-10
language: es
source_url: https://example.org/sondeo
kind: poll
table_unit: %
---

INTENCIÓN DE VOTO

| Candidato | Total | Lima | Regiones |
|---|---|---|---|
| Rosa Díaz - Acción Popular | 30.0 | 35.0 | 27.0 |
| Juan Paz - Frente Sur | 25.0 | 20.0 | 28.0 |
"""


@pytest.fixture(scope="module")
def note_engine(tmp_path_factory):
    documents = {"note": NOTE, "nota": NOTA, "andina": ANDINA, "northwind": NORTHWIND, "sondeo": SONDEO}
    return engine_over(write_corpus(tmp_path_factory.mktemp("note") / "corpus", documents))


@pytest.mark.parametrize("question, span, kind", [
    ("What does the name Cajamayo mean?", "the green valley", "definition"),   # a gloss in brackets
    ("¿Qué significa Cajamayo?", "the green valley", "definition"),
    ("What does AWC stand for?", "Andean Water Cooperative", "definition"),   # the name before an acronym
    ("What are the night boats called?", "silver lanterns", "definition"),    # the quoted name after "are"
    ("Where did the first settlers come from?", "northern Cajamayo", "place"),
    ("Where does Rio Verde sell its cheese?", "Chiclayo and the Cajamayo", "place"),
    ("Which guild did the traders clash with?", "Salineros", "other"),        # "guild, the Salineros"
    ("To which bank does the cooperative sell its wool?", "Banco de las Américas", "other"),
    ("What tool is the main one of the quarry?", "Dynamite", "other"),   # "what tool": which one
    ("Where does the author teach geography?", "St. Mary's College", "place"),   # the text names its author
    ("Who was the head of the river police?", "Colonel Rosa Pinto", "person"),   # in apposition
    ("Who appointed Carla Rojas?", "Mayor Luis Quispe", "person"),             # the verb's subject
    ("Who runs the bakery cooperative?", "local farmers", "person"),   # the agent, not "Andean" (qualifies a noun)
    ("¿Cuántos casos de robo registró la cooperativa?", "cuarenta y tres casos de robo", "quantity"),
    ("¿Cómo se llama la fiesta del pueblo?", "Noche de Faroles", "definition"),   # a quoted name after it
    ("¿Qué porcentaje de los socios eran mujeres?", "40 por ciento", "quantity"),   # a share, not a count
    ("¿Cuándo recibió la comisión el informe final?", "2003", "date"),   # "informe" does not ask for a poll
    # a measure asked with "qué longitud", printed with its thousands grouped by a space
    ("¿Qué longitud tiene el muelle de la cooperativa?", "1 150 metros", "quantity"),
    ("Who governed the province?", "Marta Flores", "person"),   # governed, governor: one family
    ("¿Quién presidió la junta vecinal?", "Carmen Rojas", "person"),
    ("¿Quién es la tesorera de la cooperativa de pescadores?", "Elena Vargas Ríos", "person"),   # after its title
    ("What is Luis Paredes's date of birth?", "3 May 1950", "date"),   # birth, born: one lemma
    ("How many seats did the best of the other lists win?", "3 seats", "quantity"),   # its clause says most
    ("¿Cuántos escaños ganó la mejor de las otras listas?", "3 seats", "quantity"),   # nearest "seats"
    ("When did Rio Verde's mill shut down?", "1961", "date"),   # the title says what the text is about
    ("What good, carried on mules, is the chief export of the valley?", "Salt", "other"),   # the copula's subject
    # ... whose class (explosivo: explosive, dynamite) the subject may name
    ("¿Qué explosivo, guardado en la vieja mina, es la herramienta principal de la cantera?", "Dynamite", "other"),
    # the quoted name nearest what is asked about, not the words after another cue ("known as")
    ("What does the guild call the old pilot's charts?", "the second compass", "definition"),
    ("What do the boatmen call the old captain of the port?", "Dr. Agua Fría", "definition"),   # not "Dr"
    # a name sharing a root with the question's ("Andean") but adding a word is a new name
    ("Which rights group criticised the police of the Andean region?", "Andeans First", "other"),
    # everyday words across languages (marry, casarse), and "Italy" given as "Italia" is no answer
    ("Who did the founder of the cooperative marry in Italy?", "Jorge Huaman", "person"),
    # the subject of a relative clause; "who wrote that ..." asks who said so, not the author
    ("Who wrote that the river would carry the valley to the sea?", "Mariana Soto", "person"),
    # what a word of the asked class introduces: a list after a colon, a name after "of"
    ("What two aims did the cooperative set itself in 1990?", "to repair the wells and to buy a truck for the wool",
     "other"),
    ("¿Qué dos objetivos se fijó la cooperativa en 1990?", "to repair the wells and to buy a truck for the wool",
     "other"),
    ("What creed did the weaver Ana Quispe shape?", "Andean socialism", "other"),
    ("The old mule track ends close to which village?", "Santa Rosa de Ocopa", "other"),   # "which" late
    ("What fort of the port of Puerto Alto did the traders still hold in 1951?", "Santa Lucía Fort", "other"),
    # the agent of a passive
    ("Who founded the night school?", "two retired teachers from Chiclayo", "person"),
    # two question words that the text prints as one
    ("When did the group of weavers break away?", "1962", "date"),
    # in other words: a summit is a peak, regarded is considered
    ("Since what year has the northern summit been regarded as dangerous?", "1955", "date"),
    # a unit ends before a preposition, and may be a dotted abbreviation
    ("¿A cuántos metros sobre el nivel del mar está la laguna del valle?", "3 808 metros", "quantity"),
    ("¿Qué caudal aporta el río Verde a la laguna?", "20 m3 p.s", "quantity"),
])
def test_spans_of_typed_questions(note_engine, question, span, kind):
    answer = note_engine.ask(question)
    assert (answer.span.text, answer.span.type) == (span, kind)


def test_a_number_of_something_else_is_no_answer_to_how_many(note_engine):
    # "dos alcaldes" counts mayors, not testimonies.
    assert note_engine.ask("¿Cuántos alcaldes renunciaron?").span.text.startswith("dos alcaldes")
    assert note_engine.ask("¿Cuántos testimonios recibió la comisión con el informe final?").answer_type == "none"


def test_a_share_is_answered_by_a_fraction_in_words_too(note_engine):
    answer = note_engine.ask("What share of the valley's land did the river traders hold?")
    assert answer.span.text.startswith("over half")


def test_a_how_many_question_is_not_answered_by_a_number_of_something_else(note_engine):
    # "votes" is a word polls are asked with, but still what this question counts.
    assert note_engine.ask("How many votes did the cooperative get in 1998?").answer_type == "none"


def test_a_year_the_question_gives_must_be_in_the_quote(note_engine):
    assert note_engine.ask("¿Cuántos socios tenía la cooperativa en 1998?").span.text == "300 socios"
    assert note_engine.ask("¿Cuántos socios tenía la cooperativa en 2010?").answer_type == "none"


def test_a_cell_is_no_answer_to_a_question_about_something_no_cell_holds(note_engine):
    # "approve" and "rural" name a cell, but "cheese" and "business" ask about something else.
    def table_proposals(question: str) -> list:
        query = note_engine.understand(question)
        choice = choose_documents(query, note_engine.schema)
        return note_engine.tables.propose(query, choice, note_engine.tables.matches(query, choice))
    assert table_proposals("What cheese business do rural families approve?") == []
    assert table_proposals("What share of rural families approve?")[0].figures[0].value == 61.0


def test_what_kind_of_is_answered_by_the_words_that_qualify_the_noun(note_engine):
    assert note_engine.ask("What kind of business do rural families approve of?").span.text == "dairy business"


def test_a_word_meets_a_label_only_through_a_stem_of_its_own_language(note_engine):
    # English "population" and Spanish "Popular" share the stem "popul", but not a meaning.
    assert note_engine.ask("What is the population of Lima?").answer_type == "none"
    assert note_engine.ask("Acción Popular in Lima").figures[0].value == 35.0


def test_the_subject_of_a_copula_whose_predicate_is_asked():
    from service.qa.clauses import copula_subject
    sentence = "Salt, which the traders carry on mules, is the chief export of the valley."
    asked = {"chief", "export", "valley", "carry", "mules"}
    found = copula_subject(sentence, 0, asked=lambda w: w in asked, is_copula=lambda w: w in {"is", "was"})
    assert sentence[found[0]:found[1]] == "Salt"
    plain = "The old salt road is the chief export route."
    found = copula_subject(plain, 0, asked=lambda w: w in asked, is_copula=lambda w: w == "is")
    assert plain[found[0]:found[1]] == "old salt road"
    # A subject that says asked words itself is not the answer.
    assert copula_subject("The valley is the chief exporter.", 0, asked=lambda w: w in asked,
                          is_copula=lambda w: w == "is") is None


def test_the_words_that_choose_a_kind_of_document_are_not_asked_of_its_sentences(note_engine):
    query = note_engine.understand("Según el artículo, ¿cuántos socios tenía la cooperativa?")
    assert {"segun", "el", "articulo"} & choose_documents(query, note_engine.schema).words == {"articulo"}
    answer = note_engine.ask("Según el artículo, ¿cuántos socios tenía la cooperativa en 1998?")
    assert answer.span.text == "300 socios"


def test_a_word_family_is_the_index_terms_of_its_root(note_engine):
    # "presidió" stems to "presidi", "presidenta" to "president": one letter past the shared root
    assert "president" in note_engine.passages.passages.terms.family("presidi")
    assert note_engine.passages.passages.terms.family("junt") == {"junt"}   # too short a root to have a family
    assert note_engine.passages.passages.terms.family("rios") == {"rios", "rio"}   # a plural the stemmer left whole


@pytest.mark.parametrize("question, words", [
    ("¿Qué fuerte del puerto de Puerto Alto tomaron?", ["fuerte"]),          # up to the first function word
    ("Which notorious cult leader did he admire?", ["notorious", "cult", "leader"]),
    ("The track ends close to which village?", ["village"]),             # wherever "which" stands
    ("Who founded the school?", []),
])
def test_the_class_a_question_asks_for(note_engine, question, words):
    assert note_engine.passages.passages.spans.class_words(note_engine.understand(question).question) == words


def test_a_document_is_named_by_most_of_what_the_question_says_of_it(note_engine):
    def author(question: str) -> list:
        query = note_engine.understand(question)
        return note_engine.metadata.propose(query, choose_documents(query, note_engine.schema))
    assert author("Who wrote the note on Rio Verde?")
    assert author("Who wrote A Note on Salt Roads, Dust and Quarries?") == []   # shares "note" only


def test_an_age_question_is_not_answered_by_a_year(note_engine):
    # "when he closed" is a clause of the question; "how old" asks a number, and a year is none.
    answer = note_engine.ask("How old was Colonel Rosa Pinto when she closed the salt road?")
    assert answer.answer_type == "none", answer.text


def test_a_which_question_is_answered_by_the_words_that_qualify_its_class_not_by_a_pronoun(note_engine):
    # The quote is two sentences (the second opens with "She"): "She" is no name, and no subject to
    # quote; the class asked for ("standing") is qualified by the answer.
    answer = note_engine.ask("What standing did the weaver Inés Prado acquire among the weavers?")
    assert answer.span.text == "legendary standing", answer.text


def test_a_light_verb_of_the_question_is_not_a_word_the_text_must_share(note_engine):
    # "quedó arrasada" says "was destroyed": "quedó" (remained) is not what the sentence must contain.
    content = note_engine.understand("¿Qué aldea quedó arrasada por el alud?").question.content_tokens
    assert "aldea" in content and not {"quedo", "quedó"} & set(content), content


@pytest.mark.parametrize("question, reason", [
    ("Why do the dyers boil the wool twice?", "colour lasts for years"),
    ("¿Por qué secan el pescado al sol los pescadores?", "dure todo el invierno"),
    ("Why did the council set up a night watch of fishermen?", "to guard the boats of the lagoon"),
    ("Why don't the weavers borrow from the banks of Cusco?", "their guild pools its members' savings"),
    ("What caused the great flood of 1962 in the lower valley?", "a broken dam on the Rio Verde"),
])
def test_a_cause_a_purpose_or_what_is_done_instead_answers_why(note_engine, question, reason):
    assert note_engine.ask(question).span.text == reason


def test_a_place_keeps_the_part_of_it_the_sentence_names(note_engine):
    assert note_engine.ask("Where did the smugglers hide in 1952?").span.text == "outskirts of Tarapoto"


def test_a_measure_is_no_count_of_people(note_engine):
    # The first sentence names the slide but counts tons; the answer is in the next one.
    assert note_engine.ask("How many people died in the Llaucan mudslide of 1987?").span.text == "12 people"


def test_how_many_other_counts_the_noun_after_other(note_engine):
    answer = note_engine.ask("How many other boatmen were arrested with Juan Vela?")
    assert answer.span.text.startswith("four other boatmen"), answer.text


def test_a_name_that_qualifies_the_asked_class_describes_the_answer(note_engine):
    # "Chilean" is nowhere in the text: it says what the answer is, not what the sentence is about.
    answer = note_engine.ask("Which Chilean pirate did one judge compare the smuggler Juan Vela and his boatmen to?")
    assert answer.span is not None and answer.span.text == "Pedro Lobo", answer.text


@pytest.mark.parametrize("question, nationality", [
    ("What nationality was the pilot Carlo Bruni?", "Italian"),
    ("¿De qué nacionalidad era el piloto Carlo Bruni?", "Italian"),
    ("¿De qué nacionalidad era el ingeniero Hans Keller?", "alemán"),
    ("What nationality was Jorge Huaman?", None),   # named, but no people's adjective near him
])
def test_a_nationality_is_a_peoples_adjective_near_the_person(note_engine, question, nationality):
    answer = note_engine.ask(question)
    assert (answer.span.text if answer.span else None) == nationality, answer.text


@pytest.mark.parametrize("question", [
    "¿Qué porcentaje de los casos de robo registró la cooperativa en 1998?",   # a count, no share
    "How many boats did the river traders hold by 1960?",   # a share of them, no count
])
def test_a_share_is_no_count_and_a_count_no_share(note_engine, question):
    answer = note_engine.ask(question)
    assert answer.answer_type == "none", answer.text


@pytest.mark.parametrize("question, name", [
    ("What was the name of Marta Flores's father?", "Ramón Flores"),
    ("What was the name of the weaving school that Marta Flores opened?", None),   # the text gives it none
])
def test_a_question_for_a_name_is_answered_by_a_name_or_not_at_all(note_engine, question, name):
    answer = note_engine.ask(question)
    assert (answer.span.text if answer.span else None) == name, answer.text


@pytest.mark.parametrize("question, time", [
    ("At what time did the ferry of Puerto Alto sink?", "4:15 p.m."),
    ("What time did the old mill close in 1961?", None),   # a year is no time of day
])
def test_a_time_of_day_is_answered_by_a_time(note_engine, question, time):
    answer = note_engine.ask(question)
    assert (answer.span.text if answer.span else None) == time, answer.text


@pytest.mark.parametrize("question, answered", [
    ("¿Cuántos escaños obtendría Acción Popular según el sondeo de marzo de 2022?", False),   # the poll has shares
    ("¿Cuántos votantes apoyan a Rosa Díaz en Lima según el sondeo de marzo de 2022?", True),
])
def test_a_count_of_something_no_table_counts_is_no_share(note_engine, question, answered):
    answer = note_engine.ask(question)
    assert (answer.answer_type == "figure") == answered, answer.text
