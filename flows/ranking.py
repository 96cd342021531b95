"""红黑榜 (ranking): the flow of every `ranking` cycle.

`body` is the extension point; the real body arrives with
the ranking issue: the red/black list of the period computed and published.
Replace it with a function of the same signature (keep the flow below as it is); see docs/schedule.md.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from domain.cycle_runs import CycleOutcome
from flows.cycle import CYCLE_FLOW, run_occurrence


def body(session, cfg, calendar, occurrence, as_of) -> CycleOutcome:
    """For now: the occurrence is recorded (CycleRun) and reported (artifact); nothing else happens yet."""
    return CycleOutcome(f"{occurrence.cycle} {occurrence.date}：已记录本期红黑榜（具体业务待接入）")


@flow(name="ranking", description="红黑榜", **CYCLE_FLOW)
def ranking(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 红黑榜 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
