"""Signed session cookies with an expiry, the CSRF token each one carries, and the key that signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

COOKIE = "dudao_session"


def signing_key(configured: str | None, home: Path) -> bytes:
    """The configured key (DUDAO_WEB_SECRET), else one made once in <home>/web-secret (readable by its owner only)."""
    if configured:
        return configured.encode()
    path = home / "web-secret"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


class Sessions:
    """A session is a small JSON object, signed (HMAC-SHA256) and carrying its own expiry: nothing on the
    server to keep, and a cookie that was changed or has expired is no session at all."""

    def __init__(self, key: bytes, minutes: int, wall: Callable[[], float]):
        self.key, self.seconds, self.wall = key, minutes * 60, wall

    def _sign(self, body: bytes) -> str:
        return base64.urlsafe_b64encode(hmac.new(self.key, body, hashlib.sha256).digest()).decode().rstrip("=")

    def new(self, **data: Any) -> dict[str, Any]:
        """A fresh session (a new CSRF token, the expiry from now)."""
        return {**data, "csrf": secrets.token_urlsafe(24), "exp": int(self.wall()) + self.seconds}

    def dump(self, session: dict[str, Any]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(session, separators=(",", ":")).encode()).decode().rstrip("=")
        return f"{body}.{self._sign(body.encode())}"

    def load(self, raw: str | None) -> dict[str, Any] | None:
        if not raw or "." not in raw:
            return None
        body, _, sig = raw.rpartition(".")
        if not hmac.compare_digest(sig, self._sign(body.encode())):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("exp"), int) or data["exp"] <= self.wall():
            return None
        return data


def csrf_ok(session: dict[str, Any] | None, token: str | None) -> bool:
    return bool(session and token and isinstance(session.get("csrf"), str)
                and hmac.compare_digest(session["csrf"], token))
