"""Assigning a round's villages to inspection teams (两周一督查分组): a pure, deterministic function.

Rules, in priority order:
1. 回避: a team never visits a town that is the home town of any of its people;
2. capacity: a team visits at most `daily_capacity` villages a day, so at most capacity × days a round;
3. balance: the largest team load is the smallest 1–2 allow (L*); then the smallest load is raised as far as
   possible (every team carries at least min(ℓ*, what it can reach)), so loads differ by at most one
   whenever any assignment allows that;
4. rotation: among those, as few villages as possible get last round's team again;
5. dates: within each team, villages with overdue issues are visited first, on the earliest working days.

Feasibility and each optimum are decided exactly by max-flow over towns × teams — towns with the same 回避
set merged, "every team but these" reached through a segment tree — and the rotation by a min-cost flow over
(town, last team) groups; domain.rounds.flownet builds the networks and OR-Tools solves them. Same inputs, in any
order → the same plan.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from config.errors import ConfigError, InputError, Problem
from domain.rounds.flownet import FlowNet, TeamTree
from domain.rounds.plan_inputs import TeamToPlan, VillageToPlan
from domain.rounds.rotation import rotate


@dataclass(frozen=True)
class PlannedVisit:
    village: str
    town: str
    team: str
    day: date
    overdue: bool
    repeat: bool  # the same team as last round (only when unavoidable)


@dataclass(frozen=True)
class RoundPlan:
    """A round's assignment (督查安排): one visit per village."""

    visits: tuple[PlannedVisit, ...]
    max_load: int  # L*: the least possible largest load
    floor: int  # ℓ*: every team carries at least min(ℓ*, what it can reach)
    repeats: int  # villages visited by last round's team (the fewest possible)

    def loads(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for v in self.visits:
            out[v.team] += 1
        return dict(out)


class InfeasibleRound(ConfigError):
    """回避 and capacity leave some towns without enough team-days; nothing was planned."""


def plan_assignment(villages: Sequence[VillageToPlan], teams: Sequence[TeamToPlan],
                    previous: Mapping[str, str], days: Sequence[date]) -> RoundPlan:
    """Assign every village to one team and one of `days` (the round's working days).

    `previous` maps a village code to the team that visited it last round. Raises InfeasibleRound naming the
    towns that have too few eligible teams or days.
    """
    vs = sorted(villages, key=lambda v: v.code)
    ts = sorted(teams, key=lambda t: t.key)
    days = sorted(set(days))
    _check_unique(vs, ts)
    if not vs:
        return RoundPlan((), 0, 0, 0)
    cap = [t.daily_capacity * len(days) for t in ts]
    towns = sorted({v.town for v in vs})
    demand = {s: 0 for s in towns}
    for v in vs:
        demand[v.town] += 1
    avoid = {s: frozenset(i for i, t in enumerate(ts) if s in t.avoided_towns) for s in towns}
    reach = [min(cap[i], sum(n for s, n in demand.items() if i not in avoid[s])) for i in range(len(ts))]
    loads = _Loads(ts, cap, towns, demand, avoid, days)
    top = loads.least_max()
    floor = loads.best_floor(top, reach)
    low = [min(floor, reach[i], top) for i in range(len(ts))]
    high = [min(top, cap[i]) for i in range(len(ts))]
    by_team, repeats = rotate(vs, ts, previous, avoid, low, high)
    return RoundPlan(_dates(by_team, ts, days, previous), top, floor, repeats)


def _check_unique(vs: list[VillageToPlan], ts: list[TeamToPlan]) -> None:
    for items, what in ((vs, "village"), (ts, "team")):
        ids = [getattr(x, "code", None) or getattr(x, "key", None) for x in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
        if dupes:
            label = "村（社区）" if what == "village" else "督导组"
            raise InputError(f"{label}重复", [Problem(f"{label} {d}", "出现了两次") for d in dupes])


class _Loads:
    """The no-history network: source → town class (same 回避 set) → teams → sink, for the load optima."""

    def __init__(self, ts, cap, towns, demand, avoid, days):
        self.ts, self.cap, self.days = ts, cap, days
        self.need = sum(demand.values())
        classes: dict[frozenset[int], list[str]] = defaultdict(list)
        for s in towns:
            classes[avoid[s]].append(s)
        net = FlowNet(2 + len(ts))
        self.source, self.sink, self.team_nodes = 0, 1, list(range(2, 2 + len(ts)))
        tree = TeamTree(net, self.team_nodes, self.need)
        self.class_nodes: dict[int, list[str]] = {}
        for excluded in sorted(classes, key=classes.__getitem__):  # by their towns (each town in one class)
            members = classes[excluded]
            c = net.node()
            self.class_nodes[c] = members
            supply = sum(demand[s] for s in members)
            net.add(self.source, c, supply)
            for x in tree.cover(excluded):
                net.add(c, x, supply)
        self.out = [net.add(node, self.sink, 0) for node in self.team_nodes]
        self.net, self.demand, self.avoid = net, demand, avoid
        self._check_feasible()

    def _check_feasible(self) -> None:
        if self._flow_at(self.cap) < self.need:
            raise self._infeasible(self.net.reachable(self.source))

    def _infeasible(self, side: set[int]) -> InfeasibleRound:
        stuck = sorted(s for c, members in self.class_nodes.items() if c in side for s in members)
        allowed = [i for i, node in enumerate(self.team_nodes) if node in side]
        short = sum(self.demand[s] for s in stuck) - sum(self.cap[i] for i in allowed)
        problems = [Problem(f"镇街 {s}", "每个督导组都有成员来自该镇街（回避），没有督导组能督查它")
                    for s in stuck if len(self.avoid[s]) == len(self.ts)]
        names = "、".join(self.ts[i].label for i in allowed) or "无"
        problems.append(Problem(
            "镇街 " + "、".join(stuck),
            f"共 {sum(self.demand[s] for s in stuck)} 个村（社区），但可去的督导组（{names}）在 {len(self.days)} 个"
            f"工作日内只能走访 {sum(self.cap[i] for i in allowed)} 个，还差 {short} 个。"
            "请增加督导组或工作日、提高 daily_capacity，或调整组员的所在镇街（回避）。"))
        return InfeasibleRound("本轮无法安排：可用的督导组或工作日不足", problems)

    def _flow_at(self, caps: Sequence[int]) -> int:
        """The maximum flow with team i's load capped at caps[i]."""
        self.net.set_capacities(self.out, caps)
        return self.net.max_flow(self.source, self.sink)

    def least_max(self) -> int:
        """L*: the least cap on every team's load that still lets all villages be planned."""
        teams = len(self.ts)
        lo = -(-self.need // teams) - 1  # infeasible: below the average
        hi = max(self.cap)  # feasible (checked)
        mid = lo + 1
        while hi - lo > 1:
            got = self._flow_at([min(mid, c) for c in self.cap])
            if got == self.need:
                hi = mid
            else:  # each step up adds at most `teams` visits
                lo = max(mid, mid + -(-(self.need - got) // teams) - 1)
            mid = (lo + hi) // 2 if hi - lo > 1 else lo
        return hi

    def best_floor(self, top: int, reach: Sequence[int]) -> int:
        """ℓ*: the largest ℓ such that loads ≤ L* and every team carries at least min(ℓ, what it can reach).

        A flow saturating the mandatory parts min(ℓ, reach, L*) of the sink arcs extends, by augmenting paths
        (which never lower a flow into the sink), to a maximum flow under the caps min(L*, capacity) — and that
        one places every village, L* being feasible. So ℓ is possible iff the mandatory parts alone saturate.
        """
        def ok(level: int) -> bool:
            low = [min(level, r, top) for r in reach]
            return self._flow_at(low) == sum(low)

        lo, hi = 0, top
        while sum(min(hi, r, top) for r in reach) > self.need:
            hi -= 1
        if ok(hi):
            return hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if ok(mid) else (lo, mid)
        return lo


def _dates(by_team, ts, days, previous) -> tuple[PlannedVisit, ...]:
    """Per team: overdue villages packed onto the first days at full capacity, the rest spread evenly,
    villages of one town kept on neighbouring days."""
    visits = []
    for i, team in enumerate(ts):
        mine = sorted(by_team.get(i, []), key=lambda v: (not v.overdue, v.town, v.code))
        per_day = team.daily_capacity
        urgent = sum(v.overdue for v in mine)
        counts = [0] * len(days)
        for k in range(urgent):
            counts[k // per_day] += 1
        heap = [(c, d) for d, c in enumerate(counts) if c < per_day]
        heapq.heapify(heap)
        for _ in range(len(mine) - urgent):
            c, d = heapq.heappop(heap)
            counts[d] += 1
            if c + 1 < per_day:
                heapq.heappush(heap, (c + 1, d))
        slots = [d for d, c in enumerate(counts) for _ in range(c)]
        for v, d in zip(mine, slots, strict=True):
            visits.append(PlannedVisit(v.code, v.town, team.key, days[d], v.overdue, previous.get(v.code) == team.key))
    return tuple(sorted(visits, key=lambda v: (v.day, v.team, v.town, v.village)))
