"""The general vocabulary: language only, and phrases that keep their meaning when matched."""
from __future__ import annotations

import json
import re
from pathlib import Path

from index.analysis import fold
from index.corpus import load_corpus
from index.analysis import Analyzer
from service.qa.dictionary import DICTIONARY_PATH, Dictionary, Synonyms, read_pairs
from service.qa.vocabulary import VOCABULARY_DIR, phrase_tokens, vocabulary

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "service" / "qa"


def test_no_operation_phrase_collapses_to_one_word():
    """Filler words are skipped when matching: "total of" would become "total", a column label."""
    operations = json.loads((VOCABULARY_DIR / "operations.json").read_text(encoding="utf-8"))
    collapsed = [phrase for phrases in operations.values() if isinstance(phrases, list) for phrase in phrases
                 if len(phrase.split()) > 1 and len(phrase_tokens(phrase)) == 1]
    assert collapsed == []


def test_cut_concepts_are_marked_in_the_glossary():
    words = vocabulary()
    cuts = {number for number in words.cut_concepts}
    concept_of = {term: str(n) for n, terms in enumerate(words.glossary) for term in terms}
    for cut in (("norte",), ("mujeres",), ("rural",), ("nse",)):
        assert concept_of[cut] in cuts


def test_the_core_names_nothing_the_seed_documents_name():
    """Names printed in the seed documents' rows and aliases (candidates, parties, pollsters) must
    not appear in the core's code, comments or vocabulary: they belong beside their document."""
    names: set[str] = set()
    for document in load_corpus(ROOT / "corpus"):
        aliases = document.extra.get("aliases") or {}
        names |= {n.strip() for label, alias in aliases.items() for n in [label, *alias.split(",")]}
        names.add(document.author)
    names = {fold(n) for n in names if n[:1].isupper() and len(n) > 3}
    found = []
    for path in [*CORE.rglob("*.py"), *CORE.rglob("*.json"), *CORE.rglob("*.tsv")]:
        text = fold(path.read_text(encoding="utf-8"))
        found += [(path.name, n) for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
    assert found == []


def test_the_dictionary_joins_inflected_words_to_their_translations():
    dictionary = Dictionary(Analyzer(), [("marry", ("casarse",)), ("lake", ("lago",)), ("die", ("morir",))])
    assert dictionary.translations("married", "en") == {"casarse"}
    assert dictionary.translations("lagos", "es") == {"lake"}
    assert "cas" in dictionary.stems("marries", "en")             # as Spanish texts are indexed: "se casó"
    assert dictionary.translations("murieron", "es") == {"die"}   # through the irregular form's lemma
    assert dictionary.translations("house", "en") == set()


def test_a_name_is_translated_only_as_a_name():
    dictionary = Dictionary(Analyzer(), [("Italy", ("italia",)), ("wall", ("pared",))])
    assert dictionary.translations("italy", "en", proper=True) == {"italia"}
    assert dictionary.translations("pared", "es") == {"wall"}
    assert dictionary.translations("pared", "es", proper=True) == set()   # a Señor Pared is not a wall
    assert dictionary.translations("italy", "en") == set()


def test_the_dictionary_file_reads_as_pairs():
    pairs = dict(read_pairs(DICTIONARY_PATH))
    assert len(pairs) > 5000 and "lago" in pairs["lake"] and "italia" in pairs["Italy"]


def test_synonyms_are_found_by_stem_in_their_own_language_only(tmp_path):
    path = tmp_path / "synonyms.tsv"
    path.write_text("# a comment\nsummit\tpeak|top\nregard\tconsider\n", encoding="utf-8")
    synonyms = Synonyms(Analyzer(), path)
    assert synonyms.stems("summits", "en") == {"peak", "top"}
    assert synonyms.stems("regarded", "en") == {"consid"}
    assert synonyms.stems("summit", "es") == set()
