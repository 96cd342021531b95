"""Flow solver figures: the round assignment with the hand-written flow solver vs OR-Tools, on the same inputs.

`flownet_round_20k_s` / `ortools_round_20k_s`: domain.rounds.plan_assignment on the plan_round_20k_villages_s
district (20k villages, 1,000 towns, 200 teams, capacity exactly tight, last round's plan as history).
`flownet_solve_20k_s` / `ortools_solve_20k_s`: of that, the time inside the solvers alone (FlowNet.max_flow and
FlowNet.min_cost_flow); building the networks, placing and dating the villages is the same Python in both.
`flownet_small_cases_s` / `ortools_small_cases_s`: 200 random districts of the hypothesis tests' size (1–7
towns, 0–60 villages, 1–7 teams, 1–5 days, any 回避 set, some infeasible), each planned once.
`flownet_ortools_20k_ratio` / `flownet_ortools_small_ratio`: hand-written time ÷ OR-Tools time (> 1: the
library is faster). Medians of 5 runs, the two solvers interleaved so that a shared machine's load falls on both.

`flownet_*` runs benchmarks/_handwritten — domain/flownet.py, rounds.py and round_rotation.py as they were with
the pure-Python Dinic and primal-dual solver — and `ortools_*` the domain modules; the two must agree on L*,
ℓ* and the repeats of every case, and on every infeasibility report (checked).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from types import ModuleType

from benchmarks import benchmark
from benchmarks.bench_rounds import district

SMALL_CASES = 200
RUNS = 5


def _days() -> list[date]:
    start = date(2026, 9, 21)
    return [start + timedelta(days=d) for d in range(14) if (start + timedelta(days=d)).weekday() < 5]


@contextmanager
def _solver_clock(flownet: ModuleType) -> Iterator[list[float]]:
    """Time spent in FlowNet.max_flow and FlowNet.min_cost_flow while inside, added up in the yielded list."""
    spent = [0.0]
    saved = {name: getattr(flownet.FlowNet, name) for name in ("max_flow", "min_cost_flow")}

    def timed(fn):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return run

    for name, fn in saved.items():
        setattr(flownet.FlowNet, name, timed(fn))
    try:
        yield spent
    finally:
        for name, fn in saved.items():
            setattr(flownet.FlowNet, name, fn)


def _round_20k_inputs(rounds: ModuleType) -> tuple:
    _, villages, teams = district()
    villages = [rounds.VillageToPlan(v.code, v.town, v.overdue) for v in villages]
    teams = [rounds.TeamToPlan(t.key, t.avoided_towns, t.daily_capacity) for t in teams]
    days = _days()
    first = rounds.plan_assignment(villages, teams, {}, days)
    return villages, teams, {v.village: v.team for v in first.visits}, days


def _round_20k(rounds: ModuleType, flownet: ModuleType, inputs: tuple) -> tuple[float, float, tuple]:
    """One plan of the 20k round: (wall time, time in the solvers, the optima)."""
    with _solver_clock(flownet) as spent:
        start = time.perf_counter()
        plan = rounds.plan_assignment(*inputs)
        elapsed = time.perf_counter() - start
    assert len(plan.visits) == len(inputs[0])
    return elapsed, spent[0], (plan.max_load, plan.floor, plan.repeats)


def small_cases(seed: int = 7, count: int = SMALL_CASES) -> list[tuple]:
    """Districts drawn like tests/rounds/test_assignment.py's `districts(max_towns=7, max_villages=60, …)`, as
    plain tuples: (villages [(code, town, overdue)], teams [(key, avoided, capacity)], previous, days)."""
    rng = random.Random(seed)
    start = date(2022, 10, 10)
    cases = []
    for _ in range(count):
        towns = [f"镇{i}" for i in range(rng.randint(1, 7))]
        villages = [(f"V{i:02d}", rng.choice(towns), rng.random() < 0.5) for i in range(rng.randint(0, 60))]
        teams = [(f"team-{j}", frozenset(t for t in towns if rng.random() < 0.3), rng.randint(1, 3))
                 for j in range(rng.randint(1, 7))]
        days = [start + timedelta(days=d) for d in range(rng.randint(1, 5))]
        keys = [t[0] for t in teams] + ["gone-team"]
        previous = {code: rng.choice(keys) for code, _, _ in villages if rng.random() < 0.5}
        cases.append((villages, teams, previous, days))
    return cases


def _small_inputs(rounds: ModuleType, cases: list[tuple]) -> list[tuple]:
    return [([rounds.VillageToPlan(*v) for v in villages], [rounds.TeamToPlan(*t) for t in teams], previous, days)
            for villages, teams, previous, days in cases]


def _small(rounds: ModuleType, inputs: list[tuple]) -> tuple[float, list]:
    """Every small case planned once: (wall time, each case's optima or infeasibility report)."""
    outcome: list = []
    start = time.perf_counter()
    for case in inputs:
        try:
            plan = rounds.plan_assignment(*case)
            outcome.append((plan.max_load, plan.floor, plan.repeats))
        except rounds.InfeasibleRound as exc:
            outcome.append(str(exc.problems))
    return time.perf_counter() - start, outcome


@benchmark("flownet_round_20k_s", "ortools_round_20k_s", "flownet_ortools_20k_ratio", "flownet_solve_20k_s",
           "ortools_solve_20k_s", "flownet_small_cases_s", "ortools_small_cases_s", "flownet_ortools_small_ratio")
def compare():
    from benchmarks._handwritten import flownet as hand_flownet
    from benchmarks._handwritten import rounds as handwritten
    from domain import flownet as lib_flownet
    from domain import rounds as library

    solvers = {"flownet": (handwritten, hand_flownet), "ortools": (library, lib_flownet)}
    big = {name: _round_20k_inputs(rounds) for name, (rounds, _) in solvers.items()}
    cases = small_cases()
    small = {name: _small_inputs(rounds, cases) for name, (rounds, _) in solvers.items()}
    wall: dict[str, list[float]] = {name: [] for name in solvers}
    solving: dict[str, list[float]] = {name: [] for name in solvers}
    few: dict[str, list[float]] = {name: [] for name in solvers}
    for run in range(RUNS):  # interleaved, so that both see the same load of a shared machine
        found = {}
        for name in sorted(solvers, reverse=bool(run % 2)):
            rounds, flownet = solvers[name]
            elapsed, spent, optima = _round_20k(rounds, flownet, big[name])
            wall[name].append(elapsed)
            solving[name].append(spent)
            elapsed, outcome = _small(rounds, small[name])
            few[name].append(elapsed)
            found[name] = optima, outcome
        assert found["flownet"] == found["ortools"], "the two solvers disagree on an optimum"
    med = {key: {name: statistics.median(times) for name, times in series.items()}
           for key, series in (("round", wall), ("solve", solving), ("small", few))}
    yield "flownet_round_20k_s", med["round"]["flownet"], "s"
    yield "ortools_round_20k_s", med["round"]["ortools"], "s"
    yield "flownet_ortools_20k_ratio", med["round"]["flownet"] / med["round"]["ortools"], "x"
    yield "flownet_solve_20k_s", med["solve"]["flownet"], "s"
    yield "ortools_solve_20k_s", med["solve"]["ortools"], "s"
    yield "flownet_small_cases_s", med["small"]["flownet"], "s"
    yield "ortools_small_cases_s", med["small"]["ortools"], "s"
    yield "flownet_ortools_small_ratio", med["small"]["flownet"] / med["small"]["ortools"], "x"
