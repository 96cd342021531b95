"""Rounds figures: planning one round for 20k villages, 1,000 towns and 200 teams (target ≤ 2 s).

`plan_round_20k_villages_s`: the assignment itself (domain.rounds.plan_assignment) with last round's plan as
history, 5% of villages overdue, capacity exactly tight (200 teams × 10 a day × 10 days = 20k); median of 3.
`plan_round_20k_villages_ledger_s`: the whole cycle body in the ledger through its use cases, in one unit of work
(close the earlier rounds — none here —, read inputs, assign, write 20k visits, queue 200 team messages) on SQLite.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks import benchmark, init_example, measure_apart, prefect_server, print_figures
from config.dates import DISTRICT_TZ

VILLAGES, TOWNS, TEAMS = 20_000, 1_000, 200


def district(seed: int = 11):
    from domain.rounds import TeamToPlan, VillageToPlan

    rng = random.Random(seed)
    towns = [f"镇{i:04d}" for i in range(TOWNS)]
    villages = [VillageToPlan(f"V{i:05d}", towns[i % TOWNS] if i < TOWNS else rng.choice(towns), rng.random() < 0.05)
                for i in range(VILLAGES)]
    teams = [TeamToPlan(f"team-{j:03d}", frozenset(rng.sample(towns, 3)), 10) for j in range(TEAMS)]
    return towns, villages, teams


@benchmark("plan_round_20k_villages_s")
def plan_20k():
    from domain.rounds import plan_assignment

    _, villages, teams = district()
    days = [date(2026, 9, 21) + timedelta(days=d) for d in range(14) if (date(2026, 9, 21) + timedelta(days=d))
            .weekday() < 5]
    first = plan_assignment(villages, teams, {}, days)
    previous = {v.village: v.team for v in first.visits}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        plan = plan_assignment(villages, teams, previous, days)
        times.append(time.perf_counter() - start)
    assert len(plan.visits) == VILLAGES
    yield "plan_round_20k_villages_s", statistics.median(times), "s"


@benchmark("plan_round_20k_villages_ledger_s")
def plan_20k_ledger():
    from config.district import DistrictConfig
    from domain.rounds import close_rounds_before, plan_round
    from domain.unit_of_work import unit_of_work
    from models.db import bulk_insert, dispose_engines, session_scope
    from models.migrate import upgrade
    from models.org import InspectionTeam, TeamMember, Town, Village

    towns, villages, teams = district()
    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"},
                                         "inspection": {"daily_capacity": 10}})
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        with session_scope(url) as s:
            bulk_insert(s, Town, [{"code": f"T{i:04d}", "name": t, "kind": "town"} for i, t in enumerate(towns)])
            ids = {t: i + 1 for i, t in enumerate(towns)}
            bulk_insert(s, Village, [{"code": v.code,
                                      "name": f"村{v.code}", "kind": "village", "town_id": ids[v.town],
                                      "active": True} for v in villages])
            bulk_insert(s, InspectionTeam, [{"key": t.key, "name": t.key, "leader_name": "组长"} for t in teams])
            bulk_insert(s, TeamMember, [{"team_id": j + 1, "name": f"成员{j}-{k}", "is_leader": k == 0,
                                         "home_town": home} for j, t in enumerate(teams)
                                        for k, home in enumerate(sorted(t.avoided_towns))])
        at = datetime(2026, 9, 21, 9, 0, tzinfo=DISTRICT_TZ)
        start = time.perf_counter()
        with unit_of_work(as_of=at, actor="bench", config=cfg, url=url) as uow:
            close_rounds_before(uow, at.date(), outputs_dir=Path(tmp))
            planned = plan_round(uow, at.date())
        elapsed = time.perf_counter() - start
        assert planned.visits == VILLAGES
        dispose_engines()
    yield "plan_round_20k_villages_ledger_s", elapsed, "s"


@benchmark("round_flow_overhead_ratio", "round_flow_ms", "round_flow_empty_ms", "round_body_ms",
           "round_flow_prefect_share")
def round_flow_overhead():
    """The real round flow on the example district, medians over successive occurrences (each closes the previous
    round — bulletin .md/.docx, messages, its `after:` red/black-list flow — and plans the next), vs an empty flow
    on the same started server in the same process, heartbeats off; and the same bodies without Prefect."""
    figures = measure_apart("benchmarks.bench_rounds")
    yield "round_flow_ms", figures["round_ms"], "ms"
    yield "round_flow_empty_ms", figures["empty_ms"], "ms"
    yield "round_flow_overhead_ratio", figures["round_ms"] / figures["empty_ms"], "x"
    yield "round_body_ms", figures["body_ms"], "ms"
    # what Prefect adds beyond the body, in empty flows (the round flow runs its follower as a subflow: ≥ 2)
    yield "round_flow_prefect_share", (figures["round_ms"] - figures["body_ms"]) / figures["empty_ms"], "x"


def _occurrences(n: int) -> list[date]:
    from config.district import load_district_config
    from config.settings import get_settings
    from domain.calendar import WorkingCalendar, preview

    cfg = load_district_config(get_settings().config_path)
    found = preview(cfg.cycles, WorkingCalendar(), date(2022, 10, 10), date(2023, 12, 31), only="biweekly-inspection")
    return [o.date for o in found][:n]


def _measure(runs: int = 7) -> dict:
    from config.district import load_district_config
    from config.settings import get_settings
    from domain.rounds import close_rounds_before, plan_round
    from domain.unit_of_work import unit_of_work

    s = get_settings()
    days = _occurrences(2 * runs + 2)
    result: dict[str, float] = {}
    body_url = f"sqlite:///{s.home / 'body.db'}"  # the same work without Prefect, on its own ledger
    init_example(body_url)
    cfg = load_district_config(s.config_path)
    times = []
    for day in days[: runs + 1]:
        start = time.perf_counter()
        with unit_of_work(as_of=datetime.combine(day, datetime.min.time(), DISTRICT_TZ), actor="bench", config=cfg,
                          url=body_url) as uow:
            close_rounds_before(uow, day, outputs_dir=s.outputs_dir / "body")
            plan_round(uow, day)
        times.append((time.perf_counter() - start) * 1000)
    result["body_ms"] = statistics.median(times[1:])
    init_example(s.db_url)
    with prefect_server() as empty:
        from flows.inspection_round import inspection_round

        empty()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            empty()
            times.append((time.perf_counter() - start) * 1000)
        result["empty_ms"] = statistics.median(times)
        times = []
        for i, day in enumerate(days[: runs + 1]):  # the first only plans; the others close and plan
            start = time.perf_counter()
            state = inspection_round(cycle="biweekly-inspection", occurrence=day, return_state=True,
                                     as_of=datetime.combine(day, datetime.min.time(), DISTRICT_TZ).replace(hour=9))
            assert state.is_completed(), state.message
            if i:
                times.append((time.perf_counter() - start) * 1000)
        result["round_ms"] = statistics.median(times)
    return result


if __name__ == "__main__":
    print_figures(_measure)
