"""Accuracy report for the question-answering engine, on three collections.

1. seed: the product's collection (``corpus/``), with our questions (tuned part and the
   frozen held-out part, reported apart) and the shared dev set;
2. seed + extra: the same questions with the extra real documents of ``eval/extra/documents``
   added to the collection (does a larger collection disturb the seed answers?);
3. extra: the questions written on those extra documents before any tuning.

Passage answers are judged twice: on the answering span the answer leads with (``span``) and on
the whole quoted sentence (``sentence``). The engine runs in-process, so the latencies measure
answering, not the web stack. Usage:
python -m scripts.evaluate [--set ours|dev|extra|all] [--tier A[,B...]] [--verbose]
It always exits 0 (it is a report), except 2 when a question file is malformed. ``--verbose``
prints failures of the tuned questions only: the held-out halves (``split: heldout``) of our
questions and of the extra-document questions stay unseen.
"""
from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.corpus import corpus_files
from index.retrieval import Retriever
from service.qa.answer import Answer, Interpretation
from service.qa.engine import QAEngine

from .eval_questions import MalformedSet, Question, judge, load_questions

ROOT = Path(__file__).resolve().parent.parent
SET_FILES = {
    "ours": ROOT / "eval" / "questions.jsonl",
    "dev": ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
    "extra": ROOT / "eval" / "extra" / "questions.jsonl",
}
EXTRA_DOCUMENTS = ROOT / "eval" / "extra" / "documents"
TIER_ORDER = "ABCFPTN"
PROSE_TIER = "P"


@dataclass
class Outcome:
    question: Question
    correct: bool
    span_correct: bool         # judged on the answering span alone (passages); else as ``correct``
    reason: str                # why it failed; empty when correct
    answer: Answer | None      # the last turn's answer; None when the engine raised
    latencies: list[float] = field(default_factory=list)
    question_type: str = "other"   # what the last turn asks for (who, when, how_many, ...), as the engine reads it

    @property
    def abstained(self) -> bool:
        return self.answer is not None and self.answer.answer_type == "none"


def load_engine(with_extra: bool) -> QAEngine:
    """The engine over the seed corpus, or over the seed corpus plus the extra documents
    (built into its own folder; the product's index is untouched)."""
    if not with_extra:
        bundle = store.load_or_build(ROOT / "corpus", ROOT / "build" / "index")
        return QAEngine(bundle, Retriever(bundle))
    corpus = ROOT / "build" / "eval-corpus-extra"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for path in [*corpus_files(ROOT / "corpus"), *corpus_files(EXTRA_DOCUMENTS)]:
        shutil.copy(path, corpus / path.name)
    bundle = store.load_or_build(corpus, ROOT / "build" / "eval-index-extra")
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
            return Outcome(question, False, False, f"error on {turn!r}: {type(error).__name__}: {error}", None,
                           latencies)
        latencies.append(time.perf_counter() - started)
        # A turn the engine could not answer leaves nothing to follow up on, so the earlier context stays.
        if answer.answer_type != "none":
            context = answer.interpretation
    reason = judge(question.gold, answer)
    span_reason = judge(question.gold, answer, span_only=True)
    kind = engine.understand(question.turns[-1]).question_type or "other"
    return Outcome(question, not reason, not span_reason, reason, answer, latencies, kind)


# --- reporting -----------------------------------------------------------------------------------

def _tier_key(tier: str) -> tuple[int, str]:
    return (TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER), tier)


def _line(label: str, outcomes: list[Outcome]) -> str:
    n = len(outcomes)
    correct = sum(o.correct for o in outcomes)
    span = sum(o.span_correct for o in outcomes)
    return f"  {label:<22}{n:>5}{correct:>9}{100 * correct / n:>9.1f}%{100 * span / n:>9.1f}%"


def _rate(label: str, hits: int, total: int) -> str:
    share = f"{100 * hits / total:.1f}%" if total else "n/a"
    return f"  {label:<44}{hits:>4} / {total:<4} = {share}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def group_name(outcome: Outcome) -> str:
    q = outcome.question
    return f"{q.set_name} (held out)" if q.split == "heldout" else q.set_name


