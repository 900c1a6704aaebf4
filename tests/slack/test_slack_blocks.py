"""The pure parts of the bot: Block Kit rendering, escaping, and reading Slack's message markup."""
from __future__ import annotations

import json
import re

import pytest

from service.qa.answer import Answer, Bar, Chart, Citation, Figure, Interpretation, Series
from service.render.json import viewer_path
from service.render.slack_blocks import (FEEDBACK_DOWN, FEEDBACK_UP, SHARE, answer_blocks, escape_mrkdwn,
                                         fallback_text, format_value, parse_action_value)
from service.render.slack_blocks import question_text

BASE = "https://qa.example.org"
HOSTILE = "Contact <!channel> and <@U123> or <!here|here>; see <https://evil.example|your bank> & @everyone, @here"


def passage_answer(text: str = HOSTILE, answer_text: str = "The report says so.") -> Answer:
    source = "x" * 40 + text
    citation = Citation("doc-a", "A <b>document</b> title", text, 40, 40 + len(text), 3.2, section="Findings <!here>",
                        highlight_start=40, highlight_end=40 + len(text), line=12)
    assert source[citation.start:citation.end] == text
    return Answer(answer_text, "passage", Interpretation("passage", "best passage", understood_as="<@U999> asks"),
                  citations=(citation,), suggestions=("And <!channel>?",))


def figure_answer() -> Answer:
    figure = Figure(19.3, "%", "cpi", "INTENCIÓN DE VOTO", "t1", "Pedro Castillo - Perú Libre", None,
                    "Lima y Callao", None, 55)
    citation = Citation("cpi", "Encuesta CPI", "| Pedro Castillo - Perú Libre | 19.3 |", 1000, 1038, 1.0,
                        kind="table-row", table_id="t1", line=55, highlight_start=1031, highlight_end=1035)
    return Answer("Pedro Castillo tiene 19.3% en Lima y Callao.", "figure",
                  Interpretation("table", "cell lookup", understood_as="Pedro Castillo, Lima y Callao",
                                 table_id="t1", row_key="Pedro Castillo - Perú Libre", column_key="Lima y Callao"),
                  figures=(figure,), citations=(citation,), language="es")


