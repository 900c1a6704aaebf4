"""The page's own words: both languages say the same things, and every word the UI uses exists."""
from __future__ import annotations

import re

from browser_tools import ROOT, STRINGS

SERVICE = ROOT / "service"
# How a string is named: data-i18n="key" / "data-i18n": "key" anywhere, t("key") and
# label("key", t) in scripts, {{ t.key }} in templates.
MARKED = re.compile(r"""data-i18n(?:-[a-z-]+)?["']?\s*[=:]\s*["']([a-z_]+)["']""")
SCRIPT_CALL = re.compile(r"""\b(?:t|label)\(\s*["']([a-z_]+)["']""")
TEMPLATE_FIELD = re.compile(r"""\bt\.([a-z_]+)\b""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in (SERVICE / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        keys.update(MARKED.findall(text), TEMPLATE_FIELD.findall(text))
    for path in (SERVICE / "static" / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        keys.update(MARKED.findall(text), SCRIPT_CALL.findall(text))
    return keys


def test_both_languages_have_the_same_non_empty_strings():
    assert set(STRINGS["en"]) == set(STRINGS["es"])
    assert all(value.strip() for language in ("en", "es") for value in STRINGS[language].values())
    assert [value for value in STRINGS["en"] if STRINGS["en"][value] == STRINGS["es"][value]] == []


def test_every_string_the_page_uses_is_in_the_dictionary():
    used = used_keys()
    assert used, "the patterns found no string keys: they are out of date"
    assert sorted(used - set(STRINGS["en"])) == []


def test_examples_come_from_the_collection_in_the_page_language(client):
    found = {lang: re.findall(r'data-question="([^"]+)"', client.get(f"/?lang={lang}").get_data(as_text=True))
             for lang in ("en", "es")}
    assert found["en"] and found["es"] and found["en"] != found["es"]
    assert any(q.startswith("¿") for q in found["es"]) and not any(q.startswith("¿") for q in found["en"])