def report(title: str, outcomes: list[Outcome]) -> str:
    lines = [f"== {title}", f"  {'group':<22}{'n':>5}{'correct':>9}{'sentence':>10}{'span':>10}"]
    for name in dict.fromkeys(group_name(o) for o in outcomes):
        in_set = [o for o in outcomes if group_name(o) == name]
        lines.append(name)
        for tier in sorted({o.question.tier for o in in_set}, key=_tier_key):
            lines.append(_line(f"tier {tier}", [o for o in in_set if o.question.tier == tier]))
        for lang in sorted({o.question.lang for o in in_set}):
            lines.append(_line(f"lang {lang}", [o for o in in_set if o.question.lang == lang]))
        # Prose questions by what they ask for, and by language (Spanish ones about English prose).
        prose = [o for o in in_set if o.question.tier == PROSE_TIER]
        for kind in sorted({o.question_type for o in prose}):
            lines.append(_line(f"P {kind}", [o for o in prose if o.question_type == kind]))
        for lang in sorted({o.question.lang for o in prose}):
            lines.append(_line(f"P lang {lang}", [o for o in prose if o.question.lang == lang]))
        lines.append(_line("all", in_set))
    for lang in sorted({o.question.lang for o in outcomes}):
        in_lang = [o for o in outcomes if o.question.lang == lang]
        answerable = [o for o in in_lang if not o.question.gold.get("none")]
        unanswerable = [o for o in in_lang if o.question.gold.get("none")]
        lines += [f"abstention ({lang})",
                  _rate("false abstention (answerable → 'none')", sum(o.abstained for o in answerable),
                        len(answerable)),
                  _rate("false answer (unanswerable → answered)",
                        sum(o.answer is not None and not o.abstained for o in unanswerable), len(unanswerable)),
                  _rate("wrong answer (answerable, answered wrongly)",
                        sum(not o.correct and not o.abstained for o in answerable), len(answerable))]
    errors = [o for o in outcomes if o.answer is None]
    lines.append(_rate("engine errors", len(errors), len(outcomes)))
    if errors:
        lines.append(f"  first error: {errors[0].reason}")
    latencies = [t for o in outcomes for t in o.latencies]
    if latencies:
        lines.append(f"latency of ask, in-process, over {len(latencies)} calls: "
                     f"median {1000 * statistics.median(latencies):.1f} ms, "
                     f"p95 {1000 * percentile(latencies, 0.95):.1f} ms, max {1000 * max(latencies):.1f} ms")
    return "\n".join(lines)


def suggestion_report(engine: QAEngine, outcomes: list[Outcome]) -> str:
    """Every next question and example the service showed in this run must itself be answered."""
    shown = {s for o in outcomes if o.answer is not None for s in o.answer.suggestions}
    shown |= set(engine.examples("en")) | set(engine.examples("es"))
    unanswered = sorted(s for s in shown if engine.ask(s).answer_type == "none")
    line = f"suggestions and examples shown: {len(shown)}, answered: {len(shown) - len(unanswered)}"
    return line + "".join(f"\n  unanswered: {s}" for s in unanswered[:10])


def describe_failure(outcome: Outcome) -> str:
    q = outcome.question
    lines = [f"[{q.set_name} {q.id} tier {q.tier} {q.lang}] {' → '.join(q.turns)}",
             f"    gold:   {q.gold}", f"    why:    {outcome.reason}"]
    if outcome.answer is not None:
        text = outcome.answer.text.replace("\n", " ")
        lines.append(f"    answer: ({outcome.answer.answer_type}) {text[:240]}{'…' if len(text) > 240 else ''}")
        lines.append(f"    reason: {outcome.answer.interpretation.reason[:240]}")
        if outcome.answer.figures:
            f = outcome.answer.figures[0]
            lines.append(f"    figure: {f.value} | row {f.row!r} | parent {f.parent_row!r} | column {f.column!r} "
                         f"| table {f.table!r}" + (f" | computed {f.computed}" if f.computed else ""))
    return "\n".join(lines)


# --- entry point ---------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("ours", "dev", "extra", "all"), default="all", dest="set_name")
    parser.add_argument("--tier", help="only these tiers, e.g. A or A,B")
    parser.add_argument("--verbose", action="store_true", help="print every failure of the tuned questions")
    parser.add_argument("--no-extra", action="store_true", help="skip the collections with the extra documents")
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
    seed_questions = [q for q in questions if q.set_name != "extra"]
    extra_questions = [q for q in questions if q.set_name == "extra"]
    runs = [("1. seed collection", False, seed_questions)]
    if not args.no_extra:
        runs += [("2. seed collection + extra documents (interference)", True, seed_questions),
                 ("3. extra documents", True, extra_questions)]
    engines: dict[bool, QAEngine] = {}
    for title, with_extra, chosen in runs:
        if not chosen:
            continue
        engine = engines.setdefault(with_extra, load_engine(with_extra))
        outcomes = [run(engine, q) for q in chosen]
        if args.verbose:
            for outcome in outcomes:
                if not outcome.correct and outcome.question.split == "tune":
                    print(describe_failure(outcome))
        print(report(title, outcomes))
        print(suggestion_report(engine, outcomes), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
