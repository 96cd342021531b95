"""`after:` cycles: they run when the occurrence they follow closes.

`occurrence_closed(cycle, day)` is the callable trigger: whatever closes an occurrence (the cycle's own
body returning `closed=True`, or later a round's close command) calls it; it records the close on the
leader's CycleRun and runs every follower for that occurrence (a subflow when called inside a flow).
A follower's failure is its own (its hooks notify); it never fails the leader.
"""

from __future__ import annotations

from datetime import date, datetime

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from domain.calendar import followers
from domain.cycles import close_cycle_occurrence
from flows.registry import flow_for
from flows.work import district_config, flow_work


def run_followers(cfg: DistrictConfig, cycle_key: str, occurrence: date, as_of: datetime) -> list[str]:
    """Run each `after:` follower of the cycle for this occurrence; return their final state names."""
    states = []
    for follower in followers(cfg.cycles, cycle_key):
        state = flow_for(follower.kind)(cycle=follower.key, occurrence=occurrence, as_of=as_of, return_state=True)
        states.append(state.name)
    return states


def occurrence_closed(cycle_key: str, occurrence: date, as_of: datetime | None = None) -> list[str]:
    """The occurrence closed now: record it and run its followers."""
    as_of = as_of or datetime.now(DISTRICT_TZ)
    with flow_work(as_of) as uow:
        close_cycle_occurrence(uow, cycle_key, occurrence)
    return run_followers(district_config(), cycle_key, occurrence, as_of)
