"""A question becomes a typed query: operations, time, content units, cues.

The content of a question is a list of ``Unit``s: a word, or a phrase the
glossary or a document's aliases know, with the keys it can match in a
``Label``. Which units name rows, columns, the measure or the document is
decided against the schema by ``resolve.py``; whatever no element explains is
kept as an unresolved mention, never dropped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from index.analysis import ALL_STOP_WORDS

from .labels import PHRASE_SIZES, letter_key, phrase_keys
from .answer_types import question_type
from .question import Question, analyse
from .schema import YEAR_RE, Schema
from .vocabulary import FILLER_WORDS, NEGATIONS, WORD_RE, Vocabulary, contains_phrase, fold, phrase_tokens

# A month name is a month next to a number ("May 2021", "3 de mayo") or after "in/en".
MONTH_CUES = frozenset({"in", "en", "de", "of", "del"})
SUBORDINATORS = frozenset({"whether", "si"})
LETTER_WORD_RE = re.compile(r"(?<![\w.])[A-E](?![\w.])")


@dataclass(frozen=True)
class Unit:
    text: str
    keys: frozenset[str]
    start: int               # positions in the question's phrase tokens, end exclusive
    end: int
    name: bool               # written with a capital inside the sentence: a proper name
    cut: bool                # a place or group that polls break out (or fail to)
    subordinate: bool = False   # after "whether"/"si": what was asked about, not the answer given


@dataclass
class Query:
    text: str
    language: str
    question: Question                       # the token-level analysis, for passages
    units: list[Unit]
    operations: list[str]
    operation_phrases: list[str]             # as written: "who leads", "brecha"
    metadata_fields: list[str]
    document_kinds: list[str]
    document_kind_phrases: list[str]         # as written: "el artículo", "the survey"
    years: list[str]
    months: list[int]
    present: bool                            # asks about today ("now", "currently")
    followup_cue: bool                       # opens like a follow-up ("and in Lima?")
    pronoun: bool
    asks_definition: bool                    # "what does X mean": a passage's words, never a cell
    question_type: str | None                # who, when, where, how_many (the kind of answer asked)
    opening_type: str | None                 # the same, asked by the question's first words
    asks_process: bool                       # "how is...", "why", "cómo": an explanation
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def names_time(self) -> bool:
        return bool(self.years or self.months)


def _original_tokens(text: str) -> list[str]:
    """The question's words as written, aligned with its phrase tokens (for capitals)."""
    words = WORD_RE.findall(unicodedata.normalize("NFKC", text))
    return [w for w in words if fold(w) not in FILLER_WORDS]


def _is_name(word: str, index: int) -> bool:
    return index > 0 and word[:1].isupper() and not word.isupper() or (len(word) > 1 and word.isupper())


def understand(text: str, schema: Schema, vocabulary: Vocabulary, language: str | None = None) -> Query:
    question = analyse(text, vocabulary)
    if language:
        question.language = language
    tokens = question.phrase_tokens
    original = _original_tokens(text)
    if len(original) != len(tokens):
        original = tokens
    # "Who wrote that the river ...?" asks who made a claim, not who wrote the document: a metadata
    # phrase followed by "that"/"que" is a verb of saying.
    shape = [m for m in vocabulary.matcher.find(tokens)
             if not (m.category == "operation" and (_in_name(original, m) or _in_label(tokens, m, schema)))
             and not (m.category == "metadata" and tokens[m.end:m.end + 1] in (["that"], ["que"]))]
    months = [n for n, names in enumerate(vocabulary.months, start=1)
              for i, t in enumerate(tokens) if t in names and _month_context(tokens, i, vocabulary)]
    reader = _UnitReader(question, original, shape, schema, vocabulary)
    units = [u for span, keys in _spans(tokens, shape, schema) if (u := reader.unit(*span, keys)) is not None]
    # "couldn't say whether they might change": the words after "whether" describe the question
    # the respondents were asked, not the answer they gave.
    clause = next((i for i, t in enumerate(tokens) if t in SUBORDINATORS), None)
    if clause is not None:
        units = [replace(u, subordinate=True) if u.start > clause else u for u in units]
    units += _letters(text, schema)
    return Query(
        text=text, language=question.language, question=question, units=units,
        operations=list(dict.fromkeys(m.key for m in shape if m.category == "operation")),
        operation_phrases=[m.phrase for m in shape if m.category == "operation"],
        metadata_fields=list(dict.fromkeys(m.key for m in shape if m.category == "metadata")),
        document_kinds=list(dict.fromkeys(m.key for m in shape if m.category == "document_kind")),
        document_kind_phrases=[m.phrase for m in shape if m.category == "document_kind"],
        years=[t for t in tokens if YEAR_RE.fullmatch(t)], months=list(dict.fromkeys(months)),
        present=any(m.category == "cut" and m.key == "present" for m in shape),
        followup_cue=any(tuple(question.tokens[:len(o)]) == o for o in vocabulary.followup_openers),
        pronoun=_has_pronoun(question.tokens, question.language, vocabulary),
        asks_definition=contains_phrase(question.tokens, vocabulary.definition_cues),
        question_type=question_type(question, vocabulary),
        opening_type=question_type(question, vocabulary, opening=True),
        # "¿Cómo ...?" opens a question about how; "como" inside it is only "like".
        asks_process=contains_phrase(question.tokens, vocabulary.process_cues) or question.tokens[:1] == ["como"])


