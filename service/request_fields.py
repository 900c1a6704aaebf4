"""The fields of a JSON request body, each checked on its own.

Every failure is a 4xx ``ApiError`` whose code and message name the field, so that a client
(or a person reading its log) knows which one to fix. An optional field that is absent or
``null`` means "the default", as the OpenAPI document says.
"""
from __future__ import annotations

from collections.abc import Iterable

from .errors import ApiError

LANGUAGES = ("en", "es")
# The bounds of ``top_k``: the citations an answer carries at most, the results of a search.
MAX_CITATIONS = 10
MAX_RESULTS, DEFAULT_RESULTS = 50, 10
NAMED_AT_MOST = 10   # unknown ids quoted in a message; a longer list is counted, not echoed


def is_unicode_text(text: str) -> bool:
    """False for strings with lone surrogates (JSON allows "\\ud800"): they cannot be stored or sent as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_field(body: dict, name: str, limit: int) -> str:
    """A required text (the question, a search's query), stripped, not empty, at most ``limit`` characters."""
    value = body.get(name)
    if value is None:
        raise ApiError(400, f"missing_{name}", f"The field '{name}' is required.")
    if not isinstance(value, str) or not is_unicode_text(value):
        raise ApiError(400, f"invalid_{name}", f"The field '{name}' must be a string of Unicode text.")
    value = value.strip()
    if not value:
        raise ApiError(400, f"empty_{name}", f"The {name} is empty.")
    if len(value) > limit:
        raise ApiError(413, f"{name}_too_long", f"The {name} has {len(value)} characters; the limit is {limit}.")
    return value


def whole_number(body: dict, name: str, lowest: int, highest: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    # JSON Schema counts 3.0 as an integer, as the published schema does; a boolean is none,
    # although Python's bool is an int.
    whole = isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and value.is_integer()
    if not whole or not lowest <= value <= highest:
        raise ApiError(400, f"invalid_{name}", f"The field '{name}' must be a whole number from {lowest} to {highest}.")
    return int(value)


def document_ids(body: dict, known: Iterable[str], name: str = "documents") -> frozenset[str] | None:
    """The ids of the documents an answer or a search may come from; None for all of them."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and is_unicode_text(v) for v in value):
        raise ApiError(400, f"invalid_{name}", f"The field '{name}' must be a list of document ids (strings), "
                                               "as GET /api/documents gives them.")
    if not value:
        # An empty list would allow no document at all: surely a mistake, not a wish for no answer.
        raise ApiError(400, f"empty_{name}", f"The field '{name}' is an empty list; name at least one "
                                             "document, or leave the field out to use them all.")
    unknown = sorted(set(value) - set(known))
    if unknown:
        shown = ", ".join(map(repr, unknown[:NAMED_AT_MOST]))
        more = f" and {len(unknown) - NAMED_AT_MOST} more" if len(unknown) > NAMED_AT_MOST else ""
        raise ApiError(400, f"unknown_{name}", f"The field '{name}' names {shown}{more}, which the collection "
                                               "does not hold; see GET /api/documents.")
    return frozenset(value)


def language(body: dict, name: str = "language") -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or value not in LANGUAGES:
        raise ApiError(400, f"invalid_{name}", f"The field '{name}' must be one of "
                                               f"{', '.join(map(repr, LANGUAGES))}.")
    return value
