"""Property tests of the round assignment (domain.rounds.assignment.plan_assignment) over random districts.

The optimum is computed independently: by brute force over every assignment on small districts, and by
Hall's condition over every set of towns (a different formulation) on medium ones.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.rounds.assignment import InfeasibleRound, TeamToPlan, VillageToPlan, plan_assignment

START = date(2022, 10, 10)


@st.composite
def districts(draw, max_towns=4, max_villages=7, max_teams=4, max_days=3):
    towns = [f"镇{i}" for i in range(draw(st.integers(1, max_towns)))]
    villages = [VillageToPlan(f"V{i:02d}", draw(st.sampled_from(towns)), draw(st.booleans()))
                for i in range(draw(st.integers(0, max_villages)))]
    n_teams = draw(st.integers(1, max_teams))
    # lopsided 回避: a team may avoid any subset of towns, all of them included
    teams = [TeamToPlan(f"team-{j}", frozenset(draw(st.sets(st.sampled_from(towns)))), draw(st.integers(1, 3)))
             for j in range(n_teams)]
    days = [START + timedelta(days=d) for d in range(draw(st.integers(1, max_days)))]
    keys = [t.key for t in teams] + ["gone-team"]
    previous = {v.code: draw(st.sampled_from(keys)) for v in villages if draw(st.booleans())}
    return villages, teams, previous, days


def brute_force(villages, teams, previous, days):
    """Every assignment honouring 回避 and capacity → (L*, ℓ*, least repeats, balanced-within-one exists)."""
    cap = [t.daily_capacity * len(days) for t in teams]
    options = [[i for i, t in enumerate(teams) if v.town not in t.avoided_towns] for v in villages]
    feasible = []
    for choice in itertools.product(*options):
        loads = [0] * len(teams)
        for i in choice:
            loads[i] += 1
        if all(x <= c for x, c in zip(loads, cap, strict=True)):
            reps = sum(previous.get(v.code) == teams[i].key for v, i in zip(villages, choice, strict=True))
            feasible.append((loads, reps))
    if not feasible:
        return None
    top = min(max(loads) for loads, _ in feasible)
    reach = [min(c, sum(v.town not in t.avoided_towns for v in villages)) for t, c in zip(teams, cap, strict=True)]

    def floor_ok(loads, level):
        return max(loads) <= top and all(x >= min(level, r, top) for x, r in zip(loads, reach, strict=True))

    level = max(lv for lv in range(top + 1) if any(floor_ok(loads, lv) for loads, _ in feasible))
    repeats = min(r for loads, r in feasible if floor_ok(loads, level))
    within_one = any(max(loads) - min(loads) <= 1 for loads, _ in feasible)
    return top, level, repeats, within_one


def check_plan(plan, villages, teams, previous, days):
    """Invariants every plan must hold."""
    by_key = {t.key: t for t in teams}
    assert sorted(v.village for v in plan.visits) == sorted(v.code for v in villages)  # each village exactly once
    town = {v.code: v.town for v in villages}
    overdue = {v.code: v.overdue for v in villages}
    per_day: dict[tuple[str, date], int] = {}
    for v in plan.visits:
        assert v.town == town[v.village]
        assert v.town not in by_key[v.team].avoided_towns  # 回避 never broken
        assert v.day in days
        per_day[(v.team, v.day)] = per_day.get((v.team, v.day), 0) + 1
        assert v.overdue == overdue[v.village]
        assert v.repeat == (previous.get(v.village) == v.team)
    for (team, _), n in per_day.items():
        assert n <= by_key[team].daily_capacity  # capacity respected, every day
    for team in by_key:  # overdue villages first
        mine = [v for v in plan.visits if v.team == team]
        late_urgent = max((v.day for v in mine if v.overdue), default=None)
        early_other = min((v.day for v in mine if not v.overdue), default=None)
        if late_urgent and early_other:
            assert late_urgent <= early_other
    loads = plan.loads()
    assert max(loads.values(), default=0) == plan.max_load
    assert plan.repeats == sum(v.repeat for v in plan.visits)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts())
def test_plan_is_optimal_against_brute_force(district):
    villages, teams, previous, days = district
    expected = brute_force(villages, teams, previous, days)
    if expected is None:
        with pytest.raises(InfeasibleRound) as info:
            plan_assignment(villages, teams, previous, days)
        assert info.value.problems and "镇街" in str(info.value.problems[-1].where)
        return
    plan = plan_assignment(villages, teams, previous, days)
    check_plan(plan, villages, teams, previous, days)
    top, level, repeats, within_one = expected
    assert plan.max_load == top  # the largest load is the optimum
    assert plan.floor == level
    assert plan.repeats == repeats  # no avoidable repeat
    loads = [plan.loads().get(t.key, 0) for t in teams]
    if within_one:
        assert max(loads) - min(loads) <= 1


def hall_least_max(villages, teams, days):
    """L* by Hall's condition: L feasible iff every set S of towns has n(S) ≤ Σ min(L, cap) over teams allowed
    somewhere in S. None when no L works."""
    towns = sorted({v.town for v in villages})
    n = {s: sum(v.town == s for v in villages) for s in towns}
    cap = [t.daily_capacity * len(days) for t in teams]

    def feasible(level):
        for k in range(1, len(towns) + 1):
            for subset in itertools.combinations(towns, k):
                allowed = [i for i, t in enumerate(teams) if any(s not in t.avoided_towns for s in subset)]
                if sum(n[s] for s in subset) > sum(min(level, cap[i]) for i in allowed):
                    return False
        return True

    for level in range(len(villages) + 1):
        if feasible(level):
            return level
    return None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts(max_towns=7, max_villages=60, max_teams=7, max_days=5))
def test_largest_load_matches_hall_condition(district):
    villages, teams, previous, days = district
    expected = hall_least_max(villages, teams, days)
    if expected is None:
        with pytest.raises(InfeasibleRound):
            plan_assignment(villages, teams, previous, days)
        return
    plan = plan_assignment(villages, teams, previous, days)
    check_plan(plan, villages, teams, previous, days)
    assert plan.max_load == expected


@settings(max_examples=60, deadline=None)
@given(districts(max_towns=6, max_villages=40, max_teams=6, max_days=4), st.randoms(use_true_random=False))
def test_same_inputs_same_plan_in_any_order(district, rnd):
    villages, teams, previous, days = district
    try:
        plan = plan_assignment(villages, teams, previous, days)
    except InfeasibleRound as exc:
        with pytest.raises(InfeasibleRound) as again:
            plan_assignment(list(reversed(villages)), list(reversed(teams)), previous, list(reversed(days)))
        assert again.value.problems == exc.problems
        return
    shuffled_v, shuffled_t, shuffled_d = list(villages), list(teams), list(days)
    rnd.shuffle(shuffled_v)
    rnd.shuffle(shuffled_t)
    rnd.shuffle(shuffled_d)
    assert plan_assignment(shuffled_v, shuffled_t, dict(previous), shuffled_d) == plan


@pytest.mark.rules
def test_lopsided_avoidance_forces_imbalance():
    """Two of three teams avoid the big town: the third must carry it, and the others share the rest."""
    villages = [VillageToPlan(f"A{i}", "大镇") for i in range(6)] + [VillageToPlan(f"B{i}", "小镇") for i in range(6)]
    teams = [TeamToPlan("t1", frozenset({"大镇"}), 5), TeamToPlan("t2", frozenset({"大镇"}), 5),
             TeamToPlan("t3", frozenset(), 5)]
    plan = plan_assignment(villages, teams, {}, [START, START + timedelta(days=1)])
    assert plan.loads() == {"t1": 3, "t2": 3, "t3": 6}
    assert plan.max_load == 6


@pytest.mark.rules
def test_rotation_moves_every_village_when_possible():
    villages = [VillageToPlan(f"V{i}", f"镇{i % 3}") for i in range(30)]
    teams = [TeamToPlan(f"t{j}", frozenset(), 4) for j in range(3)]
    days = [START + timedelta(days=d) for d in range(5)]
    first = plan_assignment(villages, teams, {}, days)
    previous = {v.village: v.team for v in first.visits}
    second = plan_assignment(villages, teams, previous, days)
    assert second.repeats == 0 and second.loads() == {"t0": 10, "t1": 10, "t2": 10}
    assert all(v.team != previous[v.village] for v in second.visits)


@pytest.mark.rules
def test_infeasible_names_the_towns_and_plans_nothing():
    villages = [VillageToPlan(f"A{i}", "青山镇") for i in range(9)] + [VillageToPlan("B0", "河口镇")]
    teams = [TeamToPlan("t1", frozenset({"青山镇"}), 2), TeamToPlan("t2", frozenset(), 2)]
    with pytest.raises(InfeasibleRound) as info:
        plan_assignment(villages, teams, {}, [START, START + timedelta(days=1)])
    text = str(info.value)
    assert "青山镇" in text and "t2" in text and "还差 5 个" in text and "河口镇" not in text


@pytest.mark.rules
def test_town_no_team_may_visit_is_named():
    villages = [VillageToPlan("A0", "青山镇"), VillageToPlan("B0", "河口镇")]
    teams = [TeamToPlan("t1", frozenset({"青山镇"}), 2), TeamToPlan("t2", frozenset({"青山镇"}), 2)]
    with pytest.raises(InfeasibleRound) as info:
        plan_assignment(villages, teams, {}, [START])
    assert info.value.problems[0].where == "镇街 青山镇"


@pytest.mark.rules
def test_overdue_villages_get_the_first_days():
    villages = [VillageToPlan(f"V{i:02d}", "镇", overdue=i % 5 == 0) for i in range(20)]
    plan = plan_assignment(villages, [TeamToPlan("t", frozenset(), 4)], {}, [START + timedelta(days=d)
                                                                           for d in range(5)])
    urgent = sorted(v.day for v in plan.visits if v.overdue)
    assert urgent == [START] * 4  # four overdue villages, capacity four: all on the first day


@pytest.mark.rules
def test_large_random_district_holds_every_rule():
    rng = random.Random(5)
    towns = [f"镇{i:03d}" for i in range(60)]
    villages = [VillageToPlan(f"V{i:04d}", towns[i % 60] if i < 60 else rng.choice(towns), rng.random() < 0.1)
                for i in range(900)]
    teams = [TeamToPlan(f"team-{j:02d}", frozenset(rng.sample(towns, 3)), 10) for j in range(20)]
    days = [START + timedelta(days=d) for d in range(10)]
    plan = plan_assignment(villages, teams, {}, days)
    check_plan(plan, villages, teams, {}, days)
    assert set(plan.loads().values()) == {45}
    previous = {v.village: v.team for v in plan.visits}
    again = plan_assignment(villages, teams, previous, days)
    check_plan(again, villages, teams, previous, days)
    assert again.repeats == 0