def _spans(tokens: list[str], shape: list, schema: Schema) -> list[tuple[tuple[int, int], set[str]]]:
    """The question cut into spans, each with the concept keys of the phrase it is: glossary
    phrases and aliases, place or group phrases, and every other word alone."""
    concepts: dict[tuple[int, int], set[str]] = {}
    aliases = schema.labeler.alias_spans(tokens)
    for match in schema.labeler.concepts(tokens):
        span = (match.start, match.end)
        if match.category == "alias":
            concepts.setdefault(span, set()).add(match.key)
        # A document's alias is a name: the glossary's words inside it ("Perú" in "Juntos por el
        # Perú") do not count.
        elif not any(s <= match.start < e or s < match.end <= e for s, e in aliases):
            concepts.setdefault(span, set()).add(f"c:{match.key}")
    # A place or group phrase ("among women") is one unit, with the concepts inside it, unless the
    # glossary knows a longer phrase around it ("socioeconomic level").
    cuts = sorted({(m.start, m.end) for m in shape if m.category == "cut" and m.key != "present"})
    cuts = [(c, e) for c, e in cuts if not any(s <= c and e <= t and (s, t) != (c, e) for s, t in concepts)]
    for start, end in cuts:
        inside = [span for span in concepts if start <= span[0] and span[1] <= end]
        concepts[(start, end)] = set().union(*(concepts.pop(span) for span in inside)) if inside else set()
    for span in [s for s in concepts if any(s[0] < e and c < s[1] and s != (c, e) for c, e in cuts)]:
        del concepts[span]
    covered = {i for (s, e) in concepts for i in range(s, e)}
    spans = list(concepts) + [(i, i + 1) for i in range(len(tokens)) if i not in covered]
    return [(span, concepts.get(span, set())) for span in sorted(spans)]


