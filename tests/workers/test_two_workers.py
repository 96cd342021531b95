"""A Prefect server on PostgreSQL and two process workers that share nothing but the server URL and the ledger
URL (separate processes, separate DUDAO_HOME and PREFECT_HOME): `dudao deploy` registers the cycles on the
`dudao` pool; 20 scheduled runs each execute exactly once, spread over both workers; a worker killed in the
middle of a run leaves a run that Prefect marks Crashed (no heartbeats) and schedules again, the other worker
runs it, and the ledger shows one result.

Slow — about 3–4 minutes on an idle 2-core machine (each flow run is a new process importing Prefect and dudao;
the crash is seen after three missed 30 s heartbeats), much longer under load — so marked `workers` and run by
`make test-workers`, not `make test`. Under heavy load (load average 20+ on 2 cores) heartbeats reach the server
late and the heartbeat automation marks some finished runs Crashed: the test then fails on that, as it should."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from config.dates import DISTRICT_TZ

pytestmark = [pytest.mark.postgresql_only, pytest.mark.workers, pytest.mark.e2e]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent.parent / "data" / "cycles.toml"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
WORKER = "prefect.worker.name"  # the label a worker gives each flow run it executes


@pytest.fixture
def server(pg_cluster, tmp_path):
    """`prefect server start` with its database on the test cluster; scheduler off (the test asks for the runs
    in a fixed window, as the scheduler would), automations on."""
    from config.settings import Settings
    from flows.runtime import LocalServer, free_port

    pg_cluster.create_database("prefect_workers")
    db = pg_cluster.url("prefect_workers").replace("postgresql+psycopg", "postgresql+asyncpg")
    server = LocalServer(Settings(home=tmp_path / "server"), port=free_port(0), env={
        "PREFECT_API_DATABASE_CONNECTION_URL": db, "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false", "PREFECT_HOME": str(tmp_path / "server")})
    server.start(timeout=600)
    yield server
    server.stop(grace=0)
    pg_cluster.drop_database("prefect_workers")


def _env(home: Path, api: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
    env.update(DUDAO_HOME=str(home), PREFECT_HOME=str(home / "prefect"), DUDAO_CONFIG_PATH=str(CONFIG),
               DUDAO_DATABASE_URL=os.environ["DUDAO_DATABASE_URL"], DUDAO_PREFECT_API_URL=api, PREFECT_API_URL=api,
               PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30", PREFECT_WORKER_QUERY_SECONDS="1",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="INFO")
    return env


class Worker:
    def __init__(self, name: str, home: Path, api: str):
        home.mkdir(parents=True)
        self.name, self.log = name, home / "worker.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [BIN / "prefect", "worker", "start", "--pool", "dudao", "--type", "process", "--name", name,
                 "--limit", "3"], env=_env(home, api), stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True, cwd=home)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.kill()


def _runs(http: httpx.Client, deployment_id: str) -> list[dict]:
    return http.post("/flow_runs/filter", json={"flow_runs": {"deployment_id": {"any_": [deployment_id]}},
                                                "limit": 200}).raise_for_status().json()


def _schedule(http: httpx.Client, deployment_id: str, start: date, end: date) -> None:
    first = datetime.combine(start, datetime.min.time(), DISTRICT_TZ)
    last = datetime.combine(end, datetime.max.time(), DISTRICT_TZ)
    http.post(f"/deployments/{deployment_id}/schedule", json={
        "start_time": first.isoformat(), "end_time": last.isoformat(), "min_runs": 100, "max_runs": 100,
        "min_time": (last - first).total_seconds()}).raise_for_status()


def _wait(predicate, timeout: float, what: str, logs=()):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p}\n{Path(p).read_text(errors='replace')[-3000:]}" for p in logs)
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(1)


def _cycle_runs(url: str):
    import sqlalchemy as sa

    from models.cycles import CycleRun
    from models.db import session_scope

    with session_scope(url) as s:
        return {r.occurrence: (r.state.value, r.runs, r.flow_run_id)
                for r in s.scalars(sa.select(CycleRun).where(CycleRun.cycle == "sweep"))}


def test_two_workers_run_each_scheduled_run_once_and_rerun_a_crashed_one(test_cycles, server, tmp_path):
    import psycopg

    from models.cycles import CycleRun

    url = os.environ["DUDAO_DATABASE_URL"]
    deployed = subprocess.run([BIN / "dudao", "deploy"], env=_env(tmp_path / "deployer", server.url),
                              capture_output=True, text=True)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    workers = [Worker(name, tmp_path / name, server.url) for name in ("worker-a", "worker-b")]
    logs = [w.log for w in workers]
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            sweep = http.get("/deployments/name/deadline-sweep/sweep").raise_for_status().json()
            assert sweep["work_pool_name"] == "dudao" and sweep["entrypoint"] == "flows.deadline_sweep.deadline_sweep"
            # 20 working days of November 2026: the sweep's scheduled runs, executed by whichever worker is free
            _schedule(http, sweep["id"], date(2026, 11, 2), date(2026, 11, 27))
            runs = _runs(http, sweep["id"])
            assert len(runs) == 20
            done = _wait(lambda: (lambda rs: rs if all(r["state_type"] in FINAL for r in rs) else None)(
                _runs(http, sweep["id"])), 900, "20 runs to finish", logs)
            assert {r["state_type"] for r in done} == {"COMPLETED"}, [(r["name"], r["state_name"]) for r in done]
            assert {r["run_count"] for r in done} == {1}
            ran_by = {r["id"]: r["labels"].get(WORKER) for r in done}
            a, b = ({i for i, w in ran_by.items() if w == name} for name in ("worker-a", "worker-b"))
            assert a and b and a | b == set(ran_by), ran_by  # each run executed by one worker, both did some
            ledger = _cycle_runs(url)
            assert len(ledger) == 20 and {(s, n) for s, n, _ in ledger.values()} == {("completed", 1)}

            # a worker dies in the middle of a run: hold the run inside its body with a lock on the ledger
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as lock:
                lock.execute(f"LOCK TABLE {CycleRun.__tablename__} IN ACCESS EXCLUSIVE MODE")
                _schedule(http, sweep["id"], date(2026, 11, 30), date(2026, 11, 30))
                (victim,) = [r for r in _runs(http, sweep["id"]) if r["id"] not in a | b]
                run = _wait(lambda: (lambda r: r if r["state_type"] == "RUNNING" else None)(
                    http.get(f"/flow_runs/{victim['id']}").json()), 300, "the run to start", logs)
                time.sleep(5)  # its first heartbeat reaches the server
                (holder,) = [w for w in workers if w.name == run["labels"].get(WORKER)]
                holder.kill()
                pid = (run.get("infrastructure_pid") or "").rpartition(":")[2]
                if pid.isdigit():  # the flow-run process, should it have left the worker's process group
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(int(pid), signal.SIGKILL)
                lock.rollback()
            (survivor,) = [w for w in workers if w is not holder]
            final = _wait(lambda: (lambda r: r if r["state_type"] in FINAL and r["run_count"] >= 2 else None)(
                http.get(f"/flow_runs/{victim['id']}").json()), 600, "the crashed run to be run again", logs)
            states = http.get("/flow_run_states/", params={"flow_run_id": victim["id"]}).json()
            assert "CRASHED" in {s["type"] for s in states}
            assert final["state_type"] == "COMPLETED", final["state"]
            assert final["labels"].get(WORKER) == survivor.name
            state, count, flow_run_id = _cycle_runs(url)[date(2026, 11, 30)]
            assert (state, count, flow_run_id) == ("completed", 1, victim["id"])  # one result in the ledger
    finally:
        for w in workers:
            w.stop()
