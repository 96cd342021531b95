"""PostgreSQL figures, on a throwaway cluster the benchmark starts (tests/pg_cluster.py: initdb in a temporary
folder, loopback port, fsync off — as the tests run it): the same ledgers as the SQLite figures
(benchmarks/bench_issues.py, bench_ranking.py) built at a PostgreSQL URL.

- pg_deadline_sweep_1m_issues_s: the sweep over 1M issues (1,000 towns, 20,000 villages);
- pg_ranking_20k_villages_s: the red/black list of 2026-Q2 for 20,000 villages (compute + snapshot);
- pg_outbox_delivery_msgs_per_s: 4 deliverer processes at once (FOR UPDATE SKIP LOCKED claims) against one,
  each sending one digest per recipient to a local json:// sink in another process.

Without PostgreSQL binaries the figures are printed as skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import ROOT, benchmark
from config.dates import DISTRICT_TZ

DELIVERY_AT = datetime(2026, 6, 10, 10, 0, tzinfo=DISTRICT_TZ)


def _cluster():
    from tests.pg_cluster import Cluster, PostgresMissing

    try:
        return Cluster().start()
    except PostgresMissing as exc:
        return str(exc)


@benchmark("pg_deadline_sweep_1m_issues_s", "pg_ranking_20k_villages_s")
def pg_ledger():
    from benchmarks.bench_issues import _issues, _ledger, sweep_figure
    from benchmarks.bench_ranking import ranking_figures
    from domain.calendar import WorkingCalendar
    from models.db import dispose_engines

    cluster = _cluster()
    if isinstance(cluster, str):
        yield "pg_deadline_sweep_1m_issues_s", float("nan"), f"skipped: {cluster}"
        yield "pg_ranking_20k_villages_s", float("nan"), f"skipped: {cluster}"
        return
    try:
        url = _ledger(Path(), cluster.create_database("bench"))
        _issues(url, WorkingCalendar())
        dispose_engines()
        ranking_url = cluster.create_database("bench_ranking", "bench")  # the same ledger, before the sweep
        yield sweep_figure("pg_deadline_sweep_1m_issues_s", url, build=False)
        with tempfile.TemporaryDirectory() as tmp:
            yield from ranking_figures(ranking_url, Path(tmp), "pg_ranking_20k_villages_s", None)
        dispose_engines()
    finally:
        cluster.stop()


@benchmark("pg_outbox_delivery_msgs_per_s")
def pg_outbox_delivery(n: int = 4_000, deliverers: int = 4):
    from benchmarks.bench_issues import SINK, _ledger
    from domain.outbox import Outgoing, enqueue
    from models.db import dispose_engines, session_scope

    cluster = _cluster()
    if isinstance(cluster, str):
        yield "pg_outbox_delivery_msgs_per_s", float("nan"), f"skipped: {cluster}"
        return
    sink = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True)
    try:
        hook = f"json://127.0.0.1:{sink.stdout.readline().strip()}/hook"
        template = _ledger(Path(), cluster.create_database("outbox"), towns=100, villages=n)
        with session_scope(template) as s:  # one message to each of n recipients: n digests
            enqueue(s, [Outgoing(f"village:V{i:05d}", "bench", "note", "2026-06-10", {"text": f"第{i}条"})
                        for i in range(n)], at=DELIVERY_AT)
        dispose_engines()
        rates = {}
        for k in (1, deliverers):
            url = cluster.create_database(f"outbox_{k}", "outbox")
            rates[k] = _deliver_at_once(url, hook, k)
        yield ("pg_outbox_delivery_msgs_per_s", rates[deliverers],
               f"msg/s ({deliverers} deliverer processes at once; one deliverer {rates[1]:.0f} msg/s: "
               f"×{rates[deliverers] / rates[1]:.2f})")
    finally:
        sink.terminate()
        sink.wait()
        cluster.stop()


def _deliver_at_once(url: str, hook: str, k: int) -> float:
    """Start k deliverer processes, let them warm up (imports, a connection, apprise's plugins), then start them
    together; messages delivered per second of wall time from the start to the last one's end."""
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.bench_pg", url, hook], cwd=ROOT, env={**os.environ},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(k)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    go = time.time()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    delivered = sum(r["delivered"] for r in results)
    return delivered / (max(r["finished"] for r in results) - go)


def _deliverer(url: str, hook: str) -> None:
    """One deliverer process: warm up, say so, wait for the go, deliver all it can claim, print what it did."""
    from pydantic import SecretStr

    from config.channels import ChannelConfig, NotificationsConfig
    from models.db import get_engine
    from notifications.delivery import dispatcher_for

    with get_engine(url).connect():
        pass
    cfg = NotificationsConfig(channels=[ChannelConfig(name="hook", tags=["village:*"], unlimited_rate=True)])
    d = dispatcher_for(url, cfg, {"hook": SecretStr(hook)}, window=None)
    d.notifier.masked(d.channels[0])
    print("ready", flush=True)
    sys.stdin.readline()
    delivered = d.deliver(DELIVERY_AT).delivered
    print(json.dumps({"delivered": delivered, "finished": time.time()}), flush=True)


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)
    _deliverer(*sys.argv[1:])
