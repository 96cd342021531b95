"""A real local HTTP endpoint for apprise json:// posts (ThreadingHTTPServer), with fault modes."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Post:
    path: str
    title: str
    body: str
    at: float  # monotonic arrival time


@dataclass
class Sink:
    """Records every accepted post. Modes: `fail_first` answers 500 to the first N posts; `hang_first`
    sleeps `hang_s` and then drops the first N (504); `rate` answers 429 above `rate` posts per `window_s`;
    `refuse` answers a post whose title contains a key with that key's status, every time (one recipient's
    digest refused: {"顺乐村": 400})."""

    fail_first: int = 0
    hang_first: int = 0
    hang_s: float = 3.0
    rate: int | None = None
    window_s: float = 1.0
    refuse: dict[str, int] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    refused: int = 0  # 429s and 500s answered
    seen: int = 0
    _recent: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, port: int = 0) -> Sink:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = json.loads(raw)
                code = sink._decide(data.get("title", ""))
                if code == 200:
                    with sink._lock:
                        sink.posts.append(Post(self.path, data.get("title", ""), data.get("message", ""),
                                               time.monotonic()))
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def _decide(self, title: str = "") -> int:
        with self._lock:
            self.seen += 1
            n = self.seen
            refused = next((code for key, code in self.refuse.items() if key in title), None)
            if refused is not None:
                self.refused += 1
                return refused
            hang = n <= self.hang_first
            if n <= self.fail_first:
                self.refused += 1
                return 500
            if self.rate is not None:
                now = time.monotonic()
                while self._recent and now - self._recent[0] > self.window_s:
                    self._recent.popleft()
                if len(self._recent) >= self.rate:
                    self.refused += 1
                    return 429
                self._recent.append(now)
        if hang:  # a stuck endpoint: it answers (and drops the post) long after the client gave up
            time.sleep(self.hang_s)
            with self._lock:
                self.refused += 1
            return 504
        return 200

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str = "hook", userinfo: str = "") -> str:
        return f"json://{userinfo}127.0.0.1:{self.port}/{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def titles(self, path: str | None = None) -> list[str]:
        return [p.title for p in self.posts if path is None or p.path == f"/{path}"]


def free_port() -> int:
    """A port nothing listens on (yet)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """A real local SMTP server (aiosmtpd) that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list = []

    def start(self) -> Mailbox:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                from email import message_from_bytes
                from email.policy import default

                mailbox.messages.append(message_from_bytes(envelope.content, policy=default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, auth_require_tls=False,
                                     authenticator=lambda *args: AuthResult(success=True))
        self.controller.start()
        return self

    def url(self, to: str, password: str = "pw") -> str:
        return (f"mailto://dudao:{password}@127.0.0.1:{self.port}?to={to}&from=dudao@example.gov.cn"
                "&mode=insecure")

    def stop(self) -> None:
        self.controller.stop()
