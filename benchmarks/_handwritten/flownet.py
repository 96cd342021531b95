"""Flow networks (网络流) for planning: Dinic's max-flow and a primal-dual min-cost flow, plus a segment tree
that lets a node reach "every team except a few" with O(log T) edges instead of T.

Plain integer arrays, no recursion: a network of ~10k nodes and ~100k edges solves in well under a second.
Edge `e` and its reverse `e ^ 1` are stored side by side; `cap` holds residual capacities.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

INF = 1 << 60


class FlowNet:
    """A directed network with integer capacities and non-negative integer costs (流网络)."""

    def __init__(self, n: int = 0):
        self.adj: list[list[int]] = [[] for _ in range(n)]
        self.to: list[int] = []
        self.cap: list[int] = []
        self.orig: list[int] = []
        self.cost: list[int] = []

    @property
    def n(self) -> int:
        return len(self.adj)

    def node(self) -> int:
        self.adj.append([])
        return len(self.adj) - 1

    def add(self, u: int, v: int, cap: int, cost: int = 0) -> int:
        """Add the edge u→v; return its id (the reverse edge is id ^ 1)."""
        if cost < 0:
            raise ValueError("costs must be non-negative")
        e = len(self.to)
        self.to += (v, u)
        self.cap += (cap, 0)
        self.orig += (cap, 0)
        self.cost += (cost, -cost)
        self.adj[u].append(e)
        self.adj[v].append(e + 1)
        return e

    def flow(self, e: int) -> int:
        return self.orig[e] - self.cap[e]

    def set_capacity(self, e: int, cap: int) -> None:
        """Raise (or lower, down to the current flow) the capacity of edge e, keeping its flow."""
        flow = self.flow(e)
        if cap < flow:
            raise ValueError("capacity below the current flow")
        self.orig[e] = cap
        self.cap[e] = cap - flow

    def copy(self) -> FlowNet:
        other = FlowNet()
        other.adj, other.to, other.cost = self.adj, self.to, self.cost  # structure is shared, never mutated
        other.cap, other.orig = list(self.cap), list(self.orig)
        return other

    # ---- max-flow ---------------------------------------------------------------------------------
    def max_flow(self, s: int, t: int) -> int:
        """Augment the current flow to a maximum one (Dinic); return the amount added."""
        return self._dinic(s, t, None)

    def _dinic(self, s: int, t: int, usable: bytearray | None) -> int:
        adj, to, cap, n = self.adj, self.to, self.cap, self.n
        total = 0
        while True:
            level = [-1] * n
            level[s] = 0
            queue = [s]
            for u in queue:
                nxt = level[u] + 1
                for e in adj[u]:
                    if cap[e] > 0 and (usable is None or usable[e]):
                        v = to[e]
                        if level[v] < 0:
                            level[v] = nxt
                            queue.append(v)
            if level[t] < 0:
                return total
            total += self._blocking(s, t, level, usable)

    def _blocking(self, s: int, t: int, level: list[int], usable: bytearray | None) -> int:
        adj, to, cap = self.adj, self.to, self.cap
        it = [0] * self.n
        path: list[int] = []
        pushed = 0
        u = s
        while True:
            if u == t:
                f = min(cap[e] for e in path)
                cut = -1
                for i, e in enumerate(path):
                    cap[e] -= f
                    cap[e ^ 1] += f
                    if cut < 0 and cap[e] == 0:
                        cut = i
                pushed += f
                del path[cut:]
                u = to[path[-1]] if path else s
                continue
            edges = adj[u]
            i = it[u]
            want = level[u] + 1
            while i < len(edges):
                e = edges[i]
                if cap[e] > 0 and level[to[e]] == want and (usable is None or usable[e]):
                    break
                i += 1
            it[u] = i
            if i < len(edges):
                path.append(edges[i])
                u = to[edges[i]]
                continue
            level[u] = -1  # dead end for this phase
            if not path:
                return pushed
            e = path.pop()
            u = to[e ^ 1]
            it[u] += 1

    def reachable(self, s: int) -> set[int]:
        """Nodes reachable from s in the residual network (the source side of a minimum cut)."""
        seen = {s}
        stack = [s]
        while stack:
            u = stack.pop()
            for e in self.adj[u]:
                v = self.to[e]
                if self.cap[e] > 0 and v not in seen:
                    seen.add(v)
                    stack.append(v)
        return seen

    # ---- min-cost flow ----------------------------------------------------------------------------
    def min_cost_flow(self, s: int, t: int) -> tuple[int, int]:
        """From a zero flow, a maximum flow of least cost (primal-dual: Dijkstra with potentials, then a
        max-flow over the zero-reduced-cost edges per distinct path cost). Returns (flow, cost)."""
        adj, to, cap, cost, n = self.adj, self.to, self.cap, self.cost, self.n
        dual = [0] * n  # reduced cost of e: cost[e] + dual[u] - dual[v] >= 0 on every residual edge
        total = 0
        while True:
            dist = [INF] * n
            done = bytearray(n)
            dist[s] = 0
            heap = [(0, s)]
            while heap:
                d, u = heapq.heappop(heap)
                if done[u]:
                    continue
                done[u] = 1
                if u == t:
                    break
                du = dual[u]
                for e in adj[u]:
                    if cap[e] > 0:
                        v = to[e]
                        nd = d + cost[e] + du - dual[v]
                        if nd < dist[v]:
                            dist[v] = nd
                            heapq.heappush(heap, (nd, v))
            if not done[t]:
                break
            dt = dist[t]
            for v in range(n):
                if done[v]:
                    dual[v] -= dt - dist[v]
            tails = self._tails()
            usable = bytearray(cost[e] + dual[tails[e]] - dual[to[e]] == 0 for e in range(len(to)))
            total += self._dinic(s, t, usable)
        return total, sum(self.flow(e) * cost[e] for e in range(0, len(to), 2))

    def _tails(self) -> list[int]:
        to = self.to
        return [to[e ^ 1] for e in range(len(to))]


class TeamTree:
    """A segment tree over team nodes 0..T-1: `cover(excluded)` gives the few nodes that together reach
    exactly the teams not excluded (infinite capacity downwards, zero cost)."""

    def __init__(self, net: FlowNet, teams: Sequence[int]):
        self.net = net
        self.teams = list(teams)
        self._nodes: dict[tuple[int, int], int] = {}
        if self.teams:
            self._build(0, len(self.teams))

    def _build(self, lo: int, hi: int) -> int:
        if hi - lo == 1:
            return self.teams[lo]
        node = self.net.node()
        mid = (lo + hi) // 2
        self.net.add(node, self._build(lo, mid), INF)
        self.net.add(node, self._build(mid, hi), INF)
        self._nodes[(lo, hi)] = node
        return node

    def internal(self) -> list[int]:
        """The tree's own nodes, parents before children."""
        return sorted(self._nodes.values())

    def cover(self, excluded: Iterable[int]) -> list[int]:
        """Nodes covering the team indices not in `excluded` (indices into `teams`)."""
        out: list[int] = []
        start = 0
        for x in [*sorted(set(excluded)), len(self.teams)]:
            if start < x:
                self._cover(0, len(self.teams), start, x, out)
            start = x + 1
        return out

    def _cover(self, lo: int, hi: int, a: int, b: int, out: list[int]) -> None:
        if b <= lo or hi <= a:
            return
        if a <= lo and hi <= b:
            out.append(self.teams[lo] if hi - lo == 1 else self._nodes[(lo, hi)])
            return
        mid = (lo + hi) // 2
        self._cover(lo, mid, a, b, out)
        self._cover(mid, hi, a, b, out)
