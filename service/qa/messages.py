"""The service's own sentences in the question's language (templates are data)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).parent / "vocabulary" / "messages.json"


@lru_cache(maxsize=1)
def _templates() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def say(message: str, language: str, **values) -> str:
    template = _templates()[message]
    return template.get(language, template["en"]).format(**values)



def number(value: float, unit: str | None) -> str:
    """A figure as printed: one decimal, but a count stays whole ("1209", not "1209.0%"): no share
    is above 100, so such a value in a table of percentages is a count (a sample base)."""
    if unit == "%" and abs(value) > 100:
        unit = None
    text = f"{value:.0f}" if value.is_integer() and abs(value) >= 100 else f"{value:.1f}"
    return f"{text}{unit}" if unit == "%" else (f"{text} {unit}" if unit else text)


MONTHS = {"en": ("January February March April May June July August September October November December"),
          "es": ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre")}


def date_words(date: str, language: str) -> str:
    """2022-11-11 as people write it ("11 November 2022", "11 de noviembre de 2022"); other
    forms as they are."""
    parts = date.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3) or not 1 <= int(parts[1]) <= 12:
        return date
    month = MONTHS.get(language, MONTHS["en"]).split()[int(parts[1]) - 1]
    joiner = " de " if language == "es" else " "
    return joiner.join([*([str(int(parts[2]))] if len(parts) == 3 else []), month, parts[0]])


def field_name(field: str, language: str) -> str:
    names = _templates()["metadata_fields"]
    return names.get(language, names["en"])[field]
