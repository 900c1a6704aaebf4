"""What Slack sends to the bot, signed: events, slash commands and button clicks."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
from urllib.parse import urlencode

import requests

from fake_slack import BOT_USER_ID, TEAM_ID, FakeSlack

SIGNING_SECRET = "test-signing-secret-" + secrets.token_hex(8)
BOT_TOKEN = "xoxb-test-token"
ALICE = "UALICE001"


def sign(secret: str, timestamp: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


class SlackSender:
    """Sends what Slack sends: signed events, slash commands and button clicks."""

    def __init__(self, server_url: str, fake: FakeSlack, secret: str = SIGNING_SECRET) -> None:
        self.url = server_url + "/slack/events"
        self.fake = fake
        self.secret = secret
        self.counter = itertools.count(1)

    def post(self, body: str, content_type: str, *, timestamp: str | None = None,
             signature: str | None = None, headers: dict | None = None) -> requests.Response:
        timestamp = timestamp if timestamp is not None else str(int(time.time()))
        signature = signature if signature is not None else sign(self.secret, timestamp, body)
        return requests.post(self.url, data=body.encode(), timeout=10, headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature, **(headers or {})})

    def next_ts(self) -> str:
        return f"{int(time.time())}.{next(self.counter):06d}"

    def event_body(self, event: dict, event_id: str | None = None) -> tuple[str, str]:
        event_id = event_id or "Ev" + secrets.token_hex(6).upper()
        body = {"token": "legacy", "team_id": TEAM_ID, "api_app_id": "AFAKE", "type": "event_callback",
                "event": event, "event_id": event_id, "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}
        return json.dumps(body), event_id

    def event(self, event: dict, event_id: str | None = None, retry: int | None = None) -> requests.Response:
        body, _ = self.event_body(event, event_id)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        response = self.post(body, "application/json", headers=headers)
        assert response.status_code == 200, response.text
        return response

    def mention_event(self, text: str, channel: str = "CGENERAL1", thread_ts: str | None = None,
                      user: str = ALICE, **extra) -> dict:
        """An app_mention of the bot followed by ``text`` (Slack-encoded)."""
        ts = self.next_ts()
        return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
                "channel": channel, "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {}), **extra}

    def mention(self, text: str, **kwargs) -> dict:
        """Sends a mention; returns the event."""
        event = self.mention_event(text, **kwargs)
        self.event(event)
        return event

    def direct_message(self, text: str, channel: str = "DALICE001", user: str | None = ALICE, **extra) -> dict:
        ts = self.next_ts()
        event = {"type": "message", "channel_type": "im", "channel": channel, "text": text, "ts": ts,
                 "event_ts": ts, **({"user": user} if user else {}), **extra}
        self.event(event)
        return event

    def command(self, text: str, response_url: str, channel: str = "CGENERAL1", user: str = ALICE):
        body = urlencode({"token": "legacy", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": channel,
                          "channel_name": "general", "user_id": user, "user_name": "alice", "command": "/ask",
                          "text": text, "api_app_id": "AFAKE", "response_url": response_url,
                          "trigger_id": "1.2." + secrets.token_hex(4)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click(self, action_id: str, value: str, response_url: str, channel: str = "CGENERAL1",
              user: str = ALICE, ephemeral: bool = False) -> requests.Response:
        payload = {"type": "block_actions", "team": {"id": TEAM_ID, "domain": "fake"},
                   "user": {"id": user, "username": "alice", "team_id": TEAM_ID}, "api_app_id": "AFAKE",
                   "token": "legacy", "trigger_id": "1.2." + secrets.token_hex(4),
                   "container": {"type": "message", "message_ts": self.next_ts(), "channel_id": channel,
                                 "is_ephemeral": ephemeral},
                   "channel": {"id": channel, "name": "general"}, "response_url": response_url,
                   "actions": [{"action_id": action_id, "block_id": "answer-actions", "value": value,
                                "type": "button", "action_ts": self.next_ts(),
                                "text": {"type": "plain_text", "text": action_id}}]}
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def slack_env(fake: FakeSlack) -> dict[str, str]:
    """The environment that enables the bot and points it at the fake Slack."""
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url}
