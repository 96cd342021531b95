"""Rounds figures: planning one round for 20k villages, 1,000 towns and 200 teams (target ≤ 2 s).

`plan_round_20k_villages_s`: the assignment itself (domain.rounds.plan_assignment) with last round's plan as
history, 5% of villages overdue, capacity exactly tight (200 teams × 10 a day × 10 days = 20k); median of 3.
`plan_round_20k_villages_ledger_s`: the whole cycle body in the ledger (read inputs, assign, write 20k visits,
queue 200 team messages) on SQLite.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks import benchmark

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
    from domain.round_cycle import run_round
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
        at = datetime(2026, 9, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        start = time.perf_counter()
        with session_scope(url) as s:
            run = run_round(s, cfg, occurrence=at.date(), at=at, actor="bench", outputs_dir=Path(tmp))
        elapsed = time.perf_counter() - start
        assert run.planned.visits == VILLAGES
        dispose_engines()
    yield "plan_round_20k_villages_ledger_s", elapsed, "s"
