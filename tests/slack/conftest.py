"""Fixtures for the Slack bot: a fake Slack Web API, a real server wired to it, and a signed sender."""
from __future__ import annotations

import pytest
from fake_slack import FakeSlack
from slack_sender import SlackSender, slack_env


@pytest.fixture
def fake_slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def slack_server(server_factory, fake_slack):
    """A real gunicorn server with the bot enabled, talking to the fake Slack."""
    return server_factory(env=slack_env(fake_slack))


@pytest.fixture
def sender(slack_server, fake_slack) -> SlackSender:
    return SlackSender(slack_server.url, fake_slack)
