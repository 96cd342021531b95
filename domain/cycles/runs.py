"""The cycle-run ledger (周期运行记录): one CycleRun per occurrence, catch-up and coordinator notices.

Plain functions over a session; the caller commits and passes the clock (`at`, `now`).

Re-runs: a scheduled or catch-up run of an occurrence that already completed (or is running in
another flow run) does nothing and says so. An explicit re-run (`dudao run`, `rerun=True`) runs
the body again (bodies are idempotent for their occurrence) and updates the same row: `runs` counts
the runs, `as_of`/`flow_run_id`/`summary` are the latest run's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, func, select

from config.cycles import CycleConfig
from domain.calendar import Occurrence, WorkingCalendar, preview
from domain.outbox import Outgoing
from models.cycles import CycleRun, CycleRunState

COORDINATORS = "coordinators"
CATCH_UP_WINDOW_DAYS = 30


@dataclass(frozen=True)
class CycleOutcome:
    """What a cycle body did: a one-line summary, markdown details for the artifact, whether the
    occurrence is closed by this run (then its `after:` followers run), and whether it delivered."""

    summary: str
    details: str = ""
    closed: bool = True
    delivered: bool = False  # the body delivered the outbox itself (the flow does not deliver again)


class Start(StrEnum):
    run = "run"  # go ahead
    done = "done"  # already completed: nothing to do
    busy = "busy"  # another flow run is on it


def begin_run(session: Session, *, cycle: str, occurrence: date, as_of: datetime, flow_run_id: str | None,
              flow_run_name: str | None, at: datetime, rerun: bool = False) -> tuple[CycleRun, Start]:
    """Record that a run of this occurrence starts (one row per occurrence), or say why it should not."""
    row = find_run(session, cycle, occurrence)
    if row is None:
        row = CycleRun(cycle=cycle, occurrence=occurrence, as_of=as_of, flow_run_id=flow_run_id,
                       flow_run_name=flow_run_name, started_at=at)
        session.add(row)
        session.flush()
        return row, Start.run
    same_run = flow_run_id is not None and row.flow_run_id == flow_run_id  # a Prefect retry of this run
    if not rerun and same_run and row.state is CycleRunState.completed:
        return row, Start.done  # the run was scheduled again although it had finished (an automation misfired)
    if not rerun and not same_run:
        if row.state is CycleRunState.completed:
            return row, Start.done
        if row.state is CycleRunState.running:
            return row, Start.busy
    row.state, row.as_of, row.started_at = CycleRunState.running, as_of, at
    row.finished_at, row.error = None, None
    if not same_run:
        row.runs += 1
        row.flow_run_id, row.flow_run_name = flow_run_id, flow_run_name
    session.add(row)
    session.flush()
    return row, Start.run


def finish_run(session: Session, cycle: str, occurrence: date, outcome: CycleOutcome, *, at: datetime) -> None:
    """The occurrence's run completed (and closed it, when the body closed it): one UPDATE, no row to load."""
    c = CycleRun.__table__.c
    values = {"state": CycleRunState.completed, "finished_at": at, "summary": outcome.summary, "error": None}
    if outcome.closed:
        values["closed_at"] = sa.func.coalesce(c.closed_at, at)
    session.execute(sa.update(CycleRun.__table__).where(c.cycle == cycle, c.occurrence == occurrence).values(values))


def fail_run(session: Session, *, cycle: str, occurrence: date, error: str, at: datetime,
             flow_run_id: str | None = None, flow_run_name: str | None = None) -> CycleRun:
    """Mark the occurrence's run failed (creating the row when the run failed before it was recorded)."""
    row = find_run(session, cycle, occurrence)
    if row is None:
        row = CycleRun(cycle=cycle, occurrence=occurrence, as_of=at, started_at=at, flow_run_id=flow_run_id,
                       flow_run_name=flow_run_name)
    row.state, row.finished_at, row.error = CycleRunState.failed, at, error[:2000]
    session.add(row)
    return row


