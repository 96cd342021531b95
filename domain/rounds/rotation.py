"""Rotation (轮换): among the assignments with the optimal loads, the fewest villages get last round's team.

Called by domain.rounds.assignment.plan_assignment with the loads fixed there: every team t carries between low[t] and
high[t] villages. A min-cost flow over towns × teams picks the team quotas per town, then each town's villages
are placed on its quotas with the fewest repeats. OR-Tools solves the flow (domain.rounds.flownet).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.rounds.flownet import FlowNet, TeamTree

if TYPE_CHECKING:
    from domain.rounds.plan_inputs import VillageToPlan


def rotate(vs, ts, previous, avoid, low, high) -> tuple[dict[int, list[VillageToPlan]], int]:
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
    tree = TeamTree(net, team_nodes, len(vs))
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
            net.add(node, x, n)
        for t in binding:
            net.add(node, team_nodes[t], n - before[t])
            net.add(node, team_nodes[t], before[t], 1)
    penalty = len(vs) + 1
    for i, node in enumerate(team_nodes):
        net.add(node, sink, low[i])
        net.add(node, sink, high[i] - low[i], penalty)
    cost = net.min_cost_flow(source, sink, len(vs))
    assert cost is not None, "the load optima were feasible, so the rotation flow must place every village"
    quotas = _decompose(net, [*town_nodes, *tree.internal()], set(team_nodes), sink)
    by_team: dict[int, list[VillageToPlan]] = defaultdict(list)
    repeats = 0
    for node, town in town_nodes.items():
        for v, t in _place(towns[town], last, {team_nodes.index(x): n for x, n in quotas[node].items()}):
            by_team[t].append(v)
            repeats += last[v.code] == t
    assert repeats == cost % penalty, "villages placed with more repeats than the flow's optimum"
    return by_team, repeats


@dataclass(slots=True)
class _Share:
    """Flow from one town node still to be routed on from a routing node."""

    town: int  # the town node it comes from
    amount: int


@dataclass(slots=True)
class _Placed:
    """A village and the team it is placed on (changed by the repair swaps)."""

    village: VillageToPlan
    team: int


def _decompose(net: FlowNet, order: list[int], teams: set[int], sink: int) -> dict[int, dict[int, int]]:
    """Town node → team node → amount, splitting the flow along routing nodes taken in topological order."""
    pending: dict[int, list[_Share]] = defaultdict(list)
    quotas: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for node in order:
        outs = [(net.heads[e], net.flow(e)) for e in net.outs[node] if net.heads[e] != sink and net.flow(e)]
        items = pending.pop(node, None) or [_Share(node, sum(f for _, f in outs))]  # a town node: its own flow
        k = 0
        for target, f in outs:
            while f > 0:
                item = items[k]
                take = min(f, item.amount)
                if target in teams:
                    quotas[item.town][target] += take
                else:
                    pending[target].append(_Share(item.town, take))
                item.amount -= take
                f -= take
                if item.amount == 0:
                    k += 1
    return quotas


def _place(villages: list[VillageToPlan], last: dict[str, int], quota: dict[int, int]):
    """Villages of one town onto team quotas with the fewest repeats: greedy from the largest group of
    last-team villages, then swaps. Only one team t can be left with repeats, exactly max(0, q_t + p_t − n)."""
    groups: dict[int, list[VillageToPlan]] = defaultdict(list)
    for v in villages:
        groups[last[v.code]].append(v)
    left = dict(quota)
    placed: list[_Placed] = []
    for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        pool = groups[g]
        for t in sorted(left, key=lambda t: (-left[t], t)):
            if t == g or not left[t] or not pool:
                continue
            take = min(left[t], len(pool))
            placed += [_Placed(v, t) for v in pool[:take]]
            pool = pool[take:]
            left[t] -= take
        placed += [_Placed(v, g) for v in pool]  # only its own team's quota is left
        if pool:
            left[g] -= len(pool)
    k = 0
    for item in placed:  # swap each repeat with a village that may take its place
        t = item.team
        if last[item.village.code] != t:
            continue
        while k < len(placed) and (placed[k].team == t or last[placed[k].village.code] == t):
            k += 1
        if k == len(placed):
            break
        item.team, placed[k].team = placed[k].team, t
        k += 1
    return [(p.village, p.team) for p in placed]
