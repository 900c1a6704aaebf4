"""Counters and latency histograms of this worker, in the Prometheus text format.

Each gunicorn worker counts what it served; every series carries a ``worker`` label (its pid), so
a scrape that reaches one worker is still correct for that worker, and sums across workers add up
once every worker has been scraped (or when one worker serves).
"""
from __future__ import annotations

import os
import threading
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
HELP = {
    "qa_requests_total": "HTTP requests by route template, method and status",
    "qa_request_seconds": "HTTP request latency by route template",
    "qa_answers_total": "Answers by route (table, computed, facts, passage, none) and answer type",
    "qa_feedback_total": "Feedback on answers by value",
    "qa_store_errors_total": "Conversation-store operations that failed",
    "qa_slack_deliveries_total": "Slack messages by outcome (answered, duplicate, replayed)",
    "qa_index_generation": "The index generation this worker serves",
}


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
        self._histograms: dict[tuple, list[float]] = {}
        self._gauges: dict[str, float] = {}
        self.worker = str(os.getpid())

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None:
        with self._lock:
            self._counters[name][tuple(sorted(labels.items()))] += amount

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        key = (name, tuple(sorted(labels.items())))
        with self._lock:
            # per bucket (not cumulative), then the count of all and the sum
            counts = self._histograms.setdefault(key, [0.0] * (len(LATENCY_BUCKETS) + 2))
            bucket = next((i for i, bound in enumerate(LATENCY_BUCKETS) if seconds <= bound), None)
            if bucket is not None:
                counts[bucket] += 1
            counts[-2] += 1
            counts[-1] += seconds

    def set(self, name: str, value: float) -> None:
        with self._lock:
            self._gauges[name] = value

    def exposition(self) -> str:
        worker = ("worker", self.worker)
        lines: list[str] = []
        with self._lock:
            for name, series in sorted(self._counters.items()):
                lines += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} counter"]
                lines += [f"{name}{render((*labels, worker))} {value:g}" for labels, value in sorted(series.items())]
            names = sorted({name for name, _ in self._histograms})
            for name in names:
                lines += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} histogram"]
                for (series, labels), counts in sorted(self._histograms.items()):
                    if series != name:
                        continue
                    cumulative = [sum(counts[:i + 1]) for i in range(len(LATENCY_BUCKETS))]
                    for bound, value in zip(LATENCY_BUCKETS, cumulative):
                        lines.append(f"{name}_bucket{render((*labels, worker, ('le', f'{bound:g}')))} {value:g}")
                    lines.append(f"{name}_bucket{render((*labels, worker, ('le', '+Inf')))} {counts[-2]:g}")
                    lines.append(f"{name}_count{render((*labels, worker))} {counts[-2]:g}")
                    lines.append(f"{name}_sum{render((*labels, worker))} {counts[-1]:.6f}")
            for name, value in sorted(self._gauges.items()):
                lines += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} gauge",
                          f"{name}{render((worker,))} {value:g}"]
        return "\n".join(lines) + "\n"


def render(labels: tuple) -> str:
    escaped = (f'{k}="{str(v).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
               for k, v in labels)
    return "{" + ",".join(escaped) + "}"
