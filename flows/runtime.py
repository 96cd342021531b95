"""Where Prefect lives for a dudao process: one history under <home>/prefect.

Order of preference for the API: DUDAO_PREFECT_API_URL (or PREFECT_API_URL); else the server that
`dudao serve` started and recorded in <home>/prefect/server.json, when it answers its health check;
else Prefect's ephemeral mode on the same <home>/prefect database (slow to start, but the same history).

Importing this module does not import prefect: call `prepare()` first, then import flows.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config.errors import DudaoError, Problem
from config.settings import Settings


def prepare(settings: Settings) -> None:
    """Point Prefect's home (and its SQLite-friendly defaults) before prefect is imported."""
    settings.point_prefect_home()


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def recorded_server(settings: Settings) -> str | None:
    """The URL `dudao serve` recorded, when that server answers."""
    try:
        url = json.loads(settings.prefect_server_file.read_text(encoding="utf-8"))["url"]
    except (OSError, ValueError, KeyError):
        return None
    return url if healthy(url) else None


def api_url(settings: Settings) -> str | None:
    """The Prefect API to talk to, or None for ephemeral mode on <home>/prefect."""
    prepare(settings)
    from prefect.settings import PREFECT_API_URL

    return settings.prefect_api_url or PREFECT_API_URL.value() or recorded_server(settings)


@contextmanager
def connected(settings: Settings, *, heartbeats: bool = True, url: str | None = None) -> Iterator[str | None]:
    """Prefect settings for this block: the chosen API (works even when prefect was imported earlier)."""
    prepare(settings)
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    url = url or api_url(settings)
    if url and not healthy(url):
        raise DudaoError(f"the Prefect API at {url} does not answer", [Problem(
            "DUDAO_PREFECT_API_URL / PREFECT_API_URL", "start that server, or unset the setting to use the local "
            f"history under {settings.prefect_dir} (`dudao serve` starts a local server)")])
    updates: dict = {PREFECT_API_URL: url} if url else {}
    if not heartbeats:
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    try:
        with temporary_settings(updates=updates):
            yield url
    finally:
        if url is None:
            stop_ephemeral()


def stop_ephemeral() -> None:
    """Flush logs and events to the ephemeral server, then stop it (instead of at interpreter exit)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.server.api.server import SubprocessASGIServer

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)
    for server in list(SubprocessASGIServer._instances.values()):  # the servers this process started
        if server.running:
            server.stop()


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is fine
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise DudaoError("no free port on 127.0.0.1")  # pragma: no cover


class LocalServer:
    """A `prefect server start` subprocess on loopback with its database under <home>/prefect."""

    def __init__(self, settings: Settings, port: int | None = None, log: Path | None = None,
                 env: dict[str, str] | None = None):
        self.settings = settings
        self.env = env or {}
        self.port = port or free_port(settings.prefect_port)
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.ui = f"http://127.0.0.1:{self.port}"
        self.log = log or settings.prefect_dir / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> LocalServer:
        prepare(self.settings)
        if healthy(self.url, timeout=1.0):  # someone else's server answers there: never mistake it for ours
            self.port = free_port(0)
            self.url, self.ui = f"http://127.0.0.1:{self.port}/api", f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PREFECT_API_URL": self.url, **self.env}
        prefect = Path(sys.executable).parent / "prefect"
        cmd = [str(prefect) if prefect.exists() else "prefect", "server", "start", "--host", "127.0.0.1",
               "--port", str(self.port)]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not healthy(self.url, timeout=1.0):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop(grace=0)
                raise DudaoError("the local Prefect server did not start", [Problem(str(self.log), "see its log")])
            time.sleep(0.3)
        return self

    def record(self) -> None:
        self.settings.prefect_server_file.write_text(
            json.dumps({"url": self.url, "ui": self.ui, "pid": self.process.pid if self.process else None}),
            encoding="utf-8")

    def stop(self, grace: float = 3.0) -> None:
        """Give the server's recorders `grace` seconds to flush, then stop it."""
        recorded = self.settings.prefect_server_file
        try:
            if json.loads(recorded.read_text(encoding="utf-8")).get("url") == self.url:
                recorded.unlink()
        except (OSError, ValueError):
            pass
        if self.process is None or self.process.poll() is not None:
            return
        time.sleep(grace)
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()
