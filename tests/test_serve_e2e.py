"""`dudao serve` as a user starts it: its own local Prefect server, schedules applied, `dudao run` and
`dudao history` from other processes reach it, Ctrl-C stops it without pausing the deployments."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent / "data" / "cycles.toml"


def test_serve_starts_a_server_that_run_and_history_use(tmp_path):
    from flows.runtime import free_port

    home = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
    env.update(DUDAO_HOME=str(home), DUDAO_CONFIG_PATH=str(CONFIG), DUDAO_PREFECT_PORT=str(free_port(0)),
               PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30", DUDAO_WATCH_EVERY_S="2")  # the watcher ticks during the test
    subprocess.run([BIN / "dudao", "init"], env=env, check=True, capture_output=True)
    serve = subprocess.Popen([BIN / "dudao", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(serve.stdout.readline, "")), daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        while not any(line.startswith("正在服务") for line in lines):
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        recorded = json.loads((home / "prefect" / "server.json").read_text())
        assert recorded["url"].startswith("http://127.0.0.1:") and any("Prefect 界面：" in line for line in lines)
        with httpx.Client(base_url=recorded["url"], timeout=30) as http:
            deployments = http.post("/deployments/filter", json={}).json()
        assert {d["name"] for d in deployments} == {"biweekly", "monthly", "sweep", "ranking"}
        biweekly = next(d for d in deployments if d["name"] == "biweekly")
        rrule = biweekly["schedules"][0]["schedule"]["rrule"]
        assert "EXDATE:" in rrule and "RDATE:" in rrule and biweekly["schedules"][0]["active"]

        # a scheduled run (the 2026-10-05 Monday moved to Thursday 10-08, 09:00), picked up by serve's runner
        with httpx.Client(base_url=recorded["url"], timeout=30) as http:
            deadline = time.monotonic() + 120
            while (created := http.post(f"/deployments/{biweekly['id']}/create_flow_run", json={"state": {
                    "type": "SCHEDULED", "state_details": {"scheduled_time": "2026-10-08T09:00:00+08:00"}}})
                   ).status_code >= 500 and time.monotonic() < deadline:
                time.sleep(1)  # the same momentary 503 of a busy SQLite server as below
            run = created.json()
            while True:
                reply = http.get(f"/flow_runs/{run['id']}")
                assert reply.status_code < 500 or time.monotonic() < deadline, reply.text
                if reply.status_code >= 500:  # a busy SQLite server answers 503 for a moment: ask again
                    time.sleep(1)
                    continue
                state = reply.json()
                if state["state_type"] == "COMPLETED":
                    break
                assert state["state_type"] in ("SCHEDULED", "PENDING", "RUNNING"), state
                assert time.monotonic() < deadline, "".join(lines)
                time.sleep(1)
        assert state["name"] == "biweekly-2026-10-08"
        with sqlite3.connect(home / "dudao.db") as db:  # as-of: the scheduled start, not the process's start
            assert db.execute("SELECT as_of, state FROM cyclerun WHERE cycle = 'biweekly'").fetchall() == [
                ("2026-10-08 01:00:00.000000", "completed")]

        out = subprocess.run([BIN / "dudao", "run", "biweekly", "--occurrence", "2026-10-19"], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        assert recorded["url"] in out.stdout  # the served server, not an ephemeral one
        history = subprocess.run([BIN / "dudao", "history", "--json"], env=env, capture_output=True, text=True,
                                 timeout=120)
        rows = {r["run"]: r for r in json.loads(history.stdout)}
        # planning the 10-19 round closed the 10-08 one (its bulletin): its follower ran; 10-19 is still open
        assert {"biweekly-2026-10-19", "biweekly-2026-10-08", "ranking-2026-10-08"} <= set(rows)
        assert rows["biweekly-2026-10-08"]["as_of"] == "2026-10-08T09:00:00+08:00"
        assert rows["biweekly-2026-10-08"]["deployment_id"] == biweekly["id"]
    finally:
        serve.send_signal(signal.SIGINT)
        code = serve.wait(timeout=60)
    assert code in (0, 130), "".join(lines)
    assert "Starting temporary server" not in "".join(lines)  # one Prefect server: serve's, for every thread
    assert not (home / "prefect" / "server.json").exists()
    with sqlite3.connect(home / "prefect" / "prefect.db") as db:  # pause_on_shutdown=False
        assert db.execute("SELECT count(*), sum(paused) FROM deployment").fetchone() == (4, 0)
