"""The yardstick of ``scripts.bench_http``: a Flask app that answers a constant JSON object, served by
the same gunicorn settings as the service."""
from __future__ import annotations

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def constant():
    return jsonify({"ok": True})
