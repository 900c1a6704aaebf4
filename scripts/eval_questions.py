"""Evaluation questions: loading, validating and judging them (no engine, no reporting).

A question file has one JSON object a line: ``id``, ``tier``, ``lang``, ``question`` or
``turns``, ``gold`` (``value`` with ``row``/``column``/``table``, ``text_any``/``text_all``,
or ``none``), and optionally ``split: heldout`` (never tuned on, reported apart) and
``document`` (the extra document it is about).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from service.qa.answer import Answer

# Gold figures are printed to one decimal; anything within rounding of that is the same number.
VALUE_TOLERANCE = 0.051
LABEL_FIELDS = ("row", "parent_row", "column", "table")


class MalformedSet(Exception):
    pass


@dataclass(frozen=True)
class Question:
    set_name: str
    id: str
    tier: str
    lang: str
    turns: tuple[str, ...]     # a single question is a one-turn dialogue; gold applies to the last turn
    gold: dict
    split: str = "tune"


def load_questions(set_name: str, path: Path) -> list[Question]:
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            question = _parse(set_name, json.loads(line))
        except (ValueError, MalformedSet) as error:
            raise MalformedSet(f"{path}:{number}: {error}") from None
        if question.id in seen:
            raise MalformedSet(f"{path}:{number}: duplicate id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    return questions


def _parse(set_name: str, record: object) -> Question:
    if not isinstance(record, dict):
        raise MalformedSet("a line must be a JSON object")
    for key in ("id", "tier", "lang"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise MalformedSet(f"missing or empty {key!r}")
    if ("question" in record) == ("turns" in record):
        raise MalformedSet("give exactly one of 'question' or 'turns'")
    turns = [record["question"]] if "question" in record else record["turns"]
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise MalformedSet("'question' must be a non-empty string and 'turns' a non-empty list of them")
    gold = record.get("gold")
    _check_gold(gold)
    split = record.get("split", "tune")
    if split not in ("tune", "heldout"):
        raise MalformedSet("'split' must be 'tune' or 'heldout'")
    return Question(set_name, record["id"], record["tier"], record["lang"], tuple(turns), gold, split)


def _check_gold(gold: object) -> None:
    if not isinstance(gold, dict):
        raise MalformedSet("'gold' must be an object")
    if "none" in gold:
        if gold["none"] is not True or len(gold) != 1:
            raise MalformedSet("'none' gold must be exactly {\"none\": true}")
        return
    if not any(key in gold for key in ("value", "text_any", "text_all")):
        raise MalformedSet("gold needs 'value', 'text_any', 'text_all' or 'none'")
    if "value" in gold and (isinstance(gold["value"], bool) or not isinstance(gold["value"], (int, float))):
        raise MalformedSet("'value' must be a number")
    for key in ("text_any", "text_all"):
        if key in gold and not _strings(gold[key], allow_single=False):
            raise MalformedSet(f"{key!r} must be a non-empty list of strings")
    for key in LABEL_FIELDS:
        if key in gold and "value" not in gold:
            raise MalformedSet(f"{key!r} only makes sense with a 'value'")
        if key in gold and not _strings(gold[key], allow_single=True):
            raise MalformedSet(f"{key!r} must be a string or a list of strings")


def _strings(value: object, allow_single: bool) -> bool:
    if allow_single and isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


# --- judging -------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Case- and accent-insensitive form with whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.casefold()).strip()


# "21,799,186" and "1.200" must match "21799186" and "1200"; "2.8" and "95.5" are left alone.
THOUSANDS_SEPARATOR = re.compile(r"(?<=\d)[,.\u00a0\u202f](?=\d{3}(?!\d))")


def fold_text(text: str) -> str:
    return THOUSANDS_SEPARATOR.sub("", fold(text))


def fold_label(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def answering_span(answer: Answer) -> str:
    """A passage answer's ``span.text`` ('' when it quotes only a sentence); for other answers,
    the whole text."""
    if answer.interpretation.route != "passage":
        return answer.text
    return answer.span.text if answer.span else ""


def judge(gold: dict, answer: Answer, span_only: bool = False) -> str:
    """Why the answer is wrong for this gold, or '' when it is right. ``span_only`` judges a passage
    answer on its answering span alone, not on the sentence it quotes."""
    if gold.get("none"):
        return "" if answer.answer_type == "none" else f"answered an unanswerable question ({answer.answer_type})"
    if answer.answer_type == "none":
        return "abstained"
    if "value" in gold:
        reason = _judge_figure(gold, answer)
        if reason:
            return reason
    text = fold_text(answering_span(answer) if span_only else answer.text)
    if "text_all" in gold:
        missing = [s for s in gold["text_all"] if fold_text(s) not in text]
        if missing:
            return f"text lacks {missing}"
    if "text_any" in gold and not any(fold_text(s) in text for s in gold["text_any"]):
        return f"text has none of {gold['text_any']}"
    return ""


def _judge_figure(gold: dict, answer: Answer) -> str:
    if not answer.figures:
        return "no figure"
    figure = answer.figures[0]
    if abs(figure.value - gold["value"]) >= VALUE_TOLERANCE:
        return f"value {figure.value} != {gold['value']}"
    for key in LABEL_FIELDS:
        if key not in gold:
            continue
        expected = gold[key] if isinstance(gold[key], list) else [gold[key]]
        actual = getattr(figure, key)
        if actual is None or fold_label(actual) not in {fold_label(e) for e in expected}:
            return f"{key} {actual!r} not in {expected}"
    return ""


