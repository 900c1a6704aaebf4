"""What kind of answer a question asks: a date, a place, a number, a name, a definition, a reason.

The kinds and their cues (in both languages) are vocabulary (``answer_types`` in words.json); a
noun after "what" or "qué" asks which one of a class ("What tool ...?").
"""
from __future__ import annotations

from index.analysis import ALL_STOP_WORDS

from .question import Question
from .spans import KIND_WORDS
from .vocabulary import Vocabulary

CLASS_NOUN_KINDS = ("when", "where", "who", "which")   # "what year", "which city", "which general"
OPENING_WORDS = 4   # "in what year did", "¿en qué año ...", "since when"


def type_words(question: Question, kind: str | None, vocabulary: Vocabulary) -> set[str]:
    """The content words of the ``kind`` cue the question asks with ("city" in "which city",
    "año" in "en qué año"): they say what the answer is, not what its sentence must contain."""
    if kind not in CLASS_NOUN_KINDS:   # "how long", "how large" name no class of answer
        return set()
    text = " " + " ".join(question.tokens) + " "
    cues = [c for c in vocabulary.answer_types[kind] if f" {c} " in text]
    return {w for cue in cues for w in cue.split()} - vocabulary.question_words


def question_type(question: Question, vocabulary: Vocabulary, opening: bool = False) -> str | None:
    """The kind of answer asked; with ``opening``, only as the question's first words ask it
    ("When ...?", not "... the share answering 'don't know' when asked")."""
    text = " " + " ".join(question.tokens[:OPENING_WORDS] if opening else question.tokens) + " "
    for kind, cues in vocabulary.answer_types.items():   # (folded when the vocabulary was read)
        if any(f" {cue} " in text for cue in cues):
            return kind
    # "What tool ...?", "¿Con qué tribu ...?": a noun after "what" asks which one.
    opening = question.tokens[:OPENING_WORDS]
    if any(word in ("what", "que") and after not in vocabulary.question_words and after not in ALL_STOP_WORDS
           and after not in KIND_WORDS for word, after in zip(opening, opening[1:])):
        return "which"
    return None
