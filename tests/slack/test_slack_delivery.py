"""Slack's delivery rules over real HTTP: signatures, redeliveries, bots, rate limits, configuration."""
from __future__ import annotations

import json
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from fake_slack import BOT_ID, BOT_USER_ID, FakeSlack
from slack_sender import SIGNING_SECRET, SlackSender, sign, slack_env

QUESTION = "Castillo support in Lima/Callao"
QUIET = 1.5  # seconds to keep listening for an answer that must not come

pytestmark = pytest.mark.slow  # each test starts its own server


def replies_to(fake: FakeSlack, event: dict) -> list:
    thread = (event.get("thread_ts") or event["ts"]) if event["type"] == "app_mention" else event.get("thread_ts")
    return [c for c in fake.calls_to("chat.postMessage")
            if c.body.get("channel") == event["channel"] and c.body.get("thread_ts") == thread]


def forged(sender: SlackSender, i: int, rng: random.Random) -> tuple[str, dict]:
    """The i-th bad request: a valid-looking mention with a signature or timestamp Slack would never send."""
    body, _ = sender.event_body(sender.mention_event(f"{QUESTION} #{i}"))
    now = int(time.time())
    kind = i % 8
    if kind == 0:
        return body, {"timestamp": str(now), "signature": "v0=" + secrets.token_hex(32)}
    if kind == 1:
        return body, {"timestamp": str(now), "signature": sign("not-the-secret", str(now), body)}
    if kind == 2:
        return body, {"timestamp": str(now), "signature": ""}
    if kind == 3:  # stale: signed correctly, more than 5 minutes ago (a replay)
        ts = str(now - 301 - rng.randrange(0, 86400))
        return body, {"timestamp": ts, "signature": sign(SIGNING_SECRET, ts, body)}
    if kind == 4:  # from the future
        ts = str(now + 301 + rng.randrange(0, 86400))
        return body, {"timestamp": ts, "signature": sign(SIGNING_SECRET, ts, body)}
    if kind == 5:
        ts = rng.choice(["", "abc", "1e9", str(now) + ".5", "-"])
        return body, {"timestamp": ts, "signature": sign(SIGNING_SECRET, ts, body)}
    if kind == 6:  # tampered after signing
        return body.replace("Castillo", "Keiko"), {"timestamp": str(now),
                                                   "signature": sign(SIGNING_SECRET, str(now), body)}
    return body, {"timestamp": str(now), "signature": sign(SIGNING_SECRET, str(now), body).replace("v0=", "v1=")}


def test_bad_signatures_and_stale_or_future_timestamps_get_401_and_no_answer(sender, fake_slack):
    rng = random.Random(6)
    requests_ = [forged(sender, i, rng) for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda r: sender.post(r[0], "application/json", **r[1]), requests_))
    assert [r.status_code for r in responses] == [401] * 200
    assert {r.json()["error"]["code"] for r in responses} == {"invalid_signature"}

    # A genuine request signed 4 minutes ago is inside Slack's window and is answered.
    event = sender.mention_event(QUESTION)
    body, _ = sender.event_body(event)
    ts = str(int(time.time()) - 240)
    assert sender.post(body, "application/json", timestamp=ts,
                       signature=sign(SIGNING_SECRET, ts, body)).status_code == 200
    fake_slack.wait_for(lambda f: replies_to(f, event))
    time.sleep(QUIET)
    assert len(fake_slack.posts()) == 1


def test_url_verification_answers_the_challenge(sender):
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    response = sender.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert sender.post(body, "application/json", signature="v0=" + "0" * 64).status_code == 401


