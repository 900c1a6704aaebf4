"""Accuracy report for the question-answering engine over our evaluation set and the shared dev set.

The engine runs in-process, so the latencies measure answering, not the web stack.
Usage: python -m scripts.evaluate [--set ours|dev|all] [--tier A[,B...]] [--verbose]
It always exits 0 (it is a report), except 2 when a question file is malformed.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.retrieval import Retriever
from service.qa.answer import Answer, Interpretation
from service.qa.engine import QAEngine

ROOT = Path(__file__).resolve().parent.parent
SET_FILES = {
    "ours": ROOT / "eval" / "questions.jsonl",
    "dev": ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
}
TIER_ORDER = "ABCFPTN"
# Gold figures are printed to one decimal; anything within rounding of that is the same number.
VALUE_TOLERANCE = 0.051
LABEL_FIELDS = ("row", "parent_row", "column", "table")
LANGUAGES = ("en", "es")


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


@dataclass
class Outcome:
    question: Question
    correct: bool
    reason: str                # why it failed; empty when correct
    answer: Answer | None      # the last turn's answer; None when the engine raised
    latencies: list[float] = field(default_factory=list)

    @property
    def abstained(self) -> bool:
        return self.answer is not None and self.answer.answer_type == "none"


# --- loading -------------------------------------------------------------------------------------

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
    return Question(set_name, record["id"], record["tier"], record["lang"], tuple(turns), gold)


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


def judge(gold: dict, answer: Answer) -> str:
    """Why the answer is wrong for this gold, or '' when it is right."""
    if gold.get("none"):
        return "" if answer.answer_type == "none" else f"answered an unanswerable question ({answer.answer_type})"
    if answer.answer_type == "none":
        return "abstained"
    if "value" in gold:
        reason = _judge_figure(gold, answer)
        if reason:
            return reason
    text = fold_text(answer.text)
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


# --- running -------------------------------------------------------------------------------------

def load_engine() -> QAEngine:
    bundle = store.load_or_build(ROOT / "corpus", ROOT / "build" / "index")
    return QAEngine(bundle, Retriever(bundle))


def run(engine: QAEngine, question: Question) -> Outcome:
    context: Interpretation | None = None
    answer: Answer | None = None
    latencies: list[float] = []
    for turn in question.turns:
        started = time.perf_counter()
        try:
            answer = engine.ask(turn, context)
        except Exception as error:  # a crash is a wrong answer in the report, not the end of the report
            latencies.append(time.perf_counter() - started)
            return Outcome(question, False, f"error on {turn!r}: {type(error).__name__}: {error}", None, latencies)
        latencies.append(time.perf_counter() - started)
        # A turn the engine could not answer leaves nothing to follow up on, so the earlier context stays.
        if answer.answer_type != "none":
            context = answer.interpretation
    reason = judge(question.gold, answer)
    return Outcome(question, not reason, reason, answer, latencies)


# --- reporting -----------------------------------------------------------------------------------

def _tier_key(tier: str) -> tuple[int, str]:
    return (TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER), tier)


def _line(label: str, outcomes: list[Outcome]) -> str:
    n = len(outcomes)
    correct = sum(o.correct for o in outcomes)
    return f"  {label:<22}{n:>5}{correct:>9}{100 * correct / n:>9.1f}%"


def _rate(label: str, hits: int, total: int) -> str:
    share = f"{100 * hits / total:.1f}%" if total else "n/a"
    return f"  {label:<44}{hits:>4} / {total:<4} = {share}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(outcomes: list[Outcome]) -> str:
    lines = [f"  {'group':<22}{'n':>5}{'correct':>9}{'accuracy':>10}"]
    set_names = list(dict.fromkeys(o.question.set_name for o in outcomes))
    for set_name in set_names:
        in_set = [o for o in outcomes if o.question.set_name == set_name]
        lines.append(f"{set_name}")
        for tier in sorted({o.question.tier for o in in_set}, key=_tier_key):
            lines.append(_line(f"tier {tier}", [o for o in in_set if o.question.tier == tier]))
        for lang in sorted({o.question.lang for o in in_set}):
            lines.append(_line(f"lang {lang}", [o for o in in_set if o.question.lang == lang]))
        lines.append(_line("all", in_set))
    if len(set_names) > 1:
        lines.append("all sets")
        for lang in sorted({o.question.lang for o in outcomes}):
            lines.append(_line(f"lang {lang}", [o for o in outcomes if o.question.lang == lang]))
        lines.append(_line("overall", outcomes))

    answerable = [o for o in outcomes if not o.question.gold.get("none")]
    unanswerable = [o for o in outcomes if o.question.gold.get("none")]
    errors = [o for o in outcomes if o.answer is None]
    lines += ["", "abstention",
              _rate("false abstention (answerable → 'none')", sum(o.abstained for o in answerable), len(answerable)),
              _rate("false answer (unanswerable → answered)",
                    sum(o.answer is not None and not o.abstained for o in unanswerable), len(unanswerable)),
              _rate("engine errors", len(errors), len(outcomes))]
    if errors:
        lines.append(f"  first error: {errors[0].reason}")

    latencies = [t for o in outcomes for t in o.latencies]
    if latencies:
        lines += ["", f"latency of ask, in-process, over {len(latencies)} calls",
                  f"  median {1000 * statistics.median(latencies):.1f} ms   "
                  f"p95 {1000 * percentile(latencies, 0.95):.1f} ms   "
                  f"max {1000 * max(latencies):.1f} ms"]
    return "\n".join(lines)


def describe_failure(outcome: Outcome) -> str:
    q = outcome.question
    lines = [f"[{q.set_name} {q.id} tier {q.tier} {q.lang}] {' → '.join(q.turns)}",
             f"    gold:   {json.dumps(q.gold, ensure_ascii=False)}",
             f"    why:    {outcome.reason}"]
    if outcome.answer is not None:
        text = outcome.answer.text.replace("\n", " ")
        lines.append(f"    answer: ({outcome.answer.answer_type}) {text[:240]}{'…' if len(text) > 240 else ''}")
        if outcome.answer.figures:
            f = outcome.answer.figures[0]
            lines.append(f"    figure: {f.value} | row {f.row!r} | parent {f.parent_row!r} | column {f.column!r} "
                         f"| table {f.table!r}" + (f" | computed {f.computed}" if f.computed else ""))
    return "\n".join(lines)


# --- entry point ---------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("ours", "dev", "all"), default="all", dest="set_name")
    parser.add_argument("--tier", help="only these tiers, e.g. A or A,B")
    parser.add_argument("--verbose", action="store_true", help="print every failure")
    return parser.parse_args(argv)


def selected_questions(set_name: str, tiers: set[str] | None) -> list[Question]:
    questions: list[Question] = []
    for name, path in SET_FILES.items():
        if set_name not in ("all", name):
            continue
        if not path.exists():
            if name == "ours":
                raise MalformedSet(f"{path}: missing")
            print(f"note: {path} not found; skipping the {name} set")
            continue
        questions += load_questions(name, path)
    return [q for q in questions if tiers is None or q.tier in tiers]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tiers = {t.strip().upper() for t in args.tier.split(",") if t.strip()} if args.tier else None
    try:
        questions = selected_questions(args.set_name, tiers)
    except MalformedSet as error:
        print(f"malformed question file: {error}", file=sys.stderr)
        return 2
    if not questions:
        print("no questions selected")
        return 0
    engine = load_engine()
    outcomes = [run(engine, q) for q in questions]
    if args.verbose:
        for outcome in outcomes:
            if not outcome.correct:
                print(describe_failure(outcome))
        print()
    print(report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
