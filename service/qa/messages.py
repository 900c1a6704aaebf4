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
    text = f"{value:.1f}"
    return f"{text}{unit}" if unit == "%" else (f"{text} {unit}" if unit else text)


def field_name(field: str, language: str) -> str:
    names = _templates()["metadata_fields"]
    return names.get(language, names["en"])[field]
