"""The bot answering over real HTTP: mentions, DMs, /ask with sharing, follow-ups, escaping, feedback.

Expected answers come from the same server's ``POST /api/ask`` and table API,
never from strings written here: the bot must say what the engine says.
"""
from __future__ import annotations

import json
import re
import time

import pytest
import requests
from fake_slack import FakeSlack

from service.conversations import ConversationStore
from service.render.slack_blocks import (FEEDBACK_DOWN, FEEDBACK_UP, SHARE, escape_mrkdwn, format_value,
                                         parse_action_value, shorten)

FIGURE_QUESTION = "Castillo support in Lima/Callao"
FOLLOW_UP = "and in Oriente?"
PASSAGE_QUESTION = "Who founded Sendero Luminoso?"
QUIET = 1.5  # seconds to keep listening for an answer that must not come

pytestmark = pytest.mark.slow  # each test starts its own server


def api_ask(server, question: str, conversation_id: str | None = None) -> dict:
    body = {"question": question, **({"conversation_id": conversation_id} if conversation_id else {})}
    response = requests.post(server.url + "/api/ask", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def replies_in(fake: FakeSlack, channel: str, thread_ts: str | None = None) -> list:
    return [c for c in fake.calls_to("chat.postMessage")
            if c.body.get("channel") == channel and c.body.get("thread_ts") == thread_ts]


def response_posts(fake: FakeSlack, name: str) -> list:
    return [c for c in fake.calls_to("response_url") if c.path == "/response/" + name]


def assert_says_what_the_api_says(call, expected: dict, base_url: str) -> None:
    """The posted blocks carry the API's answer: its figure (or text) and its first citation's link."""
    text = json.dumps(call.blocks(), ensure_ascii=False)
    if expected["figures"]:
        figure = expected["figures"][0]
        assert format_value(figure["value"], figure["unit"]) in text
        assert escape_mrkdwn(figure["column"]) in text and escape_mrkdwn(figure["row"]) in text
    else:
        assert escape_mrkdwn(shorten(expected["answer"], 2900)) in text
    assert expected["citations"], "an answer carries citations"
    assert escape_mrkdwn(base_url + expected["citations"][0]["viewer_url"]) in text
    assert call.body["text"], "a plain-text fallback for notifications"


def conversation_of(server, button_value: str) -> tuple[str, int]:
    """The conversation and turn a button is about, read from the store by its thread; the
    conversation's own id is never in the message."""
    thread, turn = parse_action_value(button_value)
    conversation_id = ConversationStore(server.data_dir / "conversations.sqlite3").thread_conversation(thread)
    assert conversation_id and conversation_id not in button_value
    return conversation_id, turn


def stored_turns(server, conversation_id: str) -> list[dict]:
    """The turns the bot kept, read from its store (the bot's conversations are not the API's to show)."""
    return ConversationStore(server.data_dir / "conversations.sqlite3").history(conversation_id)


def test_a_mention_gets_exactly_one_threaded_reply(sender, fake_slack, slack_server):
    expected = api_ask(slack_server, FIGURE_QUESTION)
    mention = sender.mention(FIGURE_QUESTION, channel="CGENERAL1")
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CGENERAL1", mention["ts"]))
    assert reply.headers.get("Authorization") == "Bearer xoxb-test-token"
    assert_says_what_the_api_says(reply, expected, slack_server.url)
    time.sleep(QUIET)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_mention_inside_a_thread_replies_in_that_thread(sender, fake_slack, slack_server):
    parent_ts = sender.next_ts()
    sender.mention(PASSAGE_QUESTION, channel="CGENERAL1", thread_ts=parent_ts)
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CGENERAL1", parent_ts))
    assert_says_what_the_api_says(reply, api_ask(slack_server, PASSAGE_QUESTION), slack_server.url)


def test_a_direct_message_is_answered_in_the_dm(sender, fake_slack, slack_server):
    expected = api_ask(slack_server, PASSAGE_QUESTION)
    sender.direct_message(PASSAGE_QUESTION, channel="DALICE001")
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "DALICE001"))
    assert "thread_ts" not in reply.body  # a top-level DM gets a top-level answer
    assert_says_what_the_api_says(reply, expected, slack_server.url)


