"""问题到期检查 (deadline-sweep): the flow of every `deadline_sweep` cycle.

The body queues every stage that is due and not yet sent (reminders, due-day and overdue notices,
escalation steps, black-list flags: domain/issues/sweep.py; the notices of qualification-review cases
awaiting 会商处理: domain.party.sweep_reviews), the support projects' milestone reminders and
missed-milestone issues and the contract reviews' reminders and overdue notices (each once), delivers what the
send window allows, and leaves the run's table artifact: lights by town, rows queued, delivered, waiting to retry
and failed.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from config.links import page
from domain.contracts import sweep_contracts
from domain.cycles import CycleOutcome
from domain.issues import sweep_deadlines, sweep_table
from domain.outbox import deliver_outbox, delivery_summary
from domain.party import sweep_reviews
from domain.projects import sweep_projects
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence


def body(uow, occurrence) -> CycleOutcome:
    result = sweep_deadlines(uow)
    reviews = sweep_reviews(uow)  # qualification cases awaiting 会商处理: reminded, due, overdue (once each)
    ledgers = [sweep_projects(uow).text, sweep_contracts(uow).text]  # milestone and review deadlines, once each
    report = deliver_outbox(uow)
    rows = sweep_table(result, delivered=report.delivered, retrying=report.retrying, failed=report.failed)
    create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-table", table=rows,
                          description=f"问题到期检查 {occurrence.date}：各镇街红黄绿灯、入队、送达、等待重试与失败")
    summary = (f"问题到期检查 {occurrence.date}：{result.summary()}"
               + (f"；会商处理提醒{reviews}条" if reviews else "")
               + f"；{'；'.join(ledgers)}；{delivery_summary(report)}")
    links = f"- 查看：{page('工作台', 'dashboard')}、{page('问题台账', 'issues')}、{page('运行记录', 'runs')}"
    return CycleOutcome(summary, links, delivered=True)


@flow(name="deadline-sweep", description="问题到期检查", **CYCLE_FLOW)
def deadline_sweep(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 问题到期检查 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
