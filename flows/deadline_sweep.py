"""问题到期检查 (deadline-sweep): the flow of every `deadline_sweep` cycle.

The body queues every stage that is due and not yet sent (reminders, due-day and overdue notices,
escalation steps, black-list flags: domain/sweep.py), delivers what the send window allows, and leaves
the run's table artifact: lights by town, rows queued, delivered, waiting to retry and failed.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from domain.cycle_runs import CycleOutcome
from domain.sweep import run_sweep, sweep_table
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence
from flows.delivery import deliver_due, delivery_summary


def body(session, cfg, calendar, occurrence, as_of) -> CycleOutcome:
    result = run_sweep(session, cfg, calendar, as_of)
    session.commit()  # delivery reads the queue through its own connection
    report = deliver_due(cfg, calendar, as_of)
    rows = sweep_table(result, delivered=report.delivered, retrying=report.retrying, failed=report.failed)
    create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-table", table=rows,
                          description=f"问题到期检查 {occurrence.date}：各镇街红黄绿灯、入队、送达、等待重试与失败")
    summary = f"问题到期检查 {occurrence.date}：{result.summary()}；{delivery_summary(report)}"
    return CycleOutcome(summary, delivered=True)


@flow(name="deadline-sweep", description="问题到期检查", **CYCLE_FLOW)
def deadline_sweep(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 问题到期检查 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
