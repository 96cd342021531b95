"""Assigning a round's villages to inspection teams (两周一督查分组): a pure, deterministic function.

Rules, in priority order:
1. 回避: a team never visits a town that is the home town of any of its people;
2. capacity: a team visits at most `daily_capacity` villages a day, so at most capacity × days a round;
3. balance: the largest team load is the smallest 1–2 allow (L*); then the smallest load is raised as far as
   possible (every team carries at least min(ℓ*, what it can reach)), so loads differ by at most one
   whenever any assignment allows that;
4. rotation: among those, as few villages as possible get last round's team again;
5. dates: within each team, villages with overdue issues are visited first, on the earliest working days.

Feasibility and each optimum are decided exactly by max-flow (Dinic) over towns × teams — towns with the
same 回避 set merged, "every team but these" reached through a segment tree — and the rotation by a
min-cost flow over (town, last team) groups. Same inputs, in any order → the same plan.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from config.errors import ConfigError, InputError, Problem
from domain.flownet import INF, FlowNet, TeamTree


@dataclass(frozen=True)
class VillageToPlan:
    """A village (村/社区) to visit: its code, its town's name, and whether it has overdue issues (逾期问题)."""

    code: str
    town: str
    overdue: bool = False


@dataclass(frozen=True)
class TeamToPlan:
    """An inspection team (督导组): the towns it must avoid (回避) and how many villages it visits a day."""

    key: str
    avoided_towns: frozenset[str]
    daily_capacity: int


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
    by_team, repeats = _rotate(vs, ts, previous, avoid, low, high)
    return RoundPlan(_dates(by_team, ts, days, previous), top, floor, repeats)


