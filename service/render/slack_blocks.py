"""The Slack shape of an answer: Block Kit blocks and a plain-text fallback; and, the other way,
a Slack message read back as the plain question a person typed (``question_text``).

Everything that comes from a document or a person goes through
``escape_mrkdwn``: Slack reads ``<...>`` in mrkdwn as mentions
(``<!channel>``, ``<@U123>``) and links, so a quoted passage or an echoed
question must never be able to ping a channel or disguise a link.
"""
from __future__ import annotations

import json
import re

from ..qa.answer import Answer, Citation, Figure
from ..qa.quotes import clean
from .json import viewer_path

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
SHARE = "share_answer"

# Slack's limits (characters, elements); past them the whole message is rejected.
SECTION_CHARS = 3000
HEADER_CHARS = 150
QUOTE_CHARS = 700
MAX_FIGURES = 4
MAX_CITATIONS = 3
MAX_SUGGESTIONS = 3

BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def escape_mrkdwn(text: str) -> str:
    """Text that Slack shows literally: no mentions, no links, no broadcasts."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return BROADCAST.sub(lambda m: "@" + ZERO_WIDTH_SPACE + m.group(1), text)


def shorten(text: str, limit: int) -> str:
    """Cut plain text (before escaping, so no entity is cut in half) to ``limit`` characters."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_value(value: float, unit: str | None) -> str:
    # Two decimals at most, as the sources print them; trailing zeros dropped (19.30 → 19.3).
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    return number + (unit if unit == "%" else f" {unit}" if unit else "")


def action_value(thread: str, turn: int) -> str:
    """What a button carries back to us: which turn of which chat thread it is about (Slack's own
    team, channel and message ids; the conversation's id, which the API knows it by, stays ours)."""
    return json.dumps({"thread": thread, "turn": turn})


def parse_action_value(value: object) -> tuple[str, int] | None:
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    thread, turn = data.get("thread"), data.get("turn")
    if isinstance(thread, str) and isinstance(turn, int) and not isinstance(turn, bool):
        return thread, turn
    return None


# <@U123>, <@U123|name>, <#C123|general>, <!channel>, <!subteam^S1|@team>, <https://x|label>
SLACK_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def question_text(text: str, bot_user_id: str | None) -> str:
    """A Slack message as the plain question a person typed: no bot mention, no markup, no entities."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^<>]*)?>", " ", text)

    def plain(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target[:1] in ("@", "#"):
            return target[0] + (label or target[1:]).lstrip(target[0])
        if target.startswith("!"):
            name = target[1:].split("^")[0]
            return "@" + name if name in ("channel", "here", "everyone") else label or ""
        return label or target

    text = SLACK_MARKUP.sub(plain, text)
    # Slack escapes exactly these three in message text; &amp; last so "&amp;lt;" stays "&lt;".
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts]}


def section(text: str) -> dict:
    return {"type": "section", "text": mrkdwn(text)}


def labelled(label: str | None, parent: str | None) -> str:
    return f"{parent} › {label}" if parent else label or ""


def provenance(figure: Figure) -> str:
    parts = [f"*{escape_mrkdwn(format_value(figure.value, figure.unit))}*",
             "row: " + escape_mrkdwn(shorten(labelled(figure.row, figure.parent_row), 300)),
             "column: " + escape_mrkdwn(shorten(labelled(figure.column, figure.column_group), 300)),
             "table: _" + escape_mrkdwn(shorten(figure.table, 300)) + "_"]
    if figure.computed:
        parts.append("computed: " + escape_mrkdwn(shorten(figure.computed, 300)))
    return " · ".join(parts)


def quoted_span(citation: Citation) -> str:
    """The answering span of a passage (or the whole passage), as plain text."""
    text = citation.text
    if citation.highlight_start is not None and citation.highlight_end is not None:
        text = text[citation.highlight_start - citation.start: citation.highlight_end - citation.start]
    return shorten(clean(text), QUOTE_CHARS)


def citation_link(number: int, citation: Citation, base_url: str) -> str:
    url = escape_mrkdwn(base_url.rstrip("/") + viewer_path(citation))
    label = escape_mrkdwn(shorten(f"[{number}] {citation.title}", 200))
    where = [escape_mrkdwn(shorten(citation.section, 200))] if citation.section else []
    if citation.line is not None:
        where.append(f"line {citation.line}")
    return " · ".join([f"<{url}|{label}>", *where])


def button(text: str, label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
               "action_id": action_id, "value": value, "accessibility_label": label}
    if style:
        element["style"] = style
    return element


def answer_blocks(answer: Answer, thread: str, turn: int, base_url: str, *,
                  question: str | None = None, shareable: bool = False) -> list[dict]:
    """The blocks of one answer, the ``turn``-th of the chat ``thread``; ``question`` echoes what was
    asked where Slack does not show it."""
    blocks: list[dict] = []
    if question:
        blocks.append(context("*Question:* " + escape_mrkdwn(shorten(question, 1000))))
    figures = answer.figures[:MAX_FIGURES]
    if figures:
        values = " · ".join(format_value(f.value, f.unit) for f in figures)
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": shorten(values, HEADER_CHARS)}})
    blocks.append(section(escape_mrkdwn(shorten(answer.text, SECTION_CHARS - 100))))
    blocks.extend(context(provenance(f)) for f in figures)
    if answer.answer_type == "passage" and answer.citations:
        quote = quoted_span(answer.citations[0])
        if quote and quote not in " ".join(answer.text.split()):
            blocks.append(section("> " + escape_mrkdwn(quote)))
    if answer.citations:
        blocks.append(context(*(citation_link(n, c, base_url)
                                for n, c in enumerate(answer.citations[:MAX_CITATIONS], start=1))))
    if answer.interpretation.understood_as:
        blocks.append(context("Understood as: " + escape_mrkdwn(shorten(answer.interpretation.understood_as, 500))))
    if answer.suggestions:
        blocks.append(context("You could also ask: " + " · ".join(
            "“" + escape_mrkdwn(shorten(s, 200)) + "”" for s in answer.suggestions[:MAX_SUGGESTIONS])))
    value = action_value(thread, turn)
    elements = [button("👍", "Helpful answer", FEEDBACK_UP, value),
                button("👎", "Unhelpful answer", FEEDBACK_DOWN, value)]
    if shareable:
        elements.append(button("Share in channel", "Share this answer in the channel", SHARE, value, "primary"))
    blocks.append({"type": "actions", "block_id": f"answer-actions-{turn}", "elements": elements})
    return blocks


def fallback_text(answer: Answer) -> str:
    """The message's ``text``: what notifications and screen readers without blocks show."""
    return escape_mrkdwn(shorten(answer.text, SECTION_CHARS))
