"""Renderers: pure functions of an ``Answer`` (JSON, HTML page data, Slack Block Kit)."""
