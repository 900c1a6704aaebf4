"""Request ids, one JSON log line per request, and ``GET /metrics``.

A request id comes from the client's ``X-Request-ID`` (when it is a short token) or is made up, is
echoed in the response header of the same name, and is in every log line written while the request
is served. The request log names the route *template* ("/api/conversations/<conversation_id>"),
never the path, so conversation ids stay out of the logs.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import time

from flask import Flask, Response, g, has_request_context, request

from .metrics import Metrics

REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{8,64}")
access = logging.getLogger("service.access")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage(), "worker": record.process}
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


def init_app(app: Flask, metrics: Metrics) -> None:
    @app.before_request
    def start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID_RE.fullmatch(given) else secrets.token_hex(8)
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        route = request.url_rule.rule if request.url_rule else "unmatched"
        response.headers["X-Request-ID"] = g.get("request_id", "")
        metrics.count("qa_requests_total", route=route, method=request.method, status=str(response.status_code))
        metrics.observe("qa_request_seconds", elapsed, route=route)
        access.info("request", extra={"fields": {"method": request.method, "route": route,
                                                 "status": response.status_code, "ms": round(1000 * elapsed, 2)}})
        return response

    @app.get("/metrics")
    def prometheus() -> Response:
        served = app.extensions["qa"]["served"]
        metrics.set("qa_index_generation", float(served.bundle.manifest.get("generation") or 0))
        return Response(metrics.exposition(), mimetype="text/plain; version=0.0.4")
