"""One local Prefect server between commands (issue 15, items 10 and 18): a server whose `dudao serve` was
killed is not adopted and left running; commands that run a flow share a background server, stopped by
`dudao serve --stop` or after idle time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent / "data" / "cycles.toml"


def _env(home: Path, **extra: str) -> dict[str, str]:
    from flows.runtime import free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
    env.update(DUDAO_HOME=str(home), DUDAO_CONFIG_PATH=str(CONFIG), DUDAO_PREFECT_PORT=str(free_port(0)),
               PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30", **extra)
    return env


def _alive(pid: int) -> bool:
    from flows.runtime import alive

    return alive(pid)


def _wait_dead(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _alive(pid)


@pytest.mark.e2e
def test_a_server_left_by_a_killed_serve_is_stopped_not_adopted(tmp_path):
    from config.settings import Settings
    from flows.runtime import reap_orphan, recorded_server

    home = tmp_path / "var"
    env = _env(home)
    subprocess.run([BIN / "dudao", "init"], env=env, check=True, capture_output=True)
    serve = subprocess.Popen([BIN / "dudao", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(serve.stdout.readline, "")), daemon=True).start()
    record = home / "prefect" / "server.json"
    try:
        deadline = time.monotonic() + 180
        while not record.exists() or "owner" not in record.read_text():
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        recorded = json.loads(record.read_text())
        assert recorded["owner"] == serve.pid
        serve.send_signal(signal.SIGKILL)
        serve.wait(10)
        assert _alive(recorded["pid"])  # the server outlives its serve (its own session)
        settings = Settings(home=home)
        notice = reap_orphan(settings)  # what the next `dudao serve` (and any command) does first
        assert notice and str(recorded["pid"]) in notice and str(serve.pid) in notice
        assert _wait_dead(recorded["pid"]) and not record.exists()
        assert recorded_server(settings) is None
    finally:
        if serve.poll() is None:
            serve.kill()
        if record.exists():
            pid = json.loads(record.read_text()).get("pid")
            if pid and _alive(pid):
                os.kill(pid, signal.SIGTERM)


@pytest.mark.e2e
def test_commands_share_one_background_server_until_serve_stop(tmp_path):
    home = tmp_path / "var"
    env = _env(home, DUDAO_PREFECT_IDLE_MINUTES="30")
    record = home / "prefect" / "server.json"
    subprocess.run([BIN / "dudao", "init"], env=env, check=True, capture_output=True)
    try:
        first = subprocess.run([BIN / "dudao", "run", "biweekly", "--occurrence", "2026-10-19"], env=env,
                               capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stdout + first.stderr
        started = json.loads(record.read_text())
        assert started["owner"] is None and _alive(started["pid"])
        second = subprocess.run([BIN / "dudao", "run", "biweekly", "--occurrence", "2026-10-19"], env=env,
                                capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stdout + second.stderr
        assert json.loads(record.read_text())["pid"] == started["pid"]  # the same server, not a new one
        assert started["url"] in second.stdout
        stopped = subprocess.run([BIN / "dudao", "serve", "--stop"], env=env, capture_output=True, text=True,
                                 timeout=60)
        assert stopped.returncode == 0 and str(started["pid"]) in stopped.stdout, stopped.stdout + stopped.stderr
        assert _wait_dead(started["pid"]) and not record.exists()
        again = subprocess.run([BIN / "dudao", "serve", "--stop"], env=env, capture_output=True, text=True,
                               timeout=60)
        assert again.returncode == 0 and "没有正在运行" in again.stdout
    finally:
        if record.exists():
            pid = json.loads(record.read_text()).get("pid")
            if pid and _alive(pid):
                os.kill(pid, signal.SIGTERM)


def test_the_watchdog_stops_an_idle_server_and_forgets_it(tmp_path):
    from flows.idle_stop import watch

    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    record, used = tmp_path / "server.json", tmp_path / "server.used"
    record.write_text(json.dumps({"url": "http://127.0.0.1:1/api", "pid": server.pid, "owner": None}))
    used.touch()
    try:
        assert watch(record, used, server.pid, idle=0.5, tick=0.2) == "idle"
        assert server.wait(10) is not None and not record.exists()
    finally:
        server.kill()


def test_the_watchdog_leaves_a_server_serve_took_over(tmp_path):
    from flows.idle_stop import watch

    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    record, used = tmp_path / "server.json", tmp_path / "server.used"
    record.write_text(json.dumps({"url": "http://127.0.0.1:1/api", "pid": server.pid, "owner": os.getpid()}))
    try:
        assert watch(record, used, server.pid, idle=0.1, tick=0.2) == "taken over"
        assert server.poll() is None and record.exists()
    finally:
        server.kill()
        server.wait()
