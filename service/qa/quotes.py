"""Source text as a reader sees it: without footnote markers, inline tags, Markdown escapes or
emphasis. Offsets always point into the source; only what is shown is cleaned."""
from __future__ import annotations

import re

from index.analysis import MARKUP_RE as INLINE_MARKUP_RE

# A footnote written as a Markdown link ("[<sup>[3]</sup>](#note-3)") goes whole; then the
# footnote markers and inline tags the index drops.
MARKUP_RE = re.compile(r"\[<sup>[^<\n]{0,12}</sup>\]\([^)\s]{0,80}\)|" + INLINE_MARKUP_RE.pattern)


def clean(text: str) -> str:
    """A quote as a reader wants it: no footnote markers, Markdown escapes or emphasis."""
    text = MARKUP_RE.sub("", text).replace("\\$", "$").replace("*", "")
    return " ".join(text.split())
