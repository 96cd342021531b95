"""`python -m benchmarks nation` (not run by default): China's scale on PostgreSQL — about 490,000 villages in
38,000 towns, 5 million issues of which 10 % open.

- nation_import_villages_s: `import_roster` (the use case behind `dudao roster import`) of the 490,000-row
  roster, validation and upserts included, into an empty ledger. The table is built in memory: a sheet file
  is capped at 100,000 rows (adapters/sheet_bounds.py), so a nation imports province by province or like this.
- nation_sweep_s: the deadline sweep over the 5M issues (500,000 open).
- nation_ranking_s: the red/black list of a quarter for every village and town (compute + snapshot).

Each step runs in its own process, so its peak memory (`*_peak_mb`, the process's max RSS; the PostgreSQL
server's own memory is not in it) is its own. Each step also says where its time goes: the time spent inside
the database (statements, summed over the step) against the rest (Python), and its slowest statement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import ROOT, benchmark

TOWNS, VILLAGES, ISSUES = 38_000, 490_000, 5_000_000


@benchmark("nation_import_villages_s", "nation_import_villages_peak_mb", "nation_sweep_s", "nation_sweep_peak_mb",
           "nation_ranking_s", "nation_ranking_peak_mb", group="nation")
def nation():
    from benchmarks.bench_pg import _cluster

    cluster = _cluster()
    if isinstance(cluster, str):
        yield "nation_import_villages_s", float("nan"), f"skipped: {cluster}"
        return
    try:
        url = cluster.create_database("nation")
        for step, name in (("import", "nation_import_villages"), ("issues", None), ("sweep", "nation_sweep"),
                           ("ranking", "nation_ranking")):
            begin = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "benchmarks.bench_nation", step, url], cwd=ROOT,
                                 env={**os.environ}, capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"{step} failed:\n{out.stderr[-4000:]}")
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            if name is None:
                print(f"(set-up: {ISSUES:,} issues generated and copied in {time.perf_counter() - begin:.0f} s)",
                      flush=True)
                continue
            rest = figures["seconds"] - figures["sql_s"]
            yield (f"{name}_s", figures["seconds"],
                   f"s ({figures['what']}; in the database {figures['sql_s']:.1f} s, the rest {rest:.1f} s;"
                   f" slowest statement {figures['slowest_s']:.1f} s: {figures['slowest']})")
            yield f"{name}_peak_mb", figures["peak_mb"], "MB (max RSS of the step's process)"
    finally:
        cluster.stop()


class _SqlClock:
    """Sums the time spent in statements on an engine, and remembers the slowest one."""

    def __init__(self, engine):
        import sqlalchemy as sa

        self.total, self.slowest, self.slowest_sql = 0.0, 0.0, ""

        @sa.event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            conn.info["t0"] = time.perf_counter()

        @sa.event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            spent = time.perf_counter() - conn.info.pop("t0", time.perf_counter())
            self.total += spent
            if spent > self.slowest:
                self.slowest, self.slowest_sql = spent, " ".join(statement.split())[:90]


def _step(step: str, url: str) -> dict:
    import resource

    from benchmarks.bench_issues import AS_OF, _issues
    from config.district import DistrictConfig
    from domain.calendar import WorkingCalendar
    from models.db import get_engine

    clock = _SqlClock(get_engine(url))
    what = ""
    if step == "import":
        from adapters.sheets import Table
        from domain.roster import import_roster
        from domain.unit_of_work import unit_of_work
        from models.migrate import upgrade

        upgrade(url)
        table = Table(Path("nation.xlsx"), ["town", "village", "kind", "code", "income_2022_yuan",
                                            "target_2023_wan", "secretary", "mobile", "status"],
                      [(v + 2, [f"镇{v % TOWNS:05d}", f"村{v:06d}", "村", f"V{v:06d}", 50_000 + v % 900_000,
                                10 + v % 90, f"书记{v % 1000:03d}", f"138{v:08d}", "正常"])
                       for v in range(VILLAGES)])
        cfg = DistrictConfig.model_validate({"district": {"code": "CN", "name": "全国"}})
        clock.total = 0.0
        start = time.perf_counter()
        with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
            report = import_roster(uow, table)
        seconds = time.perf_counter() - start
        what = (f"{VILLAGES:,} villages in {TOWNS:,} towns: {report.villages_created:,} villages and "
                f"{len(report.towns_created):,} towns created, {report.incomes_written:,} incomes, "
                f"{report.targets_written:,} targets")
    elif step == "issues":
        import sqlalchemy as sa

        with get_engine(url).connect() as conn:
            places = [tuple(r) for r in conn.execute(sa.text("SELECT id, town_id, code FROM village ORDER BY id"))]
        start = time.perf_counter()
        _issues(url, WorkingCalendar(), issues=ISSUES, towns=TOWNS, villages=len(places), open_share=0.10,
                places=places)
        seconds = time.perf_counter() - start
    elif step == "sweep":
        from benchmarks.bench_issues import sweep_figure

        _, seconds, what = sweep_figure("nation_sweep_s", url, build=False)
        what = what.removeprefix("s (").removesuffix(")")
    else:
        from benchmarks.bench_ranking import ranking_figures

        with tempfile.TemporaryDirectory() as tmp:
            (_, seconds, what), = ranking_figures(url, Path(tmp), "nation_ranking_s", None, runs=1)
        what = what.removeprefix("s (").removesuffix(")")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "sql_s": clock.total, "slowest_s": clock.slowest,
            "slowest": clock.slowest_sql, "what": what}


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)
    print(json.dumps(_step(sys.argv[1], sys.argv[2])), flush=True)
