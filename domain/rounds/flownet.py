"""Flow networks (网络流) for planning: built here, solved by OR-Tools (`ortools.graph`: `SimpleMaxFlow`,
push-relabel; `SimpleMinCostFlow`, cost scaling), plus a segment tree that lets a node reach "every team
except a few" with O(log T) arcs instead of T.

A `FlowNet` is a list of arcs (tail, head, capacity, unit cost) with arc ids in the order they were added;
after a solve, `flow(e)` is the flow on arc e. Every capacity is finite: "unbounded" is a bound the caller
knows (all the villages of a round).

Until this move it was a hand-written Dinic max-flow and primal-dual min-cost flow in pure Python. Side by
side on the same inputs (the first commit of benchmarks/bench_flownet.py runs both) OR-Tools was faster on
both workloads — the 20k-village round 0.239 s vs 0.271–0.297 s (solving alone 0.029 vs 0.053–0.059 s), 200
hypothesis-sized districts 0.045–0.048 s vs 0.069 s — so the library does it (benchmarks/bench_flownet.py and
docs/rounds.md have the details).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a network is solved: commands that only read rounds don't pay ~0.1 s for them
    import numpy as np
    from ortools.graph.python import max_flow, min_cost_flow


class FlowNet:
    """A directed network with integer capacities and non-negative integer costs (流网络)."""

    def __init__(self, n: int = 0):
        self.n = n
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []
        self.outs: list[list[int]] = [[] for _ in range(n)]  # node → ids of the arcs leaving it
        self._max: max_flow.SimpleMaxFlow | None = None  # built on the first max_flow, arcs fixed from then on
        self._solved: max_flow.SimpleMaxFlow | min_cost_flow.SimpleMinCostFlow | None = None  # the last solve
        self._flows: list[int] | None = None  # its flows, fetched on first use

    def node(self) -> int:
        self.outs.append([])
        self.n += 1
        return self.n - 1

    def add(self, u: int, v: int, cap: int, cost: int = 0) -> int:
        """Add the arc u→v; return its id. Not once the network was solved for a maximum flow."""
        if cost < 0:
            raise ValueError("costs must be non-negative")
        e = len(self.tails)
        self.tails.append(u)
        self.heads.append(v)
        self.caps.append(cap)
        self.costs.append(cost)
        self.outs[u].append(e)
        return e

    def flow(self, e: int) -> int:
        """The flow on arc e in the last solution."""
        if self._flows is None:
            import numpy as np

            self._flows = self._solved.flows(np.arange(len(self.tails), dtype=np.int32)).tolist()
        return self._flows[e]

    def set_capacities(self, arcs: Sequence[int], caps: Sequence[int]) -> None:
        for e, c in zip(arcs, caps, strict=True):
            self.caps[e] = c
        if self._max is not None:
            import numpy as np

            self._max.set_arcs_capacity(np.asarray(arcs, dtype=np.int32), np.asarray(caps, dtype=np.int64))

    def _arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import numpy as np

        return (np.asarray(self.tails, dtype=np.int32), np.asarray(self.heads, dtype=np.int32),
                np.asarray(self.caps, dtype=np.int64))

    # ---- max-flow ---------------------------------------------------------------------------------
    def max_flow(self, s: int, t: int) -> int:
        """The value of a maximum s–t flow under the current capacities (costs ignored)."""
        from ortools.graph.python import max_flow

        if self._max is None:
            self._max = max_flow.SimpleMaxFlow()
            self._max.add_arcs_with_capacity(*self._arcs())
        elif self._max.num_arcs() != len(self.tails):
            raise RuntimeError("arcs were added after the network was solved for a maximum flow")
        status = self._max.solve(s, t)
        if status != max_flow.SimpleMaxFlow.OPTIMAL:
            raise RuntimeError(f"max-flow failed: {status}")
        self._solved, self._flows = self._max, None
        return self._max.optimal_flow()

    def reachable(self, s: int) -> set[int]:
        """After max_flow(s, ·): the nodes reachable from s in the residual network (the source side of a
        minimum cut; the same for every maximum flow)."""
        assert self._solved is self._max, "reachable() follows max_flow()"
        return {s, *self._max.get_source_side_min_cut()}

    # ---- min-cost flow ----------------------------------------------------------------------------
    def min_cost_flow(self, s: int, t: int, amount: int) -> int | None:
        """The least cost of sending `amount` from s to t, the flows kept for `flow`; None if it cannot be sent."""
        import numpy as np
        from ortools.graph.python import min_cost_flow

        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(*self._arcs(), np.asarray(self.costs, dtype=np.int64))
        supplies = np.zeros(self.n, dtype=np.int64)  # every node, so that each exists in the solver's graph
        supplies[s] += amount
        supplies[t] -= amount
        solver.set_nodes_supplies(np.arange(self.n, dtype=np.int32), supplies)
        status = solver.solve()
        if status == min_cost_flow.SimpleMinCostFlow.INFEASIBLE:
            return None
        if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status}")
        self._solved, self._flows = solver, None
        return solver.optimal_cost()


class TeamTree:
    """A segment tree over team nodes 0..T-1: `cover(excluded)` gives the few nodes that together reach
    exactly the teams not excluded (capacity `cap` downwards — more than can ever flow —, zero cost)."""

    def __init__(self, net: FlowNet, teams: Sequence[int], cap: int):
        self.net = net
        self.teams = list(teams)
        self.cap = cap
        self._nodes: dict[tuple[int, int], int] = {}
        if self.teams:
            self._build(0, len(self.teams))

    def _build(self, lo: int, hi: int) -> int:
        if hi - lo == 1:
            return self.teams[lo]
        node = self.net.node()
        mid = (lo + hi) // 2
        self.net.add(node, self._build(lo, mid), self.cap)
        self.net.add(node, self._build(mid, hi), self.cap)
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
