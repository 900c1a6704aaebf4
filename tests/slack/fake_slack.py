"""A stand-in for Slack's Web API and response URLs on 127.0.0.1, recording every call.

Slack itself cannot be reached from tests, so this server plays its part over
real HTTP: the bot's WebClient and WebhookClient talk to it exactly as they
would to slack.com. It can be told to answer 429 with Retry-After for the
next N calls of a method, as Slack does when a bot posts too fast, or to take
its time before accepting a call (a caller that hangs up meanwhile is never
heard) or before answering one it accepted. It reads back the channel's
messages (conversations.history and .replies) from the posts it recorded.
"""
from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qsl

BOT_USER_ID = "UBOTFAKE1"
BOT_ID = "BBOTFAKE1"
TEAM_ID = "TFAKE0001"


@dataclass
class Call:
    method: str           # Web API method ("chat.postMessage") or "response_url"
    path: str
    body: dict
    status: int
    headers: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200

    def text(self) -> str:
        """The whole body as one string, for checking what can and cannot appear in it."""
        return json.dumps(self.body, ensure_ascii=False)

    def blocks(self) -> list[dict]:
        blocks = self.body.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks  # form-encoded calls send JSON text

    def button_value(self, action_id: str) -> str:
        return next(e["value"] for b in self.blocks() if b["type"] == "actions"
                    for e in b["elements"] if e["action_id"] == action_id)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, tuple[int, int]] = {}   # method -> (calls left to fail, Retry-After)
        self.received: list[tuple[str, dict]] = []   # every call as it arrives, accepted or not
        self.accept_delay = 0.0   # seconds between receiving a call and accepting it
        self.answer_delay = 0.0   # seconds between accepting a call and answering it
        self.lock = threading.Lock()
        self.ts = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def response_url(self, name: str) -> str:
        return self.url + "response/" + name

    def start(self) -> "FakeSlack":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, method: str, count: int, retry_after: int = 1) -> None:
        with self.lock:
            self.failures[method] = (count, retry_after)

    def calls_to(self, method: str, ok_only: bool = True) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def posts(self) -> list[Call]:
        """Everything the bot said: messages, ephemerals and response_url posts."""
        with self.lock:
            return [c for c in self.calls if c.ok and c.method in
                    ("chat.postMessage", "chat.postEphemeral", "response_url")]

    def wait_for(self, found: Callable[["FakeSlack"], list], timeout: float = 30) -> list:
        """Poll until ``found`` returns something non-empty; the bot answers after acknowledging."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found(self)
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(f"nothing arrived at the fake Slack within {timeout} s; calls: "
                             f"{[(c.method, c.status) for c in self.calls]}")

    def answer(self, method: str, body: dict) -> tuple[int, dict, dict]:
        with self.lock:
            left, retry_after = self.failures.get(method, (0, 0))
            if left > 0:
                self.failures[method] = (left - 1, retry_after)
                return 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"}
            ts = f"1700000000.{next(self.ts):06d}"
        if method == "auth.test":
            return 200, {}, {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "askbot",
                             "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method in ("conversations.history", "conversations.replies"):
            return 200, {}, {"ok": True, "messages": self.messages(body, replies=method.endswith("replies"))}
        if method == "chat.postMessage":
            return 200, {}, {"ok": True, "channel": body.get("channel"), "ts": ts,
                             "message": {"type": "message", "text": body.get("text"), "bot_id": BOT_ID, "ts": ts}}
        if method == "chat.postEphemeral":
            return 200, {}, {"ok": True, "message_ts": ts}
        return 200, {}, {"ok": True}

    def messages(self, query: dict, replies: bool) -> list[dict]:
        """The bot's posts in a channel (or one thread of it), as Slack lists them, metadata included."""
        found = []
        for call in self.calls_to("chat.postMessage"):
            thread = call.body.get("thread_ts")
            if call.body.get("channel") != query.get("channel") or (replies and thread != query.get("ts")):
                continue
            metadata = call.body.get("metadata")
            found.append({"type": "message", "bot_id": BOT_ID, "text": call.body.get("text"), "thread_ts": thread,
                          "metadata": json.loads(metadata) if isinstance(metadata, str) else metadata})
        return found

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                path, _, query = self.path.partition("?")
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8") or query
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw, keep_blank_values=True))
                if path.startswith("/api/"):
                    method = path[len("/api/"):]
                elif path.startswith("/response/"):
                    method = "response_url"
                else:
                    self.send_error(404)
                    return
                with fake.lock:
                    fake.received.append((method, body))
                time.sleep(fake.accept_delay)
                if caller_hung_up(self.connection):
                    return
                status, headers, payload = fake.answer(method, body)
                with fake.lock:
                    fake.calls.append(Call(method, self.path, body, status, dict(self.headers)))
                time.sleep(fake.answer_delay)
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):   # the bot's process was killed meanwhile
                    pass

            def log_message(self, format: str, *args) -> None:
                pass  # quiet: the calls list is the log

        return Handler


def caller_hung_up(connection: socket.socket) -> bool:
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:   # nothing to read, still connected
        return False
    except OSError:
        return True
