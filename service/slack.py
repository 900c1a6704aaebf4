"""The Slack bot (built out in issue 6)."""
from __future__ import annotations

import logging

from flask import Flask

from .config import Config

log = logging.getLogger(__name__)


def init_app(app: Flask, config: Config) -> None:
    if not (config.slack_bot_token and config.slack_signing_secret):
        log.info("Slack bot disabled: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not both set")