class _UnitReader:
    """Turns a span of the question into a ``Unit``, or None when it carries no content."""

    def __init__(self, question: Question, original: list[str], shape: list, schema: Schema,
                 vocabulary: Vocabulary) -> None:
        self.question, self.original, self.schema, self.vocabulary = question, original, schema, vocabulary
        self.tokens = question.phrase_tokens
        self.consumed = {i for m in shape if m.category in ("operation", "metadata", "document_kind")
                         for i in range(m.start, m.end)}
        self.cut_positions = {i for m in shape if m.category == "cut" and m.key != "present"
                              for i in range(m.start, m.end)}
        self.month_positions = {i for i, t in enumerate(self.tokens) for names in vocabulary.months if t in names}

    def unit(self, start: int, end: int, concepts: set[str]) -> Unit | None:
        tokens, schema = self.tokens, self.schema
        positions = range(start, end)
        words = [tokens[i] for i in positions if i not in self.consumed]
        # Question words are form, not content; a phrase of them that the glossary knows as content
        # ("how many people were interviewed", "a cuántas personas") is content.
        form = ALL_STOP_WORDS | self.vocabulary.question_words
        if not words or (all(w in form for w in words) and not (concepts & schema.content_keys and end - start >= 2)):
            return None
        # A year is the question's time ("the 2016 poll"), unless a table prints it as a column
        # ("2020 | 2021"): then it names the column.
        if all(YEAR_RE.fullmatch(w) for w in words) and not any(
                schema.labeler.stems(w, self.question.language) & schema.column_label_keys for w in words):
            return None
        keys = set(concepts)
        # A phrase the glossary knows means what the glossary says: "outside Lima" is the
        # interior, so its words' own stems ("lima") must not name the capital.
        if not (keys and end - start > 1):
            for word in words:
                keys |= schema.labeler.stems(word, self.question.language)
        elif end - start in PHRASE_SIZES:
            keys |= phrase_keys(tokens[start:end])
        # A word right after a negation keeps it: the row that prints the negation ("No es
        # conocido") must beat the one that does not ("Es una persona conocida").
        negation = next((i for i in range(max(start - 2, 0), start) if tokens[i] in NEGATIONS), None)
        if negation is not None and end - negation <= max(PHRASE_SIZES):
            keys |= phrase_keys(tokens[negation:end])
        # A month is the question's time ("la encuesta de marzo de 2016"), unless it names a column
        # ("el 20 de marzo", a column "Marzo 20").
        if any(i in self.month_positions for i in positions) and (
                not keys & schema.column_label_keys or any(YEAR_RE.fullmatch(t) for t in tokens[end:end + 2])):
            return None
        name = bool(keys & schema.alias_keys) or bool(set(words) & schema.name_words) or any(
            _is_name(self.original[i], i) and tokens[i] not in self.vocabulary.question_words for i in positions)
        cut = any(i in self.cut_positions for i in positions) or bool(keys & schema.cut_keys)
        return Unit(" ".join(self.original[i] for i in positions), frozenset(keys), start, end, name=name, cut=cut)


def _in_name(original: list[str], match) -> bool:
    """A phrase written as part of a proper name ("Frente Amplio") is the name, not an operation."""
    words = original[match.start:match.end]
    around = original[max(match.start - 1, 0):match.start] + original[match.end:match.end + 1]
    return all(w[:1].isupper() for w in words) and any(w[:1].isupper() for w in around)


def _in_label(tokens: list[str], match, schema: Schema) -> bool:
    """An operation word printed in a label with its neighbour ("Variación vs marzo 13",
    "Torres vs. Rojas") is part of that label, not a question of comparison."""
    before = tokens[max(match.start - 1, 0):match.end]
    after = tokens[match.start:match.end + 1]
    return any(len(words) > match.end - match.start and "ph:" + " ".join(words) in schema.label_phrases
               for words in (before, after))


def _letters(text: str, schema: Schema) -> list[Unit]:
    """Capital letters that name a column ("NSE A", "sectores D/E"): filler words elsewhere,
    so they are found in the text as written, and only where some column is such a letter."""
    units = []
    for found in LETTER_WORD_RE.finditer(unicodedata.normalize("NFKC", text)):
        key = letter_key(found.group())
        if text[:found.start()].strip(" ¿¡\"'(") and key in schema.idf:   # not the sentence's first word
            position = len(phrase_tokens(text[:found.start()]))
            units.append(Unit(found.group(), frozenset({key}), position, position, name=False, cut=True))
    return units


def _month_context(tokens: list[str], i: int, vocabulary: Vocabulary) -> bool:
    """A month name that is also a common word ("may", "march") is a month only with a number or
    "in/en" beside it."""
    neighbours = tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2]
    return tokens[i] not in vocabulary.ambiguous_months or any(n.isdigit() for n in neighbours) or (
        i > 0 and tokens[i - 1] in MONTH_CUES)


def _has_pronoun(tokens: list[str], language: str, vocabulary: Vocabulary) -> bool:
    pronouns = vocabulary.pronouns.get(language, set()) | vocabulary.pronouns["en"]
    return any(tuple(tokens[i:i + len(p)]) == p for p in pronouns for i in range(len(tokens)))


