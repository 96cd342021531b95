"""Where Prefect lives for a dudao process: one history under <home>/prefect.

Order of preference for the API: DUDAO_PREFECT_API_URL (or PREFECT_API_URL); else the server that
`dudao serve` started and recorded in <home>/prefect/server.json, when it answers its health check;
else Prefect's ephemeral mode on the same <home>/prefect database (slow to start, but the same history).

Importing this module does not import prefect: call `prepare()` first, then import flows.
"""

from __future__ import annotations

import contextlib
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


def read_record(settings: Settings) -> dict | None:
    """What <home>/prefect/server.json says: the local server's url, ui, pid, and its owner — the pid of the
    `dudao serve` that started it, or None for the background server commands share (see `background_server`)."""
    try:
        record = json.loads(settings.prefect_server_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "url" in record else None


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    try:  # a zombie (ended, not yet collected by its parent) is not alive
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def is_prefect_server(pid: int | None) -> bool:
    """Whether `pid` is a `prefect server start` process (never signal a pid the OS has since given to another)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, TypeError):
        return alive(pid)  # no /proc: trust the record
    return b"prefect" in b" ".join(cmdline) and b"server" in cmdline


def stop_pid(pid: int, timeout: float = 20.0) -> None:
    """Stop a recorded Prefect server process: SIGTERM, then SIGKILL after `timeout`."""
    import signal

    if not is_prefect_server(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.2)
    if alive(pid):  # pragma: no cover
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # our own child: collect it so it does not linger as a zombie
        os.waitpid(pid, os.WNOHANG)


def forget(settings: Settings, pid: int | None) -> None:
    """Remove server.json when it still names the server `pid`."""
    record = read_record(settings)
    if record is not None and record.get("pid") == pid:
        settings.prefect_server_file.unlink(missing_ok=True)


def reap_orphan(settings: Settings) -> str | None:
    """A server whose `dudao serve` died (kill -9) is not adopted and left running: it is stopped and forgotten.
    Returns what was done, in the user's words, or None when there was no orphan."""
    record = read_record(settings)
    if record is None or record.get("owner") is None or alive(record.get("owner")):
        return None
    pid = record.get("pid")
    if pid and alive(pid):
        stop_pid(pid)
        forget(settings, pid)
        return (f"上次的 dudao serve（pid {record['owner']}）未正常退出，它启动的 Prefect 服务器（pid {pid}，"
                f"{record['url']}）已停止")
    forget(settings, pid)
    return None


def recorded_server(settings: Settings) -> str | None:
    """The URL of the local server recorded in server.json, when that server answers and is not an orphan."""
    reap_orphan(settings)
    record = read_record(settings)
    if record is None:
        return None
    if record.get("owner") is None:
        touch_used(settings)  # the background server: this command uses it now
    return record["url"] if healthy(record["url"]) else None


def api_url(settings: Settings) -> str | None:
    """The Prefect API to talk to, or None for ephemeral mode on <home>/prefect."""
    prepare(settings)
    from prefect.settings import PREFECT_API_URL

    return settings.prefect_api_url or PREFECT_API_URL.value() or recorded_server(settings)


@contextmanager
def connected(settings: Settings, *, heartbeats: bool = True, url: str | None = None,
              background: bool = False) -> Iterator[str | None]:
    """Prefect settings for this block: the chosen API (works even when prefect was imported earlier).
    `background`: with no API set or recorded, start the local background server the next commands reuse
    (`background_server`) instead of an ephemeral one for this process only."""
    prepare(settings)
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    url = url or api_url(settings)
    if url is None and background and settings.prefect_idle_minutes > 0:
        url = background_server(settings)
    if url and not healthy(url):
        raise DudaoError(f"Prefect API {url} 没有响应", [Problem(
            "DUDAO_PREFECT_API_URL / PREFECT_API_URL", "请启动该服务器，或取消该设置以使用本机 "
            f"{settings.prefect_dir} 下的运行历史（`dudao serve` 会启动本机服务器）")])
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
        self.adopted_pid: int | None = None  # a server this process took over (`adopt_background`)

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
                raise DudaoError("本地 Prefect 服务器未能启动", [Problem(str(self.log), "请查看其日志")])
            time.sleep(0.3)
        return self

    def record(self, owner: int | None = -1) -> None:
        """Write server.json: its url, ui and pid, and its owner — by default this process (`dudao serve`, which
        stops it when it ends), None for the background server (stopped when idle or by `dudao serve --stop`)."""
        self.settings.prefect_server_file.write_text(json.dumps({
            "url": self.url, "ui": self.ui, "pid": self.process.pid if self.process else None,
            "owner": os.getpid() if owner == -1 else owner}), encoding="utf-8")

    def stop(self, grace: float = 3.0) -> None:
        """Give the server's recorders `grace` seconds to flush, then stop it."""
        recorded = self.settings.prefect_server_file
        try:
            if json.loads(recorded.read_text(encoding="utf-8")).get("url") == self.url:
                recorded.unlink()
        except (OSError, ValueError):
            pass
        if self.process is None and self.adopted_pid is not None:
            time.sleep(grace)
            stop_pid(self.adopted_pid)
            return
        if self.process is None or self.process.poll() is not None:
            return
        time.sleep(grace)
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()


# --- the background server: one local server shared by the commands, stopped after idle time -------------------

def used_file(settings: Settings) -> Path:
    return settings.prefect_dir / "server.used"


def touch_used(settings: Settings) -> None:
    with contextlib.suppress(OSError):
        used_file(settings).touch()


def background_server(settings: Settings) -> str:
    """The local background Prefect server: started on first need (one at a time, under a lock), recorded in
    server.json with no owner, and stopped by a watchdog after `prefect_idle_minutes` without a command
    (`flows/idle_stop.py`) or by `dudao serve --stop`. A second command finds it answering and starts in a
    fraction of the ephemeral server's ~10 s."""
    import fcntl

    settings.prefect_dir.mkdir(parents=True, exist_ok=True)
    with (settings.prefect_dir / "server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        url = recorded_server(settings)
        if url is not None:
            return url
        server = LocalServer(settings).start()
        server.record(owner=None)
        touch_used(settings)
        watchdog = [sys.executable, "-m", "flows.idle_stop", str(settings.prefect_server_file),
                    str(used_file(settings)), str(server.process.pid), str(settings.prefect_idle_minutes * 60)]
        subprocess.Popen(watchdog, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, cwd=str(Path(__file__).resolve().parent.parent))
        server.process = None  # detached: neither this process's exit nor its LocalServer stops it
        return server.url


def adopt_background(settings: Settings) -> LocalServer | None:
    """`dudao serve` takes the answering background server over (it becomes its owner and stops it when it
    ends; the watchdog then leaves it alone), or None when there is none."""
    record = read_record(settings)
    if record is None or record.get("owner") is not None or not alive(record.get("pid")) \
            or not healthy(record["url"]):
        return None
    server = LocalServer(settings, port=int(record["url"].rsplit(":", 1)[1].split("/")[0]))
    server.adopted_pid = record["pid"]
    settings.prefect_server_file.write_text(json.dumps({**record, "owner": os.getpid()}), encoding="utf-8")
    return server


def stop_recorded(settings: Settings) -> str:
    """`dudao serve --stop`: stop the recorded local server, in the user's words what was done."""
    from config.errors import DudaoError

    record = read_record(settings)
    if record is None or not alive(record.get("pid")):
        settings.prefect_server_file.unlink(missing_ok=True)
        return "没有正在运行的本地 Prefect 服务器"
    if record.get("owner") is not None and alive(record["owner"]):
        raise DudaoError("本地 Prefect 服务器属于正在运行的 dudao serve，未停止", [Problem(
            f"pid {record['owner']}", "请在运行 dudao serve 的终端按 Ctrl-C 停止它（它会一并停止服务器）")])
    stop_pid(record["pid"])
    forget(settings, record["pid"])
    return f"已停止本地 Prefect 服务器（pid {record['pid']}，{record['url']}）"
