"""Configuration from the environment, with defaults that work on a fresh clone."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "build" / "index"
    data_dir: Path = ROOT / "data"                 # the SQLite conversation store lives here
    public_base_url: str = "http://127.0.0.1:8000"  # for links in Slack messages
    max_question_chars: int = 1000
    max_body_bytes: int = 64 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024        # a document uploaded to POST /api/documents
    admin_api_key: str | None = None                # unset: the document upload and delete routes are 404
    api_keys_file: Path | None = None               # set: every JSON API call needs a key (or the page's token)
    secret_key: str | None = None                   # signs browser tokens; unset: one kept in data_dir
    cors_origins: tuple[str, ...] = ()              # origins whose pages may call the JSON API
    store_busy_timeout: float = 5.0                 # seconds a store write waits for a lock before giving up
    retention_days: float = 90.0                    # conversations untouched this long are forgotten at start-up
    asks_per_minute: float = 120.0                  # per client (key or address); 0 turns the limit off
    ask_burst: int = 30
    redis_url: str | None = None                    # set: limits are counted there, across workers and instances
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    # Seconds a received Slack message stays claimed before a redelivery may answer it: longer than
    # an answer takes, shorter than Slack's second retry (a minute after the first).
    slack_claim_lease: float = 30.0
    extra: dict = field(default_factory=dict)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        config = cls()
        paths = {"corpus_dir": "CORPUS_DIR", "index_dir": "INDEX_DIR", "data_dir": "DATA_DIR",
                 "api_keys_file": "API_KEYS_FILE"}
        changes: dict = {k: Path(env[v]) for k, v in paths.items() if env.get(v)}
        strings = {"public_base_url": "PUBLIC_BASE_URL", "slack_bot_token": "SLACK_BOT_TOKEN",
                   "admin_api_key": "ADMIN_API_KEY", "secret_key": "SECRET_KEY",
                   "slack_signing_secret": "SLACK_SIGNING_SECRET", "slack_api_url": "SLACK_API_URL",
                   "redis_url": "REDIS_URL"}
        changes.update({k: env[v] for k, v in strings.items() if env.get(v)})
        if env.get("CORS_ORIGINS"):
            changes["cors_origins"] = tuple(o.strip() for o in env["CORS_ORIGINS"].split(",") if o.strip())
        if env.get("CONVERSATION_RETENTION_DAYS", "").replace(".", "", 1).isdigit():
            changes["retention_days"] = float(env["CONVERSATION_RETENTION_DAYS"])
        if env.get("ASKS_PER_MINUTE", "").replace(".", "", 1).isdigit():
            changes["asks_per_minute"] = float(env["ASKS_PER_MINUTE"])
        if env.get("ASK_BURST", "").isdigit():
            changes["ask_burst"] = int(env["ASK_BURST"])
        if env.get("SLACK_CLAIM_LEASE", "").replace(".", "", 1).isdigit():
            changes["slack_claim_lease"] = float(env["SLACK_CLAIM_LEASE"])
        if env.get("STORE_BUSY_TIMEOUT", "").replace(".", "", 1).isdigit():
            changes["store_busy_timeout"] = float(env["STORE_BUSY_TIMEOUT"])
        if env.get("MAX_UPLOAD_BYTES", "").isdigit():
            changes["max_upload_bytes"] = int(env["MAX_UPLOAD_BYTES"])
        return replace(config, **changes)

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **changes)