@pytest.mark.parametrize("body, content_type, status, code", [
    ("{not json", "application/json", 400, "invalid_slack_payload"),
    ("[1, 2]", "application/json", 400, "invalid_slack_payload"),
    ("payload=%7Bnot+json", "application/x-www-form-urlencoded", 400, "invalid_slack_payload"),
    ("a=b", "application/x-www-form-urlencoded", 404, "unhandled_slack_request"),
])
def test_signed_but_malformed_bodies_get_json_errors(sender, body, content_type, status, code):
    response = sender.post(body, content_type)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_other_methods_get_405(sender):
    response = requests.get(sender.url, timeout=10)
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_a_redelivered_event_is_answered_once_even_after_a_restart(server_factory, fake_slack, tmp_path):
    data = tmp_path / "durable"
    server = server_factory(data_dir=data, env=slack_env(fake_slack))
    sender = SlackSender(server.url, fake_slack)
    event = sender.mention_event(QUESTION)
    event_id = "EvREDELIVER1"
    sender.event(event, event_id)
    fake_slack.wait_for(lambda f: replies_to(f, event))
    sender.event(event, event_id, retry=1)
    sender.event(event, event_id, retry=2)

    server.stop(kill=True)  # no chance to flush anything kept in memory
    restarted = SlackSender(server_factory(data_dir=data, env=slack_env(fake_slack)).url, fake_slack)
    restarted.event(event, event_id, retry=3)
    later = restarted.mention(QUESTION)  # answered, so the server is handling events
    fake_slack.wait_for(lambda f: replies_to(f, later))
    time.sleep(QUIET)
    assert len(replies_to(fake_slack, event)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_simultaneous_deliveries_of_one_event_are_answered_once(sender, fake_slack):
    event = sender.mention_event(QUESTION)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda retry: sender.event(event, "EvCONCURRENT1", retry=retry), [None, 1, 2, 3]))
    fake_slack.wait_for(lambda f: replies_to(f, event))
    time.sleep(QUIET)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_the_bot_ignores_its_own_and_other_bots_messages(sender, fake_slack):
    sender.direct_message("I am the bot's own reply", user=BOT_USER_ID, bot_id=BOT_ID)
    sender.direct_message("An integration's message", user=None, bot_id="BOTHER001", subtype="bot_message")
    sender.direct_message("A bot user with a user id", user="UOTHERBOT", bot_id="BOTHER001")
    sender.mention(QUESTION, user="UOTHERBOT", bot_id="BOTHER001")
    sender.direct_message(QUESTION, subtype="message_changed")  # an edit is not a new question
    sender.direct_message(QUESTION, channel="CGENERAL1", channel_type="channel")  # not a DM
    human = sender.direct_message(QUESTION, channel="DCAROL001", user="UCAROL001")
    fake_slack.wait_for(lambda f: replies_to(f, human))
    time.sleep(QUIET)
    assert [c.body["channel"] for c in fake_slack.posts()] == ["DCAROL001"]


def test_a_rate_limited_post_is_retried_after_retry_after(sender, fake_slack):
    fake_slack.fail_next("chat.postMessage", 2, retry_after=1)
    event = sender.mention(QUESTION)
    fake_slack.wait_for(lambda f: replies_to(f, event))
    time.sleep(QUIET)
    attempts = fake_slack.calls_to("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 429, 200]
    assert attempts[-1].at - attempts[0].at >= 2.0  # waited Retry-After each time
    assert attempts[-1].body == attempts[0].body


def test_a_rate_limited_response_url_is_retried(sender, fake_slack):
    fake_slack.fail_next("response_url", 1, retry_after=1)
    sender.command(QUESTION, fake_slack.response_url("limited"))
    fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url")])
    time.sleep(QUIET)
    assert [c.status for c in fake_slack.calls_to("response_url", ok_only=False)] == [429, 200]


@pytest.mark.parametrize("env, missing", [
    ({"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": ""}, "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-only-a-token", "SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
])
def test_without_slack_settings_the_route_is_404_and_the_rest_works(server_factory, env, missing):
    server = server_factory(env=env)
    body = json.dumps({"type": "url_verification", "challenge": "x"})
    ts = str(int(time.time()))
    response = requests.post(server.url + "/slack/events", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(SIGNING_SECRET, ts, body)})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert requests.get(server.url + "/healthz", timeout=10).json()["status"] == "ok"
    assert requests.post(server.url + "/api/ask", json={"question": QUESTION}, timeout=30).status_code == 200
    assert f"Slack bot disabled ({missing} not set)" in server.log_path.read_text()


def test_a_mention_in_a_direct_message_is_answered_once(sender, fake_slack):
    # Slack sends it twice: as an app_mention and as a message in the DM, with two event ids.
    event = sender.mention_event(QUESTION, channel="DALICE001")
    sender.event(event)
    sender.event({**event, "type": "message", "channel_type": "im"})
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    time.sleep(QUIET)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_replayed_slash_command_is_acknowledged_but_not_answered_again(sender, fake_slack):
    url = fake_slack.response_url("replayed")
    body = ("token=legacy&team_id=TFAKE0001&channel_id=CGENERAL1&user_id=UALICE001&command=%2Fask"
            f"&text={requests.utils.quote(QUESTION)}&response_url={requests.utils.quote(url, safe='')}")
    timestamp = str(int(time.time()))
    signature = sign(SIGNING_SECRET, timestamp, body)
    for _ in range(3):   # an attacker resending the captured request within its five minutes
        response = sender.post(body, "application/x-www-form-urlencoded", timestamp=timestamp, signature=signature)
        assert response.status_code == 200
    fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if "replayed" in c.path])
    time.sleep(QUIET)
    assert len([c for c in fake_slack.calls_to("response_url") if "replayed" in c.path]) == 1


def test_deeply_nested_signed_json_is_a_400(sender):
    body = '{"type": "event_callback", "event": ' + "[" * 10000 + "]" * 10000 + "}"
    response = sender.post(body, "application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_slack_payload"
