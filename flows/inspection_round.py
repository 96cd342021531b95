"""两周一督查 (inspection-round): the flow of every `inspection_round` cycle.

The body (the extension point, docs/schedule.md) closes the earlier rounds still open — each bulletin in its
own committed unit of work, then that occurrence's `after:` followers run — and plans this occurrence's
round in the flow's session; the plan is the run's table artifact. The round's own occurrence closes later,
when its bulletin is published (`dudao rounds close`, or planning the next round).
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from config.settings import get_settings
from domain.cycles import CycleOutcome
from domain.rounds import close_rounds, open_rounds_before, plan_next_round, plan_table, run_summary
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence
from flows.followers import occurrence_closed


def body(uow, occurrence) -> CycleOutcome:
    session, cfg = uow.session, uow.config
    closed = close_rounds(session, cfg, open_rounds_before(session, occurrence.date), at=uow.as_of, actor=uow.who,
                          outputs_dir=get_settings().outputs_dir)
    uow.commit()  # the followers read the closed rounds
    for c in closed:
        if c.created:
            occurrence_closed(c.cycle_key, c.occurrence, uow.as_of)
    planned = plan_next_round(session, cfg, occurrence=occurrence.date, at=uow.as_of, actor=uow.who,
                              cycle_key=occurrence.cycle)
    create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-plan",
                          table=plan_table(session, planned.key), description=f"{planned.key} 督查安排")
    summary, details = run_summary(planned, closed)
    return CycleOutcome(summary, details, closed=False)


@flow(name="inspection-round", description="两周一督查", **CYCLE_FLOW)
def inspection_round(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 两周一督查 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