def test_a_bare_mention_gets_usage_help_not_an_answer(sender, fake_slack):
    mention = sender.mention("")
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CGENERAL1", mention["ts"]))
    assert "/documents/" not in reply.text() and "Ask me a question" in reply.body["text"]


def test_a_follow_up_in_the_thread_resolves_against_the_first_question(sender, fake_slack, slack_server):
    first = api_ask(slack_server, FIGURE_QUESTION)
    assert first["figures"], f"{FIGURE_QUESTION!r} is answered from a table: {first['answer']}"
    figure = first["figures"][0]
    table = requests.get(f"{slack_server.url}/api/tables/{figure['table_id']}", timeout=10).json()
    [record] = [r for r in table["records"] if r["row"] == figure["row"] and r["parent_row"] == figure["parent_row"]]
    [oriente] = [c["key"] for c in table["column_labels"] if c["label"] == "Oriente"]
    expected = record["values"][oriente]
    assert expected is not None and expected != figure["value"]

    mention = sender.mention(FIGURE_QUESTION, channel="CPOLLS001")
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CPOLLS001", mention["ts"]))
    sender.mention(FOLLOW_UP, channel="CPOLLS001", thread_ts=mention["ts"])
    [_, follow] = fake_slack.wait_for(lambda f: replies_in(f, "CPOLLS001", mention["ts"])[1:] and
                                      replies_in(f, "CPOLLS001", mention["ts"]))
    assert format_value(expected, figure["unit"]) in follow.text()

    conversation_id, turn = conversation_of(slack_server, follow.button_value(FEEDBACK_UP))
    assert (conversation_id, turn) == (conversation_of(slack_server, reply.button_value(FEEDBACK_UP))[0], 2)
    turns = stored_turns(slack_server, conversation_id)
    assert [t["question"] for t in turns] == [FIGURE_QUESTION, FOLLOW_UP]
    answered = turns[1]["answer"]["figures"][0]
    assert (answered["table_id"], answered["row"], answered["column"], answered["value"]) == \
        (figure["table_id"], figure["row"], "Oriente", expected)

    # Another thread is another conversation.
    other = sender.mention(FIGURE_QUESTION, channel="CPOLLS001")
    [separate] = fake_slack.wait_for(lambda f: replies_in(f, "CPOLLS001", other["ts"]))
    other_id, other_turn = conversation_of(slack_server, separate.button_value(FEEDBACK_UP))
    assert other_id != conversation_id and other_turn == 1


def test_a_dm_is_one_conversation(sender, fake_slack, slack_server):
    sender.direct_message(FIGURE_QUESTION, channel="DBOB00001", user="UBOB00001")
    fake_slack.wait_for(lambda f: replies_in(f, "DBOB00001"))
    sender.direct_message(FOLLOW_UP, channel="DBOB00001", user="UBOB00001")
    [first, second] = fake_slack.wait_for(lambda f: replies_in(f, "DBOB00001")[1:] and replies_in(f, "DBOB00001"))
    first_ref, second_ref = (conversation_of(slack_server, c.button_value(FEEDBACK_UP)) for c in (first, second))
    assert second_ref == (first_ref[0], 2)


def test_ask_answers_ephemerally_and_share_posts_to_the_channel(sender, fake_slack, slack_server):
    expected = api_ask(slack_server, FIGURE_QUESTION)
    response = sender.command(FIGURE_QUESTION, fake_slack.response_url("command-1"))
    assert response.status_code == 200 and response.text == ""  # acknowledged; the answer follows
    [ephemeral] = fake_slack.wait_for(lambda f: response_posts(f, "command-1"))
    assert ephemeral.body["response_type"] == "ephemeral"
    assert_says_what_the_api_says(ephemeral, expected, slack_server.url)
    assert escape_mrkdwn(FIGURE_QUESTION) in ephemeral.text()  # the asker sees what they asked
    assert not fake_slack.calls_to("chat.postMessage")

    share = ephemeral.button_value(SHARE)
    assert sender.click(SHARE, share, fake_slack.response_url("share-1"), ephemeral=True).status_code == 200
    posts = fake_slack.wait_for(lambda f: len(response_posts(f, "share-1")) >= 2 and response_posts(f, "share-1"))
    shared = [c for c in posts if c.body.get("response_type") == "in_channel"]
    assert len(shared) == 1 and shared[0].body["replace_original"] is False
    assert_says_what_the_api_says(shared[0], expected, slack_server.url)
    assert escape_mrkdwn(FIGURE_QUESTION) in shared[0].text()
    assert all(e["action_id"] != SHARE for b in shared[0].blocks() if b["type"] == "actions" for e in b["elements"])
    assert [c.body for c in posts if c.body.get("delete_original")] == [{"delete_original": True}]

    # A second click (the ephemeral can linger) shares nothing more.
    sender.click(SHARE, share, fake_slack.response_url("share-2"), ephemeral=True)
    sender.click(FEEDBACK_UP, share, fake_slack.response_url("after-share"))
    fake_slack.wait_for(lambda f: response_posts(f, "after-share"))
    time.sleep(QUIET)
    assert not response_posts(fake_slack, "share-2")


