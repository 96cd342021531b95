"""`after:` cycles: they run when the occurrence they follow closes.

`occurrence_closed(cycle, day)` is the callable trigger: whatever closes an occurrence (the cycle's own
body returning `closed=True`, or later a round's close command) calls it; it records the close on the
leader's CycleRun and runs every follower for that occurrence (a subflow when called inside a flow).
A follower's failure is its own (its hooks notify); it never fails the leader.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from config.district import DistrictConfig
from config.settings import get_settings
from domain.calendar.occurrences import followers
from domain.cycles.runs import close_occurrence
from flows.cycle import district_config
from models.db import session_scope


def run_followers(cfg: DistrictConfig, cycle_key: str, occurrence: date, as_of: datetime) -> list[str]:
    """Run each `after:` follower of the cycle for this occurrence; return their final state names."""
    from flows.registry import FLOWS

    states = []
    for follower in followers(cfg.cycles, cycle_key):
        state = FLOWS[follower.kind](cycle=follower.key, occurrence=occurrence, as_of=as_of, return_state=True)
        states.append(state.name)
    return states


def occurrence_closed(cycle_key: str, occurrence: date, as_of: datetime | None = None) -> list[str]:
    """The occurrence closed now: record it and run its followers."""
    settings = get_settings()
    cfg = district_config()
    as_of = as_of or datetime.now(ZoneInfo(settings.timezone))
    with session_scope() as session:
        close_occurrence(session, cycle_key, occurrence, at=as_of)
    return run_followers(cfg, cycle_key, occurrence, as_of)
