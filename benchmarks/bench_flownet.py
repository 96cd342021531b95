"""Flow solver figures: the round assignment with OR-Tools, against the hand-written solver it replaced.

`ortools_round_20k_s`: domain.rounds.plan_assignment on the plan_round_20k_villages_s district (20k villages,
1,000 towns, 200 teams, capacity exactly tight, last round's plan as history). `ortools_solve_20k_s`: of that,
the time inside the solvers alone (FlowNet.max_flow and FlowNet.min_cost_flow; building the networks, placing
and dating the villages is plain Python). `ortools_small_cases_s`: 200 random districts of the hypothesis
tests' size (1–7 towns, 0–60 villages, 1–7 teams, 1–5 days, any 回避 set; 66 feasible), each planned once.
Medians of 5 runs.

The hand-written pure-Python Dinic max-flow and primal-dual min-cost flow that domain/rounds/flownet.py was before,
measured on the same inputs, interleaved with OR-Tools in the same process on the shared 2-core machine: two
quieter runs of `python -m benchmarks flownet_round_20k_s` at this module's first commit (`git log --follow
benchmarks/bench_flownet.py`), which still carries it as benchmarks/_handwritten:

    figure                 hand-written     OR-Tools        hand-written ÷ OR-Tools
    round, 20k villages    0.271 / 0.297 s  0.239 / 0.239 s 1.13× / 1.25×
      of which solving     0.053 / 0.059 s  0.029 / 0.029 s 1.8× / 2.0×
    200 small cases        0.069 / 0.069 s  0.048 / 0.045 s 1.43× / 1.54×

(a loaded run: 0.759 vs 0.609 s, 0.186 vs 0.067 s solving, 0.176 vs 0.105 s.) Both agreed on L*, ℓ*, the
repeats and every infeasibility report of every case. The hand-written solver was not faster on either
workload, so the library does it; to measure it again, check that commit out.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta

from benchmarks import benchmark
from benchmarks.bench_rounds import district

SMALL_CASES = 200
RUNS = 5


def _days() -> list[date]:
    start = date(2026, 9, 21)
    return [start + timedelta(days=d) for d in range(14) if (start + timedelta(days=d)).weekday() < 5]


@contextmanager
def _solver_clock() -> Iterator[list[float]]:
    """Time spent in FlowNet.max_flow and FlowNet.min_cost_flow while inside, added up in the yielded list."""
    from domain.rounds import FlowNet

    spent = [0.0]
    saved = {name: getattr(FlowNet, name) for name in ("max_flow", "min_cost_flow")}

    def timed(fn):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return run

    for name, fn in saved.items():
        setattr(FlowNet, name, timed(fn))
    try:
        yield spent
    finally:
        for name, fn in saved.items():
            setattr(FlowNet, name, fn)


def small_cases(seed: int = 7, count: int = SMALL_CASES) -> list[tuple]:
    """Districts drawn like tests/rounds/test_assignment.py's `districts(max_towns=7, max_villages=60, …)`:
    (villages, teams, previous, days) as plan_assignment takes them."""
    from domain.rounds import TeamToPlan, VillageToPlan

    rng = random.Random(seed)
    start = date(2022, 10, 10)
    cases = []
    for _ in range(count):
        towns = [f"镇{i}" for i in range(rng.randint(1, 7))]
        villages = [VillageToPlan(f"V{i:02d}", rng.choice(towns), rng.random() < 0.5)
                    for i in range(rng.randint(0, 60))]
        teams = [TeamToPlan(f"team-{j}", frozenset(t for t in towns if rng.random() < 0.3), rng.randint(1, 3))
                 for j in range(rng.randint(1, 7))]
        days = [start + timedelta(days=d) for d in range(rng.randint(1, 5))]
        keys = [t.key for t in teams] + ["gone-team"]
        previous = {v.code: rng.choice(keys) for v in villages if rng.random() < 0.5}
        cases.append((villages, teams, previous, days))
    return cases


@benchmark("ortools_round_20k_s", "ortools_solve_20k_s", "ortools_small_cases_s")
def solve():
    from domain.rounds import InfeasibleRound, plan_assignment

    _, villages, teams = district()
    days = _days()
    first = plan_assignment(villages, teams, {}, days)
    previous = {v.village: v.team for v in first.visits}
    cases = small_cases()
    wall, solving, small = [], [], []
    for _ in range(RUNS):
        with _solver_clock() as spent:
            start = time.perf_counter()
            plan = plan_assignment(villages, teams, previous, days)
            wall.append(time.perf_counter() - start)
        solving.append(spent[0])
        assert len(plan.visits) == len(villages)
        start = time.perf_counter()
        for case in cases:
            with suppress(InfeasibleRound):
                plan_assignment(*case)
        small.append(time.perf_counter() - start)
    yield "ortools_round_20k_s", statistics.median(wall), "s"
    yield "ortools_solve_20k_s", statistics.median(solving), "s"
    yield "ortools_small_cases_s", statistics.median(small), "s"