def all_text(blocks: list[dict]) -> str:
    """Every string a Slack client would interpret, joined."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def mrkdwn_texts(blocks: list[dict]) -> list[str]:
    texts = []
    for block in blocks:
        if block.get("text", {}).get("type") == "mrkdwn":
            texts.append(block["text"]["text"])
        for element in block.get("elements", []):
            if element.get("type") == "mrkdwn":
                texts.append(element["text"])
    return texts


def test_escape_neutralises_mentions_links_and_broadcasts():
    escaped = escape_mrkdwn(HOSTILE)
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;!channel&gt;" in escaped and "&lt;@U123&gt;" in escaped
    assert "&amp; " in escaped
    assert not re.search(r"@(channel|here|everyone)", escaped)
    assert "@\u200beveryone" in escaped and "@\u200bhere" in escaped


def test_a_hostile_passage_cannot_mention_or_link():
    blocks = answer_blocks(passage_answer(), "conv-1", 2, BASE, question="Who said <!channel>?")
    texts = mrkdwn_texts(blocks)
    links = [m for t in texts for m in re.findall(r"<([^<>]*)>", t)]
    # The only markup left is our own link to the viewer.
    assert links and all(link.startswith(BASE + "/documents/") for link in links)
    text = all_text(blocks)
    for raw in ("<!channel>", "<@U123>", "<!here", "<https://evil", "<@U999>", "<b>"):
        assert raw not in text
    assert not re.search(r"@(channel|here|everyone)", text)
    assert "&lt;!channel&gt;" in text  # the passage is still quoted, visibly


def test_fallback_text_is_escaped():
    text = fallback_text(passage_answer(answer_text="Says <!channel> & <@U1>"))
    assert text == "Says &lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_passage_answer_quotes_the_span_and_links_the_citation():
    answer = passage_answer(text="Sendero Luminoso was founded by Abimael Guzmán.")
    blocks = answer_blocks(answer, "conv-1", 1, BASE + "/")
    quotes = [t for t in mrkdwn_texts(blocks) if t.startswith("> ")]
    assert quotes == ["> Sendero Luminoso was founded by Abimael Guzmán."]
    url = escape_mrkdwn(BASE + viewer_path(answer.citations[0]))
    assert any(f"<{url}|[1] A &lt;b&gt;document&lt;/b&gt; title>" in t for t in mrkdwn_texts(blocks))
    assert "&amp;end=" in url  # Slack reads & in mrkdwn as an entity start, URLs included


def test_figure_answer_shows_value_and_provenance():
    answer = figure_answer()
    blocks = answer_blocks(answer, "conv-1", 1, BASE)
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == ["19.3%"]
    provenance = [t for t in mrkdwn_texts(blocks) if "Lima y Callao" in t and "INTENCIÓN DE VOTO" in t]
    assert provenance and "Pedro Castillo - Perú Libre" in provenance[0] and "*19.3%*" in provenance[0]
    assert any("Understood as: Pedro Castillo, Lima y Callao" in t for t in mrkdwn_texts(blocks))
    assert not [t for t in mrkdwn_texts(blocks) if t.startswith("> ")]  # a figure is not a quote


def test_buttons_carry_the_turn_and_share_only_when_asked():
    blocks = answer_blocks(figure_answer(), "conv-7", 3, BASE)
    actions = [b for b in blocks if b["type"] == "actions"]
    assert len(actions) == 1
    ids = [e["action_id"] for e in actions[0]["elements"]]
    assert ids == [FEEDBACK_UP, FEEDBACK_DOWN]
    assert all(parse_action_value(e["value"]) == ("conv-7", 3) for e in actions[0]["elements"])
    shared = answer_blocks(figure_answer(), "conv-7", 3, BASE, shareable=True)
    assert [e["action_id"] for b in shared if b["type"] == "actions" for e in b["elements"]][-1] == SHARE


def test_a_none_answer_still_renders():
    answer = Answer("The collection does not say.", "none", Interpretation("none", "nothing matched"))
    blocks = answer_blocks(answer, "c", 1, BASE)
    assert mrkdwn_texts(blocks)[0] == "The collection does not say."
    assert blocks[-1]["type"] == "actions"


def test_slack_limits_hold_for_a_huge_answer():
    long_text = "palabra " * 2000
    citation = Citation("d", "T" * 500, long_text, 0, len(long_text), 1.0, section="S" * 500)
    answer = Answer(long_text, "passage", Interpretation("passage", "r", understood_as="u" * 5000),
                    citations=(citation,) * 10, suggestions=("s" * 1000,) * 10)
    blocks = answer_blocks(answer, "c", 1, BASE, question="q" * 5000, shareable=True)
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        for text in mrkdwn_texts([block]):
            assert len(text) <= 3000
        assert len(block.get("elements", [])) <= 10
    assert len(json.dumps(blocks)) < 20000


@pytest.mark.parametrize("value, unit, shown", [
    (19.3, "%", "19.3%"), (35.0, "%", "35%"), (21799186.0, None, "21,799,186"), (29.299999999999997, "%", "29.3%"),
    (2.35, "pts", "2.35 pts"), (0.0, "%", "0%"),
])
def test_format_value(value, unit, shown):
    assert format_value(value, unit) == shown


@pytest.mark.parametrize("value", [None, "", "not json", "[1, 2]", '{"thread": 5, "turn": 1}',
                                   '{"thread": "t", "turn": "1"}', '{"thread": "t", "turn": true}',
                                   '{"conversation_id": "c", "turn": 1}'])
def test_parse_action_value_rejects_what_we_never_sent(value):
    assert parse_action_value(value) is None


@pytest.mark.parametrize("slack_text, question", [
    ("<@UBOT> How many members?", "How many members?"),
    ("<@UBOT|askbot>   ¿Cuánto   tiene Castillo?", "¿Cuánto tiene Castillo?"),
    ("<@UBOT> is 5 &lt; 6 &amp;&amp; 7 &gt; 2?", "is 5 < 6 && 7 > 2?"),
    ("<@UBOT> what about <!channel> and <@U123> and <@U456|bob>?", "what about @channel and @U123 and @bob?"),
    ("<@UBOT> see <https://example.org/x|this page> and <#C123|general>", "see this page and #general"),
    ("<@UBOT> <!subteam^S123|@team> <!date^1^{date}|Feb 18> literally &amp;lt;", "@team Feb 18 literally &lt;"),
    ("<@UBOT>", ""),
])
def test_question_text_reads_slack_markup_as_plain_text(slack_text, question):
    assert question_text(slack_text, "UBOT") == question


def test_answers_survive_the_store_round_trip():
    chart = Chart("c", "t1", "%", (Series("row", (Bar("Lima", None, 19.3, True), Bar("Oriente", "Zonas", None))),))
    original = figure_answer()
    original = Answer(original.text, original.answer_type, original.interpretation, original.figures,
                      original.citations, ("next?",), (chart,), "es")
    assert Answer.from_dict(json.loads(json.dumps(original.to_dict()))) == original
