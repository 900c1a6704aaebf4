"""The analyzer: folding, stop words, stems, whole numbers, markup, language."""
from __future__ import annotations

import pytest

from index.analysis import Analyzer, detect_language, fold, stop_words, words


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize("raw, folded", [
    ("PERÚ", "peru"),
    ("Elección", "eleccion"),
    ("Ñandú", "nandu"),
    ("ＦＵＬＬ width", "full width"),      # NFKC maps full-width letters to ASCII
    ("ﬁnancing", "financing"),             # and ligatures to their letters
    ("Straße", "strasse"),                 # case folding, not just lower()
    ("2° VUELTA", "2° vuelta"),
])
def test_fold_normalises_case_width_and_accents(raw, folded):
    assert fold(raw) == folded


def test_accented_and_plain_spellings_give_the_same_terms(analyzer):
    assert analyzer.terms("intención de voto en Perú") == analyzer.terms("INTENCION DE VOTO EN PERU")
    assert analyzer.terms("Guzmán", "es") == analyzer.terms("guzman", "es")


@pytest.mark.parametrize("language, word", [
    ("en", "the"), ("en", "which"), ("en", "because"),
    ("es", "de"), ("es", "los"), ("es", "porque"), ("es", "según"), ("es", "también"),
])
def test_stop_words_of_both_languages_are_dropped(analyzer, language, word):
    assert fold(word) in stop_words(language)
    assert analyzer.terms(f"{word} insurgency", language) == analyzer.terms("insurgency", language)


def test_stop_words_are_dropped_whatever_the_language(analyzer):
    # A question of unknown language loses the stop words of both.
    assert analyzer.terms("the capture de los líderes") == analyzer.terms("capture líderes")


@pytest.mark.parametrize("language, variants, stem", [
    ("en", ["insurgency", "insurgencies"], "insurg"),
    ("en", ["kill", "killed", "killing", "kills"], "kill"),
    ("en", ["wars", "war"], "war"),
    ("es", ["elecciones", "elección", "elecciones"], "eleccion"),
    ("es", ["candidatos", "candidato", "candidata"], "candidat"),
    ("es", ["votar", "votará", "votos", "voto"], "vot"),
])
def test_snowball_stems_conflate_inflections(analyzer, language, variants, stem):
    assert {tuple(analyzer.terms(v, language)) for v in variants} == {(stem,)}


@pytest.mark.parametrize("language, variants", [
    ("en", ["grow", "grew", "grown", "growing"]),
    ("en", ["fight", "fought", "fighting"]),
    ("en", ["die", "died", "dies", "death", "deaths"]),   # and the nouns of life events
    ("en", ["birth", "born"]),
    ("es", ["nacimiento", "nació", "nacido"]),
    ("es", ["morir", "murió", "murieron"]),
    ("es", ["hacer", "hizo", "hicieron"]),
    ("es", ["elegir", "eligió", "elegido"]),
])
def test_irregular_forms_meet_their_lemma(analyzer, language, variants):
    assert len({tuple(analyzer.terms(v, language)) for v in variants}) == 1


def test_a_question_of_unknown_language_gets_the_stems_of_both(analyzer):
    both = analyzer.terms("candidatos")
    assert set(analyzer.terms("candidatos", "es")) <= set(both)
    assert set(analyzer.terms("candidatos", "en")) <= set(both)


@pytest.mark.parametrize("text, token", [
    ("24,000 deaths", "24000"),
    ("24000 deaths", "24000"),
    ("21,799,186 personas", "21799186"),
    ("Tamaño de la muestra 1,200", "1200"),
    ("margen de error ±2.8%", "2.8"),
    ("margen de error 2,8 %", "2.8"),       # Spanish decimal comma
    ("95.5%", "95.5"),
    ("1.234.567 habitantes", "1234567"),    # Spanish thousands dots
    ("in 1992", "1992"),
])
def test_numbers_are_kept_whole_and_normalised(analyzer, text, token):
    assert token in words(text)
    assert token in analyzer.terms(text, "en")
    assert token in analyzer.terms(text, "es")


def test_thousands_separators_do_not_matter(analyzer):
    assert analyzer.terms("approximately 24,000 deaths", "en") == analyzer.terms("approximately 24000 deaths", "en")
    assert "24" not in analyzer.terms("24,000", "en") and "000" not in analyzer.terms("24,000", "en")


def test_footnote_markup_is_dropped_with_its_number(analyzer):
    text = "the grievances of impoverished peasant areas.<sup>1</sup> Its ideology"
    terms = analyzer.terms(text, "en")
    assert "1" not in terms and "sup" not in terms
    assert terms == analyzer.terms("the grievances of impoverished peasant areas. Its ideology", "en")


def test_other_inline_tags_leave_their_words(analyzer):
    assert analyzer.terms("<b>Sendero</b> Luminoso", "es") == analyzer.terms("Sendero Luminoso", "es")


def test_documents_and_questions_share_one_analysis(analyzer):
    # The term a document sentence yields must be among those of a question using the same word.
    doc_terms = set(analyzer.terms("The insurgents have been responsible for approximately 24,000 deaths", "en"))
    question_terms = set(analyzer.terms("How many deaths were the insurgents responsible for?"))
    assert {"die", "insurg"} <= doc_terms & question_terms


@pytest.mark.parametrize("question, language", [
    ("How many deaths did the Shining Path cause?", "en"),
    ("Who is Abimael Guzman?", "en"),
    ("What is the margin of error of the poll?", "en"),
    ("What share of rural voters support Castillo?", "en"),
    ("¿Cuántos votos tiene Castillo en Lima?", "es"),
    ("¿Cuál es el margen de error de la encuesta?", "es"),
    ("quién ganó en el sur", "es"),
    ("intención de voto de Keiko Fujimori en el Oriente", "es"),
    ("Porcentaje de indecisos por zona", "es"),
])
def test_detect_language(question, language):
    assert detect_language(question) == language


def test_detect_language_defaults_to_english_without_evidence():
    assert detect_language("Castillo") == "en"
    assert detect_language("") == "en"


@pytest.mark.parametrize("split, whole", [("aprueba", "aprobar"), ("gobierno", "gobernar"), ("muestra", "mostrar"),
                                          ("escuela", "escolar")])
def test_a_spanish_split_vowel_meets_its_family(split, whole):
    analyzer = Analyzer()
    assert analyzer.terms(split, "es") == analyzer.terms(whole, "es")
    assert analyzer.stem_words([split], "es") == analyzer.stem_words([whole], "es")


@pytest.mark.parametrize("one, other", [("guerra", "gorra"), ("cien", "cena")])
def test_no_split_vowel_is_read_where_there_is_none_or_the_stem_is_short(one, other):
    analyzer = Analyzer()
    assert analyzer.terms(one, "es") != analyzer.terms(other, "es")
