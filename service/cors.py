"""Cross-origin calls to the JSON API, for the origins the configuration lists (``CORS_ORIGINS``).

A page on a listed origin may call ``/api/...`` with an API key in ``Authorization``; browsers
send no cookies across origins here (no ``Allow-Credentials``), so a browser token never works
from another site. Unlisted origins get no CORS headers, and their browsers refuse the answer.
"""
from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"
ALLOWED_METHODS = "GET, POST, DELETE"
PREFLIGHT_CACHE_SECONDS = "600"


def init_app(app: Flask, origins: tuple[str, ...]) -> None:
    allowed = frozenset(origin.rstrip("/") for origin in origins)

    @app.after_request
    def cors_headers(response: Response) -> Response:
        origin = request.headers.get("Origin", "")
        if request.path.startswith("/api/"):
            response.vary.add("Origin")
            if origin in allowed:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Expose-Headers"] = "X-Request-ID, Retry-After"
                if request.method == "OPTIONS":
                    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                    response.headers["Access-Control-Max-Age"] = PREFLIGHT_CACHE_SECONDS
        return response
