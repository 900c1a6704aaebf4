"""The Slack app manifest asks for what the bot uses and points every URL at the bot's route."""
from __future__ import annotations

from pathlib import Path

import yaml

from service.slack import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"
URL = "https://YOUR-HOST" + EVENTS_PATH


def test_manifest_scopes_events_command_and_urls():
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "im:history", "im:read", "im:write", "commands",
        "channels:history", "groups:history"}
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert settings["event_subscriptions"]["request_url"] == URL
    assert settings["interactivity"] == {"is_enabled": True, "request_url": URL}
    [command] = manifest["features"]["slash_commands"]
    assert (command["command"], command["url"]) == ("/ask", URL)
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True  # people can DM the bot
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80
