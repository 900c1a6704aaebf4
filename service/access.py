"""Who is calling: API keys with roles, and the anonymous browser token of the web page.

A key comes as ``Authorization: Bearer <key>``. The key in ``ADMIN_API_KEY`` has the role
``admin`` (documents); the keys listed one per line in the file named by ``API_KEYS_FILE`` have
the role ``client`` (ask, read their own conversations). The chat page gets a browser token in an
HttpOnly, SameSite cookie, signed with the server's secret so that only tokens this server issued
count. What a caller starts, it owns: conversations are stored with an owner derived from the key
or the token (a digest: no key is stored or logged), and another owner is told they do not exist.

Without ``API_KEYS_FILE``, a call without a key or a token is allowed and owns nothing (its
conversations are open to whoever holds their id), as a local ``make run`` needs.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g, request

from .errors import ApiError

BROWSER_COOKIE = "qa_browser"
BROWSER_COOKIE_DAYS = 365


@dataclass(frozen=True)
class Caller:
    role: str            # "admin", "client", "browser" or "anyone"
    owner: str | None    # what owns the conversations it starts; None: nobody


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ClientKeys:
    """The keys of ``API_KEYS_FILE``, read again whenever the file changes (keys are added and
    revoked without a restart). Only their digests are kept."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._digests: frozenset[str] = frozenset()

    @property
    def required(self) -> bool:
        return self.path is not None

    def __contains__(self, key: str) -> bool:
        return digest(key) in self.digests()

    def digests(self) -> frozenset[str]:
        if self.path is None:
            return frozenset()
        try:
            stat = self.path.stat()
        except OSError:   # a keys file that vanished admits no key: never fail open
            return frozenset()
        if (stat.st_mtime_ns, stat.st_size) != self._stamp:
            lines = self.path.read_text(encoding="utf-8").splitlines()
            self._digests = frozenset(digest(line.strip()) for line in lines
                                      if line.strip() and not line.lstrip().startswith("#"))
            self._stamp = (stat.st_mtime_ns, stat.st_size)
        return self._digests


def server_secret(data_dir: Path, configured: str | None) -> bytes:
    """The secret that signs browser tokens: ``SECRET_KEY``, or one made once and kept in the data
    folder (readable by this user only), so every worker and every restart signs alike."""
    if configured:
        return configured.encode("utf-8")
    path = data_dir / "secret_key"
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole beside it, then linked into place: workers starting together all read
        # the one complete secret that won, never a file still being written.
        descriptor, draft = tempfile.mkstemp(dir=data_dir, prefix=".secret-")   # mode 0600
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_hex(32).encode())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_bytes()


class Access:
    def __init__(self, admin_key: str | None, client_keys: ClientKeys, secret: bytes) -> None:
        self.admin_key = admin_key
        self.client_keys = client_keys
        self.secret = secret

    def new_browser_token(self) -> str:
        token = secrets.token_urlsafe(24)
        return f"{token}.{self.signature(token)}"

    def signature(self, token: str) -> str:
        return hmac.new(self.secret, token.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def browser_owner(self, cookie: str | None) -> str | None:
        """The owner a browser token stands for, if this server issued it."""
        token, _, signature = (cookie or "").partition(".")
        if not token or not hmac.compare_digest(signature, self.signature(token)):
            return None
        return "browser:" + digest(token)[:32]

    def identify(self, authorization: str | None, cookie: str | None) -> Caller:
        """The caller of a JSON API route; a 401 for a wrong key, or for no key when keys are required."""
        if authorization:
            scheme, _, key = authorization.partition(" ")
            key = key.strip()
            if scheme.lower() != "bearer" or not key:
                raise ApiError(401, "unauthorized", "Send the key as 'Authorization: Bearer <key>'.",
                               headers={"WWW-Authenticate": "Bearer"})
            if self.admin_key and hmac.compare_digest(key.encode(), self.admin_key.encode()):
                return Caller("admin", "admin")
            if key in self.client_keys:
                return Caller("client", "key:" + digest(key)[:32])
            raise ApiError(401, "invalid_key", "That key is neither the admin key nor a client key of this server.",
                           headers={"WWW-Authenticate": "Bearer"})
        browser = self.browser_owner(cookie)
        if browser:
            return Caller("browser", browser)
        if self.client_keys.required:
            raise ApiError(401, "missing_key", "This server needs an API key: send 'Authorization: Bearer <key>'.",
                           headers={"WWW-Authenticate": "Bearer"})
        return Caller("anyone", None)


def current_caller() -> Caller:
    """The caller of this request, identified once per request."""
    if "caller" not in g:
        access: Access = current_app.extensions["qa"]["access"]
        g.caller = access.identify(request.headers.get("Authorization"), request.cookies.get(BROWSER_COOKIE))
    return g.caller
