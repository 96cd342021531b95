"""One Prefect server per process, the one configured; a restart on an unchanged schedule keeps its runs.

- Re-applying the deployments with the same schedules (what a restart of `dudao serve` does) keeps the scheduled
  runs and their ids; a changed schedule replaces them (Prefect deletes a deployment's future scheduled runs on
  every update, so dudao leaves an unchanged deployment alone).
- `dudao serve` with DUDAO_PREFECT_API_URL naming a server: it, its watcher thread and its deliveries talk to
  that server only — no "Starting temporary server" line, no local server, no ephemeral prefect.db.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from config.dates import DISTRICT_TZ

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent / "data" / "cycles.toml"


def _runs(http: httpx.Client, deployment_id: str) -> list[str]:
    runs = http.post("/flow_runs/filter", json={"flow_runs": {"deployment_id": {"any_": [deployment_id]},
                                                              "state": {"type": {"any_": ["SCHEDULED"]}}},
                                                "limit": 200}).raise_for_status().json()
    return sorted(r["id"] for r in runs)


def test_an_unchanged_schedule_keeps_its_scheduled_runs(test_cycles, prefect_api):
    from config.district import load_district_config
    from domain.calendar.workdays import WorkingCalendar
    from flows.deployments import apply_all, build_deployments

    cfg, cal = load_district_config(test_cycles), WorkingCalendar()
    start = date(2026, 11, 20)
    ids = apply_all(build_deployments(cfg, cal, start))
    now = datetime.now(DISTRICT_TZ)
    with httpx.Client(base_url=prefect_api.url, timeout=30) as http:
        earlier = set(_runs(http, ids["sweep"]))  # other tests' runs on the session's server
        http.post(f"/deployments/{ids['sweep']}/schedule", json={  # what the scheduler does: future runs
            "start_time": (now + timedelta(days=1)).isoformat(), "end_time": (now + timedelta(days=15)).isoformat(),
            "min_runs": 5, "max_runs": 20}).raise_for_status()
        before = _runs(http, ids["sweep"])
        made = set(before) - earlier
        assert len(made) >= 5
        again = apply_all(build_deployments(cfg, cal, start))  # a restart of serve on the same day
        assert again == ids and _runs(http, ids["sweep"]) == before
        apply_all(build_deployments(cfg, cal, start - timedelta(days=40)))  # the holiday lines changed
        assert not made & set(_runs(http, ids["sweep"]))  # Prefect replaced them (its scheduler makes new ones)


def test_serve_on_a_configured_server_starts_no_other(prefect_server, home, tmp_path):
    """`dudao serve` pointed at a server: the watcher ticks every second here (DUDAO_WATCH_EVERY_S) and must
    reach that server; a second server would announce itself with "Starting temporary server"."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
    serve_home = tmp_path / "serve-home"
    env.update(DUDAO_HOME=str(serve_home), DUDAO_CONFIG_PATH=str(CONFIG), DUDAO_PREFECT_API_URL=prefect_server.url,
               DUDAO_WATCH_EVERY_S="1", PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30",
               PREFECT_LOGGING_LEVEL="INFO", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    if os.environ.get("DUDAO_DATABASE_URL"):  # the PostgreSQL run: this test's database
        env["DUDAO_DATABASE_URL"] = os.environ["DUDAO_DATABASE_URL"]
    subprocess.run([BIN / "dudao", "init"], env=env, check=True, capture_output=True)
    serve = subprocess.Popen([BIN / "dudao", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(serve.stdout.readline, "")), daemon=True).start()
    try:
        deadline = time.monotonic() + 150
        while not any(line.startswith("正在服务") for line in lines):
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        ticks = time.monotonic() + 8  # several watcher rounds: troubled runs read, outbox delivered
        while time.monotonic() < ticks:
            assert serve.poll() is None, "".join(lines)
            time.sleep(0.5)
    finally:
        serve.send_signal(2)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover
            serve.kill()
    out = "".join(lines)
    assert f"使用 Prefect API：{prefect_server.url}" in out, out
    assert "Starting temporary server" not in out, out
    assert "watcher:" not in out, out  # the watcher's rounds raised nothing
    assert not (serve_home / "prefect" / "server.json").exists()  # no local server was started
    assert not (serve_home / "prefect" / "prefect.db").exists()  # nor an ephemeral one on the local history
    with httpx.Client(base_url=prefect_server.url, timeout=30) as http:
        names = {d["name"] for d in http.post("/deployments/filter", json={"limit": 200}).json()}
    assert {"biweekly", "monthly", "sweep", "ranking"} <= names
