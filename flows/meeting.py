"""每周例会、联席会议 (meeting): the flow of every `meeting` cycle ([[meetings]] says which kind and who attends).

The body (the extension point, docs/schedule.md) records the cycle's earlier meetings that have been held since
their brief (with the issues the brief put on their agenda), then prepares this occurrence's progress brief
(进展简报, .md and .docx) from the ledger and queues it to the participants — once per occurrence, however often
it runs; the flow delivers it before the meeting sits. The brief is the run's markdown artifact.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from config.links import document, page
from config.settings import get_settings
from domain.calendar import Occurrence
from domain.cycles import CycleOutcome
from domain.meetings import prepare_brief
from domain.unit_of_work import UnitOfWork
from flows.cycle import CYCLE_FLOW, run_occurrence


def body(uow: UnitOfWork, occurrence: Occurrence) -> CycleOutcome:
    done = prepare_brief(uow, occurrence.cycle, occurrence.date, outputs_dir=get_settings().outputs_dir)
    agenda = "、".join(page(f"问题{i}", f"issues/{i}") for i in done.agenda) or "无"
    details = [f"- 简报：{document(done.docx)}（Word）、{document(done.markdown)}（Markdown）",
               f"- 列入议程的问题：{agenda}",
               f"- 会后由协调人补录研究解决、新交办的问题（`dudao meetings record --date {done.held_on} --kind "
               f"{done.kind.value} --settle 问题编号=增收元`）"]
    return CycleOutcome(done.line, "\n".join(details), closed=True)


@flow(name="meeting", description="每周例会、联席会议", **CYCLE_FLOW)
def meeting(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a meeting cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
