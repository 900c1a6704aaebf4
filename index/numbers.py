"""Numbers in table cells, read with one convention per document.

"1,200" is twelve hundred in a poll printed with decimal points and 1.2 in one
printed with decimal commas, so a cell cannot be read on its own: the document
declares its convention in front matter (``number_format: decimal_comma`` or
``decimal_point``) or it is inferred from all of the document's table cells
(``detect_format``), and every cell is then read with that one convention. A
cell that does not fit it ("19.3" in a decimal-comma document) is not a number.

Missing-value markers ("-", "—", "n.d.", "...") and censored values ("<1",
">99") are read as missing (NaN in a table), not as numbers: "<1" has no single
value, and inventing one (0.5?) would turn into figures the source never gave.
A trailing percent sign is dropped ("45%", "45,0 %" → 45.0): tables print
percentages as plain numbers too, and the table's unit says what they are.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .corpus import DECIMAL_COMMA, DECIMAL_POINT

SEPARATORS = {DECIMAL_POINT: (".", ","), DECIMAL_COMMA: (",", ".")}  # (decimal, thousands)
MISSING_MARKERS = frozenset({
    "-", "--", "—", "–", "−", "…", "..", "...", "n.d.", "n.d", "nd", "n/d", "s.d.", "s/d",
    "n.a.", "n/a", "na", "s.i.", "s/i",
})
CENSORED_RE = re.compile(r"^[<>≤≥]\s*\d[\d.,\s]*%?$")
SIGN_RE = re.compile(r"^([-+−])\s*")
PERCENT_RE = re.compile(r"\s*%$")
SPACES_RE = re.compile(r"[\s\u00a0\u202f]")


def _pattern(decimal: str, thousands: str) -> re.Pattern[str]:
    # A grouped number never starts with 0 ("0,125" is a decimal, not 125), and
    # a space (plain, no-break or thin) groups thousands in either convention.
    d, t = re.escape(decimal), re.escape(thousands)
    return re.compile(rf"^(?:\d+|[1-9]\d{{0,2}}(?:{t}\d{{3}})+|[1-9]\d{{0,2}}(?: \d{{3}})+)(?:{d}\d+)?$")


PATTERNS = {name: _pattern(*seps) for name, seps in SEPARATORS.items()}


def is_missing(cell: str) -> bool:
    """A marker for a value the source does not give, or gives only as a bound."""
    text = cell.strip()
    return text.lower() in MISSING_MARKERS or bool(CENSORED_RE.match(text))


def _split(cell: str) -> tuple[float, str] | None:
    text = PERCENT_RE.sub("", cell.strip())
    sign = 1.0
    if match := SIGN_RE.match(text):
        sign = 1.0 if match.group(1) == "+" else -1.0
        text = text[match.end():]
    text = SPACES_RE.sub(" ", text)
    return (sign, text) if text[:1].isdigit() else None


def parse_number(cell: str, number_format: str = DECIMAL_POINT) -> float | None:
    """The cell's value under the document's convention; None when it is not a number."""
    split = _split(cell)
    if split is None:
        return None
    sign, text = split
    if not PATTERNS[number_format].match(text):
        return None
    decimal, thousands = SEPARATORS[number_format]
    return sign * float(text.replace(thousands, "").replace(" ", "").replace(decimal, "."))


def is_value(cell: str, number_format: str) -> bool:
    """A value cell: a number, or a marker standing where a number would be."""
    return parse_number(cell, number_format) is not None or is_missing(cell)


def detect_format(cells: Iterable[str]) -> str:
    """The convention the cells are written in.

    A cell that only one convention can read ("12,5", "19.3", "1.234,5",
    "21,799,186") is a firm vote for it. A cell both can read differently
    ("1,200") is a weak vote for reading its separator as thousands, since polls
    rarely print three decimals; weak votes count only when there are no firm
    ones. Ties, and documents with no evidence, keep the decimal point.
    """
    firm = {DECIMAL_POINT: 0, DECIMAL_COMMA: 0}
    weak = dict(firm)
    for cell in cells:
        readings = {name: parse_number(cell, name) for name in SEPARATORS}
        valid = {name: value for name, value in readings.items() if value is not None}
        if len(valid) == 1:
            firm[next(iter(valid))] += 1
        elif len(valid) == 2 and len(set(valid.values())) == 2:
            weak[max(valid, key=lambda name: abs(valid[name]))] += 1
    votes = firm if any(firm.values()) else weak
    return DECIMAL_COMMA if votes[DECIMAL_COMMA] > votes[DECIMAL_POINT] else DECIMAL_POINT