def close_occurrence(session: Session, cycle: str, occurrence: date, *, at: datetime) -> bool:
    """Record that the occurrence closed (e.g. the round's bulletin went out); True when it was open."""
    row = find_run(session, cycle, occurrence)
    if row is None or row.closed_at is not None:
        return False
    row.closed_at = at
    session.add(row)
    return True


def find_run(session: Session, cycle: str, occurrence: date) -> CycleRun | None:
    return session.exec(select(CycleRun).where(CycleRun.cycle == cycle, CycleRun.occurrence == occurrence)).first()


# ---- notices to the coordinators -------------------------------------------------------------------------
def failure_notice(*, cycle: str, occurrence: date, flow_run_id: str, flow_run_name: str | None, state: str,
                   message: str | None) -> Outgoing:
    """A failed, crashed or late cycle run, for the coordinators' channel (key: the flow run)."""
    rule = "cycle-late" if state.lower() == "late" else "cycle-failed"
    text = {"cycle-late": "周期运行延迟未开始", "cycle-failed": "周期运行失败"}[rule]
    return Outgoing(COORDINATORS, f"flow-run:{flow_run_id}", rule, occurrence.isoformat(), {
        "cycle": cycle, "occurrence": occurrence.isoformat(), "flow_run_id": flow_run_id,
        "flow_run_name": flow_run_name, "state": state, "message": message,
        "text": f"【督导周期】{cycle} {occurrence.isoformat()} {text}（{state}）：{message or '无详细信息'}",
    })


def missed_notices_for(occurrences: Sequence[Occurrence]) -> list[Outgoing]:
    """Occurrences missed longer ago than their cycle's catch-up age, for the coordinators (not run)."""
    return [Outgoing(COORDINATORS, f"cycle:{o.cycle}", "cycle-missed", o.date.isoformat(), {
        "cycle": o.cycle, "occurrence": o.date.isoformat(),
        "text": f"【督导周期】{o.cycle} {o.date.isoformat()} 未按时运行，已超过补跑期限，未自动补跑，请协调人处理。",
    }) for o in occurrences]


# ---- catch-up ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CatchUp:
    run: list[Occurrence]  # missed and recent enough: run them now
    report: list[Occurrence]  # missed longer ago than the cycle's catch_up_days: tell the coordinators


def missed_occurrences(session: Session, cycles: Sequence[CycleConfig], calendar: WorkingCalendar, *,
                       now: datetime, window_days: int = CATCH_UP_WINDOW_DAYS) -> CatchUp:
    """Occurrences of the last `window_days` that are due by `now` and have no CycleRun.

    The window never starts before the first CycleRun in the ledger: a ledger that never ran a cycle
    has nothing to catch up. An `after:` occurrence is due once the occurrence it follows has closed.
    """
    first = session.exec(select(func.min(CycleRun.occurrence))).one()
    today = now.date()
    start = today - timedelta(days=window_days)
    if first is None or first > today:
        return CatchUp([], [])
    start = max(start, first)
    rows = session.exec(select(CycleRun).where(CycleRun.occurrence >= start)).all()
    recorded = {(r.cycle, r.occurrence) for r in rows}
    closed = {(r.cycle, r.occurrence) for r in rows if r.closed_at is not None}
    by_key = {c.key: c for c in cycles}
    run, report = [], []
    for occ in preview(cycles, calendar, start, today):
        if (occ.cycle, occ.date) in recorded:
            continue
        if occ.follows is not None:
            if (occ.follows, occ.date) not in closed:
                continue
        elif datetime.combine(occ.date, occ.time or time.min, tzinfo=now.tzinfo) > now:
            continue
        too_old = (today - occ.date).days > by_key[occ.cycle].catch_up_days
        (report if too_old else run).append(occ)
    return CatchUp(run, report)
