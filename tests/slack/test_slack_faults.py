"""Workers killed with ``kill -9`` while Slack events are in flight: after Slack's redelivery every
message is answered exactly once, whether the worker died before its post or after Slack took it."""
from __future__ import annotations

import os
import random
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
    # Slack is slow to take a post and slow to answer it: a kill can fall before Slack took the
    # post, or after it took it but before the bot could record that.
    fake_slack.accept_delay = fake_slack.answer_delay = 0.2
    rng = random.Random(12)
    killed_after_post = 0
    for trial in range(TRIALS):
        event = sender.mention_event(QUESTION)
        body, event_id = sender.event_body(event)
        acknowledged: list[bool] = []
        first = threading.Thread(target=lambda: acknowledged.append(delivered(sender, body)))
        first.start()
        time.sleep(rng.uniform(0.0, 0.45))
        posted_before_kill = bool(replies_to(fake_slack, event))
        for worker in workers_of(master):
            os.kill(worker, 9)
        first.join(timeout=30)
        killed_after_post += posted_before_kill
        wait_for_workers(server, master, 2)
        time.sleep(LEASE)
        if not acknowledged[0]:   # as Slack does: only an event it got no 200 for comes again
            for retry in (1, 2):
                sender.event(event, event_id, retry=retry)
        fake_slack.wait_for(lambda f: replies_to(f, event))
        time.sleep(QUIET / 3)
        assert len(replies_to(fake_slack, event)) == 1, f"trial {trial}: {len(replies_to(fake_slack, event))} answers"
    # Both kinds of crash happened, or the trials did not test what they claim.
    assert 0 < killed_after_post < TRIALS, killed_after_post
    print(f"{TRIALS} kill -9 trials: each message answered once ({killed_after_post} killed after Slack took the "
          f"post, {TRIALS - killed_after_post} before)")


def delivered(sender: SlackSender, body: str) -> bool:
    """Whether Slack would count the event as delivered: a 200 before the worker died."""
    try:
        return sender.post(body, "application/json").status_code == 200
    except requests.RequestException:
        return False