def _check_unique(vs: list[VillageToPlan], ts: list[TeamToPlan]) -> None:
    for items, what in ((vs, "village"), (ts, "team")):
        ids = [getattr(x, "code", None) or getattr(x, "key", None) for x in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
        if dupes:
            raise InputError(f"duplicate {what}s", [Problem(f"{what} {d}", "appears twice") for d in dupes])


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
        tree = TeamTree(net, self.team_nodes)
        self.class_nodes: dict[int, list[str]] = {}
        for excluded, members in sorted(classes.items(), key=lambda kv: kv[1][0]):
            c = net.node()
            self.class_nodes[c] = members
            net.add(self.source, c, sum(demand[s] for s in members))
            for x in tree.cover(excluded):
                net.add(c, x, INF)
        self.out = [net.add(node, self.sink, 0) for node in self.team_nodes]
        self.net, self.demand, self.avoid = net, demand, avoid
        self._check_feasible()

    def _check_feasible(self) -> None:
        net = self.net.copy()
        for i, e in enumerate(self.out):
            net.set_capacity(e, self.cap[i])
        if net.max_flow(self.source, self.sink) < self.need:
            raise self._infeasible(net.reachable(self.source))

    def _infeasible(self, side: set[int]) -> InfeasibleRound:
        stuck = sorted(s for c, members in self.class_nodes.items() if c in side for s in members)
        allowed = [i for i, node in enumerate(self.team_nodes) if node in side]
        short = sum(self.demand[s] for s in stuck) - sum(self.cap[i] for i in allowed)
        problems = [Problem(f"town {s}", "every team has a member from this town (回避): no team may inspect it")
                    for s in stuck if len(self.avoid[s]) == len(self.ts)]
        names = "、".join(self.ts[i].key for i in allowed) or "none"
        problems.append(Problem(
            "towns " + "、".join(stuck),
            f"{sum(self.demand[s] for s in stuck)} villages, but the teams allowed there ({names}) can make only "
            f"{sum(self.cap[i] for i in allowed)} visits in {len(self.days)} working days: {short} short. "
            "Add teams or working days, raise daily_capacity, or change team members' home towns (回避)."))
        return InfeasibleRound("the round cannot be planned: too few eligible teams or days", problems)

    def _flow_at(self, state: FlowNet, caps: Sequence[int]) -> int:
        for e, c in zip(self.out, caps, strict=True):
            state.set_capacity(e, max(c, state.flow(e)))
        return state.max_flow(self.source, self.sink)

    def least_max(self) -> int:
        """L*: the least cap on every team's load that still lets all villages be planned."""
        teams = len(self.ts)
        lo = -(-self.need // teams) - 1  # infeasible: below the average
        hi = max(self.cap)  # feasible (checked)
        lo_state, lo_flow = self.net.copy(), 0
        mid = lo + 1
        while hi - lo > 1:
            state = lo_state.copy()
            got = lo_flow + self._flow_at(state, [min(mid, c) for c in self.cap])
            if got == self.need:
                hi = mid
            else:  # each step up adds at most `teams` visits
                lo, lo_state, lo_flow = max(mid, mid + -(-(self.need - got) // teams) - 1), state, got
            mid = (lo + hi) // 2 if hi - lo > 1 else lo
        return hi

    def best_floor(self, top: int, reach: Sequence[int]) -> int:
        """ℓ*: the largest ℓ such that loads ≤ L* and every team carries at least min(ℓ, what it can reach)."""
        def ok(level: int) -> bool:
            state = self.net.copy()
            low = [min(level, r, top) for r in reach]
            if self._flow_at(state, low) < sum(low):
                return False
            return sum(low) + self._flow_at(state, [min(top, c) for c in self.cap]) == self.need

        lo, hi = 0, top
        while sum(min(hi, r, top) for r in reach) > self.need:
            hi -= 1
        if ok(hi):
            return hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if ok(mid) else (lo, mid)
        return lo


def _rotate(vs, ts, previous, avoid, low, high) -> tuple[dict[int, list[VillageToPlan]], int]:
    """Min-cost flow: source → town → teams → sink. For a team t that visited p of the town's n villages last
    round, at most n − p villages can go to t without a repeat, so town → t is a free edge of capacity n − p
    plus a cost-1 edge of capacity p; other eligible teams are reached free through the segment tree. The sink
    edges are mandatory [0, low] and optional (low, high] (optional costs more than every repeat together)."""
    index = {t.key: i for i, t in enumerate(ts)}
    towns: dict[str, list[VillageToPlan]] = defaultdict(list)
    last: dict[str, int] = {}
    for v in vs:
        p = index.get(previous.get(v.code, ""), -1)
        last[v.code] = -1 if p in avoid[v.town] else p
        towns[v.town].append(v)
    net = FlowNet(2 + len(ts))
    source, sink, team_nodes = 0, 1, list(range(2, 2 + len(ts)))
    tree = TeamTree(net, team_nodes)
    town_nodes: dict[int, str] = {}
    for town, villages in sorted(towns.items()):
        n = len(villages)
        before = defaultdict(int)
        for v in villages:
            if last[v.code] >= 0:
                before[last[v.code]] += 1
        binding = sorted(t for t, p in before.items() if n - p < high[t])  # others can never cause a repeat
        node = net.node()
        town_nodes[node] = town
        net.add(source, node, n)
        for x in tree.cover(set(avoid[town]) | set(binding)):
            net.add(node, x, INF)
        for t in binding:
            net.add(node, team_nodes[t], n - before[t])
            net.add(node, team_nodes[t], before[t], 1)
    penalty = len(vs) + 1
    for i, node in enumerate(team_nodes):
        net.add(node, sink, low[i])
        net.add(node, sink, high[i] - low[i], penalty)
    flow, cost = net.min_cost_flow(source, sink)
    assert flow == len(vs), "the load optima were feasible, so the rotation flow must place every village"
    quotas = _decompose(net, [*town_nodes, *tree.internal()], set(team_nodes), sink)
    by_team: dict[int, list[VillageToPlan]] = defaultdict(list)
    repeats = 0
    for node, town in town_nodes.items():
        for v, t in _place(towns[town], last, {team_nodes.index(x): n for x, n in quotas[node].items()}):
            by_team[t].append(v)
            repeats += last[v.code] == t
    assert repeats == cost % penalty, "villages placed with more repeats than the flow's optimum"
    return by_team, repeats


def _decompose(net: FlowNet, order: list[int], teams: set[int], sink: int) -> dict[int, dict[int, int]]:
    """Town node → team node → amount, splitting the flow along routing nodes taken in topological order."""
    pending: dict[int, list[list]] = defaultdict(list)
    quotas: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for node in order:
        outs = [(net.to[e], net.flow(e)) for e in net.adj[node] if e % 2 == 0 and net.to[e] != sink and net.flow(e)]
        items = pending.pop(node, None) or [[node, sum(f for _, f in outs)]]  # a town node: its own flow
        k = 0
        for target, f in outs:
            while f > 0:
                take = min(f, items[k][1])
                if target in teams:
                    quotas[items[k][0]][target] += take
                else:
                    pending[target].append([items[k][0], take])
                items[k][1] -= take
                f -= take
                if items[k][1] == 0:
                    k += 1
    return quotas


def _place(villages: list[VillageToPlan], last: dict[str, int], quota: dict[int, int]):
    """Villages of one town onto team quotas with the fewest repeats: greedy from the largest group of
    last-team villages, then swaps. Only one team t can be left with repeats, exactly max(0, q_t + p_t − n)."""
    groups: dict[int, list[VillageToPlan]] = defaultdict(list)
    for v in villages:
        groups[last[v.code]].append(v)
    left = dict(quota)
    placed: list[list] = []  # [village, team]
    for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        pool = groups[g]
        for t in sorted(left, key=lambda t: (-left[t], t)):
            if t == g or not left[t] or not pool:
                continue
            take = min(left[t], len(pool))
            placed += [[v, t] for v in pool[:take]]
            pool = pool[take:]
            left[t] -= take
        placed += [[v, g] for v in pool]  # only its own team's quota is left
        if pool:
            left[g] -= len(pool)
    k = 0
    for item in placed:  # swap each repeat with a village that may take its place
        v, t = item
        if last[v.code] != t:
            continue
        while k < len(placed) and (placed[k][1] == t or last[placed[k][0].code] == t):
            k += 1
        if k == len(placed):
            break
        item[1], placed[k][1] = placed[k][1], t
        k += 1
    return [(v, t) for v, t in placed]


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
