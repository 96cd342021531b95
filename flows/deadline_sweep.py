"""问题到期检查 (deadline-sweep): the flow of every `deadline_sweep` cycle.

`body` is the extension point; the real body arrives with
the issues issue: deadlines checked, reminders and escalations queued.
Replace it with a function of the same signature (keep the flow below as it is); see docs/schedule.md.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from domain.cycle_runs import CycleOutcome
from flows.cycle import CYCLE_FLOW, run_occurrence


def body(session, cfg, calendar, occurrence, as_of) -> CycleOutcome:
    """For now: the occurrence is recorded (CycleRun) and reported (artifact); nothing else happens yet."""
    return CycleOutcome(f"{occurrence.cycle} {occurrence.date}：已记录本期问题到期检查（具体业务待接入）")


@flow(name="deadline-sweep", description="问题到期检查", **CYCLE_FLOW)
def deadline_sweep(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 问题到期检查 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
