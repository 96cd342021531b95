"""两周一督查 (inspection-round): the flow of every `inspection_round` cycle.

The body (the extension point, docs/schedule.md) closes the earlier rounds still open — their bulletins
published and their occurrences closed, committed before that occurrence's `after:` followers run — and plans
this occurrence's round in the same unit of work; the plan is the run's table artifact. The round's own
occurrence closes later, when its bulletin is published (`dudao rounds close`, or planning the next round).
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from config.settings import get_settings
from domain.calendar import Occurrence
from domain.cycles import CycleOutcome
from domain.rounds import close_rounds_before, plan_round, plan_table, run_summary
from domain.unit_of_work import UnitOfWork
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence
from flows.followers import occurrence_closed


def body(uow: UnitOfWork, occurrence: Occurrence) -> CycleOutcome:
    closed = close_rounds_before(uow, occurrence.date, outputs_dir=get_settings().outputs_dir)
    uow.commit()  # the followers read the closed rounds
    for c in closed:
        if c.created:
            occurrence_closed(c.cycle_key, c.occurrence, uow.as_of)
    planned = plan_round(uow, occurrence.date, cycle_key=occurrence.cycle)
    create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-plan",
                          table=plan_table(uow, planned.key), description=f"{planned.key} 督查安排")
    summary = run_summary(planned, closed)
    return CycleOutcome(summary.line, summary.details, closed=False)


@flow(name="inspection-round", description="两周一督查", **CYCLE_FLOW)
def inspection_round(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 两周一督查 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
