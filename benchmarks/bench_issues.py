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


def _ledger(home: Path, url: str | None = None, *, towns: int = TOWNS, villages: int = VILLAGES) -> str:
    """A ledger at head with 1,000 towns and 20,000 villages (bulk rows: set-up, not timed): a SQLite file under
    `home`, or the empty PostgreSQL database at `url`."""
    from models.migrate import upgrade

    url = url or f"sqlite:///{home / 'bench.db'}"
    upgrade(url)
    insert_rows(url, "town", ("id", "code", "name", "kind"),
                ((t + 1, f"T{t:05d}" if towns > 10_000 else f"T{t:04d}", f"镇{t:05d}", "town") for t in range(towns)))
    width = 6 if villages > 100_000 else 5
    insert_rows(url, "village", ("id", "code", "name", "kind", "town_id", "active"),
                ((v + 1, f"V{v:0{width}d}", f"村{v:06d}", "village", v % towns + 1, True) for v in range(villages)))
    return url


def insert_rows(url: str, table: str, columns: tuple[str, ...], rows) -> None:
    """Bulk set-up rows: one executemany on SQLite, COPY on PostgreSQL (then its id sequence moved past them)."""
    from models.db import get_engine

    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        if url.startswith("sqlite"):
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                            list(rows))
        else:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            if "id" in columns:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        raw.commit()
    finally:
        raw.close()


def settle(url: str) -> None:
    """Statistics fresh and the file settled, as a ledger in use would be."""
    from models.db import get_engine

    raw = get_engine(url).raw_connection()
    try:
        if url.startswith("sqlite"):
            raw.cursor().execute("ANALYZE")
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:  # VACUUM runs outside a transaction: on the driver's own connection, in autocommit
            raw.rollback()
            raw.dbapi_connection.autocommit = True
            raw.dbapi_connection.execute("VACUUM ANALYZE")
            raw.dbapi_connection.autocommit = False
    finally:
        raw.close()


def _issues(url: str, calendar, seed: int = 11, *, issues: int = ISSUES, towns: int = TOWNS,
            villages: int = VILLAGES, open_share: float = 0.40,
            places: list[tuple[int, int, str]] | None = None) -> None:
    """1M issues: 60% closed in the past, 35% open with future deadlines, 5% open and due or overdue (the open
    share split 7:1 between future and due/overdue deadlines). `places`: the ledger's (village id, town id, code)
    when its villages were imported rather than built by `_ledger`."""
    rng = random.Random(seed)
    day = AS_OF.date()
    past = [calendar.subtract_working_days(day, n) for n in range(0, 16)]  # due today … overdue by 15
    future = [calendar.add_working_days(day, n) for n in range(1, 121)]
    old = [calendar.subtract_working_days(day, n) for n in range(20, 240)]
    opened = _ts(AS_OF - timedelta(days=60))
    closed_below, future_below = 1 - open_share, 1 - open_share / 8
    wide = villages > 100_000

    def rows():
        for i in range(issues):
            v = rng.randrange(villages)
            r = rng.random()
            if r < closed_below:
                d, status, closed = rng.choice(old), "closed", opened
            elif r < future_below:
                d, status, closed = rng.choice(future), rng.choice(("open", "rectifying")), None
            else:
                d, status, closed = rng.choice(past), rng.choice(("open", "rectifying")), None
            village_id, town_id, code = places[v] if places else (v + 1, v % towns + 1,
                                                                   f"V{v:06d}" if wide else f"V{v:05d}")
            yield ("visit", f"bench:{i}", town_id, village_id, f"village:{code}", "其他", "normal", f"问题{i}",
                   opened, d.isoformat(), d.isoformat(), status, closed, closed,
                   None if closed is None else True)

    insert_rows(url, "issue", ("source", "source_ref", "town_id", "village_id", "owner", "category", "severity",
                               "title", "opened_at", "original_deadline", "deadline", "status", "submitted_at",
                               "closed_at", "closed_on_time"), rows())
    settle(url)


@benchmark("deadline_sweep_1m_issues_s")
def deadline_sweep():
    from models.db import dispose_engines

    with tempfile.TemporaryDirectory() as tmp:
        yield sweep_figure("deadline_sweep_1m_issues_s", _ledger(Path(tmp)))
        dispose_engines()


def sweep_figure(name: str, url: str, *, build: bool = True):
    """Build the 1M-issue ledger at `url` (unless `build` is False: it is there) and time one sweep."""
    from config.district import DistrictConfig
    from domain.calendar import WorkingCalendar
    from domain.issues import run_sweep
    from models.db import session_scope

    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}})
    calendar = WorkingCalendar()
    if build:
        _issues(url, calendar)
    start = time.perf_counter()
    with session_scope(url) as s:
        result = run_sweep(s, cfg, calendar, AS_OF)
    elapsed = time.perf_counter() - start
    return (name, elapsed, f"s ({result.queued_total} outbox rows queued, {len(result.blacklisted)} issues flagged)")


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
