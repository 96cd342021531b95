"""Report figures: the year's work report with its charts and explain workbook, in-process.

`report_year_20k_villages_s`: the issue benchmark's ledger (benchmarks/bench_issues.py: 1,000 towns, 20,000
villages, 1M issues) with two years of incomes, 50 inspection teams, 10 closed rounds, 200 weekly and 24 joint
meetings handling 100,000 of the issues (增收 on half of them), and the party, plan, project and contract ledgers
at that scale (an organisation per village, 40,000 cadre reviews, 300 training sessions, 3,000 excellent cadres,
the plans' 81,000 targets, 2,000 projects, 20,000 contracts), generated before the clock starts; the report of
2026 as of 2026-06-10: every slot, the three charts, the .docx and .md, and the explain workbook (its
largest sheet stops at 100,000 rows, as its index says).
`report_year_demo_s`: the example district after `dudao demo` (run first, not timed): the 2022 report.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks import ROOT, benchmark, example_env

RUNS = 3
MEETINGS_WEEKLY, MEETINGS_JOINT, MEETING_ISSUES = 200, 24, 100_000


def _more(url: str, seed: int = 13) -> None:
    """Incomes, teams, rounds and meetings beside the 1M issues (raw executemany: set-up, not timed)."""
    from benchmarks.bench_issues import AS_OF, TOWNS, VILLAGES, _ts
    from models.db import get_engine

    rng = random.Random(seed)
    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany("INSERT INTO incomerecord (village_id, year, amount_yuan) VALUES (?, ?, ?)",
                        [(v + 1, y, rng.randrange(30_000, 400_000)) for v in range(VILLAGES) for y in (2025, 2026)])
        cur.executemany("INSERT INTO inspectionteam (id, key, name, leader_name) VALUES (?, ?, ?, ?)",
                        [(t + 1, f"team-{t + 1}", f"第{t + 1}督导组", f"组长{t + 1}") for t in range(50)])
        start = date(2026, 1, 5)
        rounds = []
        for r in range(10):
            occ = start + timedelta(days=14 * r)
            rounds.append((r + 1, f"R{occ}", "biweekly", occ.isoformat(), occ.isoformat(),
                           (occ + timedelta(days=13)).isoformat(), "closed", _ts(AS_OF), 400, 0,
                           _ts(AS_OF - timedelta(days=120 - 10 * r))))
        cur.executemany("INSERT INTO inspectionround (id, key, cycle_key, occurrence, window_start, window_end, status,"
                        " planned_at, max_load, repeats, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rounds)
        meetings = [(m + 1, "weekly" if m < MEETINGS_WEEKLY else "joint",
                     (date(2026, 1, 1) + timedelta(days=m % 150)).isoformat(), f"会议{m + 1}", "[]", _ts(AS_OF),
                     "bench")
                    for m in range(MEETINGS_WEEKLY + MEETINGS_JOINT)]
        cur.executemany("INSERT INTO meeting (id, kind, held_on, title, units_present, recorded_at, recorded_by)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", meetings)
        issues = rng.sample(range(1, 1_000_001), MEETING_ISSUES)
        links = []
        for n, issue in enumerate(issues):
            links.append((rng.randrange(len(meetings)) + 1, issue, "raised"))
            if n % 3 == 0:  # a third also settled at another meeting (of either kind)
                links.append((rng.randrange(len(meetings)) + 1, issue, "settled"))
        cur.executemany("INSERT OR IGNORE INTO meetingissue (meeting_id, issue_id, role) VALUES (?, ?, ?)", links)
        cur.executemany("UPDATE issue SET income_added_yuan = ? WHERE id = ?",
                        [(rng.randrange(0, 200_000), i) for i in issues[::2]])
        _ledgers(cur, rng, VILLAGES, _ts(AS_OF))
        raw.commit()
        cur.execute("ANALYZE")
    finally:
        raw.close()
    del TOWNS


def _ledgers(cur, rng: random.Random, villages: int, stamp: str) -> None:
    """The party, plan, project and contract ledgers at the scale of 20k villages: an organisation and a 2026
    rating each, 2,000 weak-and-lax designations, 40,000 cadre reviews, 300 training sessions (30 of them with
    lists of 100 attendees), 3,000 cadres named excellent in 2025, the three-year plan and the 2026 implementation
    plan with a target per village (81,000 goals), 2,000 projects with 4,000 benefiting villages, 20,000
    contracts."""
    cur.executemany("INSERT INTO partyorg (id, village_id, name, kind, active) VALUES (?, ?, ?, 'branch', 1)",
                    [(v + 1, v + 1, f"村{v:05d}党支部") for v in range(villages)])
    cur.executemany("INSERT INTO orgrating (org_id, year, level, stars, rated_on) VALUES (?, 2026, 'city', ?, ?)",
                    [(v + 1, rng.choice((3, 3, 4, 4, 5)), "2026-03-01") for v in range(villages)])
    cur.executemany("INSERT INTO partybrand (name, org_id, year, rank) VALUES (?, ?, 2026, ?)",
                    [(f"品牌{b}", b * 7 + 1, b) for b in range(50)])
    cur.executemany("INSERT INTO weakdesignation (org_id, year, designated_on, reasons, town_secretary, "
                    "liaison_leader, issue_id) VALUES (?, 2026, '2026-02-01', '班子软弱', '书记', '区领导', ?)",
                    [(v * 10 + 1, v * 500 + 1) for v in range(2_000)])
    cur.executemany("INSERT INTO cadrereview (year, level, village_id, cadre, reviewed_on, finding, handled_on) "
                    "VALUES (2026, ?, ?, ?, '2026-01-15', ?, ?)",
                    [(lvl, v + 1, f"干部{v}", "record" if v % 97 == 0 else "clear",
                      "2026-02-15" if v % 97 == 0 else None) for v in range(villages) for lvl in ("district", "town")])
    cur.executemany("INSERT INTO trainingsession (code, title, kind, organiser, starts_on, cadres, members) "
                    "VALUES (?, ?, 'rotation', '区委组织部', ?, ?, ?)",
                    [(f"S{n}", f"培训{n}", f"2026-{1 + n % 5:02d}-{1 + n % 27:02d}", rng.randrange(50, 300),
                      rng.randrange(100, 900)) for n in range(300)])
    _lists_and_plans(cur, villages, stamp)
    cur.executemany("INSERT INTO supportproject (id, code, name, kind, lead, applied_year, status, updated_at, "
                    "updated_by) VALUES (?, ?, ?, ?, ?, ?, 'building', ?, 'bench')",
                    [(p + 1, f"P{p}", f"项目{p}", ("central", "pilot", "provincial")[p % 3],
                      ("organization", "finance", "organization")[p % 3], 2025 + p % 2, stamp) for p in range(2_000)])
    cur.executemany("INSERT INTO projectmilestone (project_id, milestone, planned_on, done_on) VALUES "
                    "(?, 'build', ?, ?)", [(p + 1, "2026-11-30", "2026-05-01" if p % 5 == 0 else None)
                                           for p in range(2_000)])
    cur.executemany("INSERT INTO projectvillage (project_id, village_id, expected_income_yuan) VALUES (?, ?, ?)",
                    [(p + 1, (p * 10 + k) % villages + 1, rng.randrange(20_000, 200_000))
                     for p in range(2_000) for k in (0, 1)])
    cur.executemany("INSERT INTO contract (code, village_id, counterparty, subject, review_started_on, verdict, "
                    "reasons, outcome, cleaned_on, updated_at, updated_by) VALUES (?, ?, '某公司', '土地租赁', "
                    "'2026-02-01', ?, '[]', ?, ?, ?, 'bench')",
                    [(f"C{c}", c + 1, "non_compliant" if c % 4 == 0 else "compliant",
                      "terminate" if c % 8 == 0 else None, "2026-04-01" if c % 8 == 0 else None, stamp)
                     for c in range(villages)])



def _lists_and_plans(cur, villages: int, stamp: str) -> None:
    """Attendance lists of every tenth training session, the cadres named excellent in the year before, and the
    three-year and yearly plans with a target per village."""
    cur.executemany("INSERT INTO trainingattendance (session_id, role, village_id, name) VALUES (?, ?, ?, ?)",
                    [(n + 1, "cadre" if k % 3 else "member", (n * 97 + k) % villages + 1, f"学员{n}-{k}")
                     for n in range(0, 300, 10) for k in range(100)])  # every tenth session kept a list
    cur.executemany("INSERT INTO excellentcadre (year, category, village_id, name, post) VALUES (2025, ?, ?, ?, ?)",
                    [("secretary" if v % 3 == 0 else "cadre", v * 7 % villages + 1, f"优秀{v}",
                      "书记" if v % 3 == 0 else "委员") for v in range(3_000)])
    cur.executemany("INSERT INTO plan (id, key, kind, level, title, year_from, year_to, updated_at) "
                    "VALUES (?, ?, ?, 'district', ?, ?, ?, ?)",
                    [(1, "three-year", "three_year", "三年规划", 2025, 2027, stamp),
                     (2, "annual-2026", "annual", "2026年实施方案", 2026, 2026, stamp)])
    cur.executemany("INSERT INTO plangoal (plan_id, level, unit, year, metric, target) VALUES (?, ?, ?, ?, ?, ?)",
                    [(p, "village", f"V{v:05d}", y, "income_yuan", 100_000 + v % 7 * 10_000)
                     for p, years in ((1, (2025, 2026, 2027)), (2, (2026,))) for y in years for v in range(villages)]
                    + [(2, "town", f"T{t:04d}", 2026, "income_yuan", 2_000_000) for t in range(villages // 20)])


@benchmark("report_year_20k_villages_s")
def report_year_20k_villages():
    from benchmarks.bench_issues import AS_OF, _issues, _ledger
    from config.district import DistrictConfig
    from domain.calendar import WorkingCalendar
    from domain.report import compile_report, write_report
    from domain.unit_of_work import unit_of_work
    from models.db import dispose_engines

    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区", "province": "基准省"}})
    with tempfile.TemporaryDirectory() as tmp:
        url = _ledger(Path(tmp))
        _issues(url, WorkingCalendar())
        _more(url)
        times, parts, cpu = [], [], []
        for n in range(RUNS):
            out = Path(tmp) / f"run{n}"
            with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
                start, cpu_start = time.perf_counter(), time.process_time()
                rep = compile_report(uow, "2026")
                compiled = time.perf_counter()
                written = write_report(uow, rep, out=out / "report.docx", explain=out / "explain.xlsx")
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
                parts.append(compiled - start)
        size = written.explain.stat().st_size / 1e6
        dispose_engines()
    filled = sum(1 for s in rep.slots if s.value is not None)
    yield ("report_year_20k_villages_s", statistics.median(times),
           f"s (median of {RUNS}; CPU {statistics.median(cpu):.2f} s; figures {statistics.median(parts):.2f} s, the "
           f"rest charts, .docx and the explain "
           f"workbook of {size:.0f} MB; {filled}/46 slots filled; #46 = {rep.slot(46).exact} issues, its sheet "
           f"bounded at 100,000 rows)")


@benchmark("report_year_demo_s")
def report_year_demo():
    from datetime import datetime

    from config.dates import DISTRICT_TZ
    from config.district import load_district_config
    from config.settings import Settings
    from domain.report import compile_report, write_report
    from domain.unit_of_work import unit_of_work
    from models.db import dispose_engines

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**example_env(home), "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}  # a loaded machine
        subprocess.run([str(Path(sys.executable).parent / "dudao"), "demo"], check=True, env=env,
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = Settings(home=home).db_url
        cfg = load_district_config(ROOT / "config" / "examples" / "district.toml")
        at = datetime(2022, 12, 31, 23, 59, tzinfo=DISTRICT_TZ)
        times, cpu = [], []
        for n in range(RUNS):
            with unit_of_work(as_of=at, actor="bench", config=cfg, url=url) as uow:
                start, cpu_start = time.perf_counter(), time.process_time()
                rep = compile_report(uow, "2022")
                write_report(uow, rep, out=home / f"run{n}" / "report.docx", explain=home / f"run{n}" / "explain.xlsx")
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
        dispose_engines()
    yield ("report_year_demo_s", statistics.median(times),
           f"s (median of {RUNS}, CPU {statistics.median(cpu):.2f} s: the 2022 report with charts and explain workbook "
           "after `dudao demo`)")
