"""Issue figures: the deadline sweep over 1M issues; outbox delivery to a local json:// endpoint vs bare apprise.

In-process (Prefect excluded). The data is generated with bulk inserts before the clock starts.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import benchmark
from config.dates import DISTRICT_TZ

AS_OF = datetime(2026, 6, 10, 9, 0, tzinfo=DISTRICT_TZ)  # a Wednesday
TOWNS, VILLAGES, ISSUES = 1_000, 20_000, 1_000_000
SINK = textwrap.dedent("""
    import sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
""")


def _ts(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _ledger(home: Path) -> str:
    """A ledger at head with 1,000 towns and 20,000 villages (raw executemany: set-up, not timed)."""
    from models.db import get_engine
    from models.migrate import upgrade

    url = f"sqlite:///{home / 'bench.db'}"
    upgrade(url)
    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany("INSERT INTO town (id, code, name, kind) VALUES (?, ?, ?, 'town')",
                        [(t + 1, f"T{t:04d}", f"镇{t:04d}") for t in range(TOWNS)])
        cur.executemany("INSERT INTO village (id, code, name, kind, town_id, active) VALUES (?, ?, ?, 'village', ?, 1)",
                        [(v + 1, f"V{v:05d}", f"村{v:05d}", v % TOWNS + 1) for v in range(VILLAGES)])
        raw.commit()
    finally:
        raw.close()
    return url


def _issues(url: str, calendar, seed: int = 11) -> None:
    """1M issues: 60% closed in the past, 35% open with future deadlines, 5% open and due or overdue."""
    from models.db import get_engine

    rng = random.Random(seed)
    day = AS_OF.date()
    past = [calendar.subtract_working_days(day, n) for n in range(0, 16)]  # due today … overdue by 15
    future = [calendar.add_working_days(day, n) for n in range(1, 121)]
    old = [calendar.subtract_working_days(day, n) for n in range(20, 240)]
    opened = _ts(AS_OF - timedelta(days=60))
    rows = []
    for i in range(ISSUES):
        v = rng.randrange(VILLAGES)
        r = rng.random()
        if r < 0.60:
            d, status, closed = rng.choice(old), "closed", opened
        elif r < 0.95:
            d, status, closed = rng.choice(future), rng.choice(("open", "rectifying")), None
        else:
            d, status, closed = rng.choice(past), rng.choice(("open", "rectifying")), None
        rows.append(("visit", f"bench:{i}", v % TOWNS + 1, v + 1, f"village:V{v:05d}", "其他", "normal",
                     f"问题{i}", opened, d.isoformat(), d.isoformat(), status, closed, closed,
                     1 if closed else None))
    raw = get_engine(url).raw_connection()
    try:
        raw.cursor().executemany(
            "INSERT INTO issue (source, source_ref, town_id, village_id, owner, category, severity, title, opened_at,"
            " original_deadline, deadline, status, submitted_at, closed_at, closed_on_time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raw.commit()
        raw.cursor().execute("ANALYZE")
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")  # start from a settled file, as a ledger would
    finally:
        raw.close()


@benchmark("deadline_sweep_1m_issues_s")
def deadline_sweep():
    from config.district import DistrictConfig
    from domain.calendar import WorkingCalendar
    from domain.issues import run_sweep
    from models.db import dispose_engines, session_scope

    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}})
    calendar = WorkingCalendar()
    with tempfile.TemporaryDirectory() as tmp:
        url = _ledger(Path(tmp))
        _issues(url, calendar)
        start = time.perf_counter()
        with session_scope(url) as s:
            result = run_sweep(s, cfg, calendar, AS_OF)
        elapsed = time.perf_counter() - start
        dispose_engines()
    yield ("deadline_sweep_1m_issues_s", elapsed,
           f"s ({result.queued_total} outbox rows queued, {len(result.blacklisted)} issues flagged)")


@benchmark("outbox_delivery_msgs_per_s", "outbox_vs_bare_apprise")
def outbox_delivery(n: int = 5_000, rounds: int = 5):
    """n messages to n recipients (one digest each) through the outbox, and n bare `apprise.notify` calls, to the
    same local sink in another process; interleaved in rounds so that both meet the same machine load."""
    import apprise
    from pydantic import SecretStr

    from config.channels import ChannelConfig, NotificationsConfig
    from domain.outbox import Outgoing, enqueue
    from models.db import dispose_engines, session_scope
    from notifications.delivery import dispatcher_for

    sink = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True)
    outbox_s = bare_s = 0.0
    delivered = 0
    try:
        url_of_sink = f"json://127.0.0.1:{sink.stdout.readline().strip()}/hook"
        bare = apprise.Apprise()
        bare.add(url_of_sink)
        with tempfile.TemporaryDirectory() as tmp:
            url = _ledger(Path(tmp))
            cfg = NotificationsConfig(channels=[ChannelConfig(name="hook", tags=["village:*"], unlimited_rate=True)])
            d = dispatcher_for(url, cfg, {"hook": SecretStr(url_of_sink)}, window=None)
            d.notifier.masked(d.channels[0])  # apprise loads its plugins once per process, as `bare.add` above
            per_round = n // rounds
            for r in range(rounds):
                at = datetime(2026, 6, 10 + r, 10, 0, tzinfo=DISTRICT_TZ)
                with session_scope(url) as s:
                    enqueue(s, [Outgoing(f"village:V{i:05d}", f"bench:{r}", "note", "2026-06-10", {"text": f"第{i}条"})
                                for i in range(per_round)], at=at)
                start = time.perf_counter()
                delivered += d.deliver(at).delivered
                outbox_s += time.perf_counter() - start
                start = time.perf_counter()
                for i in range(per_round):
                    bare.notify(body=f"1. 第{i}条", title=f"督导提醒｜{i}")
                bare_s += time.perf_counter() - start
            dispose_engines()
        assert delivered == per_round * rounds, delivered
    finally:
        sink.terminate()
        sink.wait()
    outbox_rate, bare_rate = delivered / outbox_s, delivered / bare_s
    yield "outbox_delivery_msgs_per_s", outbox_rate, "msg/s"
    yield "outbox_vs_bare_apprise", outbox_rate / bare_rate, f"(bare apprise {bare_rate:.0f} msg/s)"
