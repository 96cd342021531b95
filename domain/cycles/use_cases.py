"""A cycle occurrence's run on a unit of work — what every cycle flow does around its body: begin (once per
occurrence), finish, fail with a notice to the coordinators, close for its `after:` followers, and the
catch-up after a stop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.calendar import Occurrence, occurrence_on, working_calendar
from domain.cycles.runs import (
    CatchUp,
    CycleOutcome,
    Start,
    begin_run,
    close_occurrence,
    fail_run,
    failure_notice,
    find_run,
    finish_run,
    missed_notices_for,
    missed_occurrences,
)
from domain.outbox import Outgoing, enqueue
from models.cycles import CycleRun, CycleRunState

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OccurrenceStart:
    """Whether a run of a cycle on a day goes ahead: `occurrence` is None when the day is not one of the
    cycle's occurrences; `start` says run, done (already completed) or busy (another run is on it)."""

    occurrence: Occurrence | None
    start: Start | None = None
    runs: int = 0  # how many times this occurrence has run, this run included
    flow_run_name: str | None = None  # the run that holds the occurrence (this one, or the one done/busy)


@dataclass(frozen=True)
class TroubledRun:
    """A cycle's flow run that Prefect reports Late, Failed or Crashed."""

    cycle: str
    occurrence: date
    flow_run_id: str
    flow_run_name: str | None
    state: str
    message: str | None


def start_occurrence(uow: UnitOfWork, cycle: str, day: date, *, flow_run_id: str | None,
                     flow_run_name: str | None, started: datetime, rerun: bool = False) -> OccurrenceStart:
    """Resolve the occurrence on `day` and record that its run starts (one CycleRun per occurrence)."""
    occ = occurrence_on(uow.config.cycles, working_calendar(uow), cycle, day)
    if occ is None:
        return OccurrenceStart(None)
    row, start = begin_run(uow.session, cycle=cycle, occurrence=occ.date, as_of=uow.as_of, flow_run_id=flow_run_id,
                           flow_run_name=flow_run_name, at=started, rerun=rerun)
    return OccurrenceStart(occ, start, row.runs, row.flow_run_name or row.flow_run_id)


def finish_occurrence(uow: UnitOfWork, occurrence: Occurrence, outcome: CycleOutcome, *, finished: datetime) -> None:
    """The body ran: record its summary (and the close, when the body closed the occurrence)."""
    finish_run(uow.session, occurrence.cycle, occurrence.date, outcome, at=finished)


def fail_occurrence(uow: UnitOfWork, run: TroubledRun) -> list[int]:
    """A run failed or crashed: mark its CycleRun failed and queue a notice to the coordinators (ids queued)."""
    fail_run(uow.session, cycle=run.cycle, occurrence=run.occurrence, error=run.message or run.state, at=uow.as_of,
             flow_run_id=run.flow_run_id, flow_run_name=run.flow_run_name)
    return enqueue(uow.session, [_notice(run)], at=uow.as_of)


def report_troubled_runs(uow: UnitOfWork, runs: Sequence[TroubledRun]) -> int:
    """Late, failed or crashed runs seen by `dudao serve`'s watcher: a notice each (once per flow run), and a
    failed or crashed run that still holds its occurrence as running is marked failed. Returns rows queued."""
    for run in runs:
        if run.state == "Late":
            continue
        row = find_run(uow.session, run.cycle, run.occurrence)
        if row is not None and row.flow_run_id == run.flow_run_id and row.state is CycleRunState.running:
            fail_run(uow.session, cycle=run.cycle, occurrence=run.occurrence, at=uow.as_of,
                     error=f"{run.state}: {run.message}", flow_run_id=run.flow_run_id,
                     flow_run_name=run.flow_run_name)
    return len(enqueue(uow.session, [_notice(r) for r in runs], at=uow.as_of))


def close_cycle_occurrence(uow: UnitOfWork, cycle: str, occurrence: date) -> bool:
    """Record that an occurrence closed (its `after:` followers may run); True when it was open."""
    return close_occurrence(uow.session, cycle, occurrence, at=uow.as_of)


def catch_up(uow: UnitOfWork) -> CatchUp:
    """What a (re)started `dudao serve` runs now; the occurrences too old to run are reported to the
    coordinators (a notice each, once)."""
    plan = missed_occurrences(uow.session, uow.config.cycles, working_calendar(uow), now=uow.as_of)
    enqueue(uow.session, missed_notices_for(plan.report), at=uow.as_of)
    return plan


def _notice(run: TroubledRun) -> Outgoing:
    return failure_notice(cycle=run.cycle, occurrence=run.occurrence, flow_run_id=run.flow_run_id,
                          flow_run_name=run.flow_run_name, state=run.state, message=run.message)


def list_runs(uow: UnitOfWork, *, limit: int = 200) -> list[CycleRun]:
    """运行记录: the cycles' runs, newest occurrence first (each names its latest Prefect flow run)."""
    import sqlalchemy as sa

    return list(uow.session.scalars(sa.select(CycleRun).order_by(CycleRun.occurrence.desc(), CycleRun.id.desc())
                                    .limit(limit)))
