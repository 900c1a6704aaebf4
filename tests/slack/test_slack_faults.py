"""Workers killed with ``kill -9`` while Slack events are in flight: after Slack's redelivery every
message is answered exactly once, whether the worker died before its post or after Slack took it."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests
from slack_sender import SlackSender, slack_env
from test_slack_delivery import QUESTION, QUIET, replies_to

pytestmark = pytest.mark.slow

TRIALS = 20
LEASE = 0.5   # seconds; Slack's own retries come a minute apart, the trials do not wait that long


def workers_of(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:   # exited while listed
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def wait_for_workers(server, master: int, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(workers_of(master)) >= count:
            try:
                if requests.get(server.url + "/healthz", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not replace its killed workers")


def test_killed_workers_answer_each_message_exactly_once_after_redelivery(server_factory, fake_slack, tmp_path):
    server = server_factory(env={**slack_env(fake_slack), "SLACK_CLAIM_LEASE": str(LEASE)})
    master = server.process.pid
    wait_for_workers(server, master, 2)
    sender = SlackSender(server.url, fake_slack)
    # Slack is slow to take a post and slow to answer it. Odd trials kill the workers once the post
    # has reached Slack but before Slack took it; even trials once Slack took it, before the bot could
    # record that.
    for trial in range(TRIALS):
        fake_slack.accept_delay = fake_slack.answer_delay = 1.0
        event = sender.mention_event(QUESTION)
        body, event_id = sender.event_body(event)
        acknowledged: list[bool] = []
        first = threading.Thread(target=lambda: acknowledged.append(delivered(sender, body)))
        first.start()
        after_post = trial % 2 == 0
        wait_until(lambda: replies_to(fake_slack, event) if after_post else posts_received(fake_slack, event))
        for worker in workers_of(master):
            os.kill(worker, 9)
        first.join(timeout=30)
        fake_slack.accept_delay = fake_slack.answer_delay = 0.0   # the redelivery need not wait
        wait_for_workers(server, master, 2)
        time.sleep(LEASE)
        if not acknowledged[0]:   # as Slack does: only an event it got no 200 for comes again
            for retry in (1, 2):
                sender.event(event, event_id, retry=retry)
        fake_slack.wait_for(lambda f: replies_to(f, event))
        time.sleep(QUIET / 3)
        assert len(replies_to(fake_slack, event)) == 1, f"trial {trial}: {len(replies_to(fake_slack, event))} answers"
    print(f"{TRIALS} kill -9 trials: each message answered once (half killed after Slack took the post, "
          f"half before)")


def posts_received(fake, event: dict) -> list:
    with fake.lock:
        return [body for method, body in fake.received
                if method == "chat.postMessage" and body.get("channel") == event["channel"]
                and body.get("thread_ts") == event["ts"]]


def wait_until(found, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not found():
        assert time.monotonic() < deadline, "the bot never posted"
        time.sleep(0.02)


def delivered(sender: SlackSender, body: str) -> bool:
    """Whether Slack would count the event as delivered: a 200 before the worker died."""
    try:
        return sender.post(body, "application/json").status_code == 200
    except requests.RequestException:
        return False
