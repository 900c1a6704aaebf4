"""Errors gunicorn answers itself, before the app sees the request (a request line or header over
its limits, a malformed request): JSON in the service's error envelope, with the same security
headers as every other response, instead of gunicorn's HTML page."""
from __future__ import annotations

import json

from gunicorn import util

from .web import SECURITY_HEADERS


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    body = json.dumps({"error": {"code": reason.lower().replace(" ", "_"), "message": mesg or reason}})
    headers = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: application/json",
               f"Content-Length: {len(body.encode())}", *(f"{k}: {v}" for k, v in SECURITY_HEADERS.items())]
    util.write_nonblock(sock, ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body.encode())


def install() -> None:
    """Replace gunicorn's HTML error writer; called from gunicorn.conf.py in the master, so that
    every worker it forks writes JSON."""
    util.write_error = write_json_error
