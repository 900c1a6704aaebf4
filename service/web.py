"""The chat page and the document viewer (built out in issue 5)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)