def test_ask_without_a_question_explains_usage(sender, fake_slack):
    sender.command("   ", fake_slack.response_url("empty"))
    [usage] = fake_slack.wait_for(lambda f: response_posts(f, "empty"))
    assert "/ask" in usage.body["text"] and "blocks" not in usage.body


HOSTILE = "What does <!channel> say about <@U123> and <!here> in Lima y Callao?"
BROADCAST = re.compile(r"@(channel|here|everyone)")


def assert_harmless(call) -> None:
    text = call.text()
    for raw in ("<!channel>", "<@U123>", "<!here>"):
        assert raw not in text
    assert not BROADCAST.search(text), "a bare @channel/@here must be broken up"


def test_mentions_in_a_question_are_escaped_in_what_is_posted(sender, fake_slack, slack_server):
    sender.command(HOSTILE, fake_slack.response_url("hostile"))
    [ephemeral] = fake_slack.wait_for(lambda f: response_posts(f, "hostile"))
    assert_harmless(ephemeral)
    assert "@\u200bchannel" in ephemeral.text() and "@U123" in ephemeral.text()  # echoed, defused

    mention = sender.mention(HOSTILE)
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CGENERAL1", mention["ts"]))
    assert_harmless(reply)
    conversation_id, _ = conversation_of(slack_server, reply.button_value(FEEDBACK_UP))
    turns = stored_turns(slack_server, conversation_id)
    assert turns[0]["question"] == "What does @channel say about @U123 and @here in Lima y Callao?"
    assert requests.get(f"{slack_server.url}/api/conversations/{conversation_id}", timeout=10).status_code == 404


def test_feedback_buttons_record_into_the_store(sender, fake_slack, slack_server):
    mention = sender.mention(FIGURE_QUESTION)
    [reply] = fake_slack.wait_for(lambda f: replies_in(f, "CGENERAL1", mention["ts"]))
    conversation_id, turn = conversation_of(slack_server, reply.button_value(FEEDBACK_UP))
    assert reply.button_value(FEEDBACK_DOWN) == reply.button_value(FEEDBACK_UP)

    sender.click(FEEDBACK_UP, reply.button_value(FEEDBACK_UP), fake_slack.response_url("up"))
    fake_slack.wait_for(lambda f: response_posts(f, "up"))
    sender.click(FEEDBACK_DOWN, reply.button_value(FEEDBACK_DOWN), fake_slack.response_url("down"))
    [thanks] = fake_slack.wait_for(lambda f: response_posts(f, "down"))
    assert thanks.body["response_type"] == "ephemeral" and thanks.body["replace_original"] is False

    # A value we never issued records nothing.
    forged = '{"thread": "no-such-thread", "turn": 1}'
    assert sender.click(FEEDBACK_UP, forged, fake_slack.response_url("forged")).status_code == 200

    store = ConversationStore(slack_server.data_dir / "conversations.sqlite3")
    assert store.feedback(conversation_id) == [{"turn": turn, "value": 1, "source": "slack"},
                                               {"turn": turn, "value": -1, "source": "slack"}]
    time.sleep(QUIET)
    assert not response_posts(fake_slack, "forged") and store.feedback("no-such-conversation") == []
