"""Counters and latency histograms in the Prometheus text format, summed over every worker.

The series are ``prometheus_client`` metrics. Under gunicorn, ``gunicorn.conf.py`` names a
directory in ``PROMETHEUS_MULTIPROC_DIR`` before any worker starts: each worker then writes its
values to memory-mapped files there, and a scrape that reaches any worker reads all of them, so the
numbers are the service's, not one worker's. Without that directory (one process, the tests' apps)
each ``Metrics`` keeps its own registry.
"""
from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# name (without _total) → (kind, help, label names)
SERIES = {
    "qa_requests": (Counter, "HTTP requests by route template, method and status", ("method", "route", "status")),
    "qa_request_seconds": (Histogram, "HTTP request latency by route template", ("route",)),
    "qa_answers": (Counter, "Answers by route (table, computed, facts, passage, none) and answer type",
                   ("route", "type")),
    "qa_feedback": (Counter, "Feedback on answers by value", ("value",)),
    "qa_store_errors": (Counter, "Conversation-store operations that failed", ("operation",)),
    "qa_slack_deliveries": (Counter, "Slack messages by outcome (answered, duplicate, replayed)", ("outcome",)),
    "qa_index_generation": (Gauge, "The index generation the service serves", ()),
}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._series = {name: self._declare(name, kind, text, labels)
                        for name, (kind, text, labels) in SERIES.items()}

    def _declare(self, name: str, kind: type, text: str, labels: tuple[str, ...]):
        if kind is Histogram:
            return Histogram(name, text, labels, registry=self.registry, buckets=LATENCY_BUCKETS)
        if kind is Gauge:   # every live worker serves the newest generation once it has reloaded
            return Gauge(name, text, labels, registry=self.registry, multiprocess_mode="livemax")
        return kind(name, text, labels, registry=self.registry)

    def _labelled(self, name: str, labels: dict[str, str]):
        series = self._series[name.removesuffix("_total")]
        return series.labels(**labels) if labels else series

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None:
        self._labelled(name, labels).inc(amount)

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        self._labelled(name, labels).observe(seconds)

    def set(self, name: str, value: float) -> None:
        self._labelled(name, {}).set(value)

    def exposition(self) -> str:
        if not os.environ.get(MULTIPROCESS_DIR):
            return generate_latest(self.registry).decode()
        everyone = CollectorRegistry()
        MultiProcessCollector(everyone)
        return generate_latest(everyone).decode()
