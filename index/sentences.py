"""Sentence boundaries as character offsets, for chunking and answer extraction."""
from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof gen col lt sr sra st no vol pp p ed al etc vs jr u.s ala n.j inc co "
    "jan feb mar apr jun jul aug sep sept oct nov dec cía cia s.a.c".split()
)
BOUNDARY_RE = re.compile(r'[.!?]["”’)]*(?:<sup>\d+</sup>)?(?=\s+["“(]?[A-ZÁÉÍÓÚÑ¿¡0-9])')


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, shifted by ``offset``.

    Whitespace between sentences belongs to no sentence; every span is
    non-empty and starts and ends on a non-space character.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY_RE.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start:match.start() + 1])
        if match.group().startswith(".") and word and (
            word.group(1).casefold() in ABBREVIATIONS or len(word.group(1)) == 1
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s + offset, e + offset))
    return out
