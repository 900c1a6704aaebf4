"""Fact sheets written as lines of ``Key: value`` (a technical sheet outside a table).

A run of at least ``MIN_RUN`` consecutive lines, each a short key, a colon and a value
("Tamaño de la muestra: 1,204 entrevistas", "- Margin of error: ±2.8%"), is a fact sheet:
one isolated "Note: ..." line in prose is not. The heading above the run is its section.
"""
from __future__ import annotations

import re

from .corpus import Document
from .tables import Fact

KEY_VALUE_RE = re.compile(r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?P<key>[^:|\n]{2,60}?)(?:\*\*)?\s*:\s*(?P<value>\S[^\n]*)$")
MIN_RUN = 3
MAX_KEY_WORDS = 6


def key_value_facts(document: Document) -> list[Fact]:
    facts: list[Fact] = []
    run: list[tuple[int, int, str, str]] = []
    heading = None
    offset = document.body_start

    def close() -> None:
        if len(run) >= MIN_RUN:
            facts.extend(Fact(document.id, heading, key, value, document.line_of(start), start, end)
                         for start, end, key, value in run)
        run.clear()

    for line in document.text[document.body_start:].split("\n"):
        found = KEY_VALUE_RE.match(line)
        if found and len(found["key"].split()) <= MAX_KEY_WORDS and not line.lstrip().startswith("|"):
            run.append((offset, offset + len(line), found["key"].strip(" *"), found["value"].strip(" *")))
        elif line.strip():
            close()
            heading = line.strip().strip("#*- ") or heading
        offset += len(line) + 1
    close()
    return facts
