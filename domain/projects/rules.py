"""The support projects' rules on plain values: the milestones and their order, a project's status from the
milestones done, a milestone's working-day due date and reminder day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from domain.calendar import WorkingCalendar
from models.projects import ProjectStatus


class MilestoneKind(NamedTuple):
    key: str
    name: str
    status: ProjectStatus  # the project's status once it is done


MILESTONES = (
    MilestoneKind("approve", "立项", ProjectStatus.approved),
    MilestoneKind("start", "开工", ProjectStatus.building),
    MilestoneKind("build", "建成", ProjectStatus.built),
    MilestoneKind("accept", "验收", ProjectStatus.accepted),
    MilestoneKind("operate", "投产", ProjectStatus.operating),
)
MILESTONE_NAMES = {m.key: m.name for m in MILESTONES}
MILESTONE_BY_TEXT = {**{m.key: m for m in MILESTONES}, **{m.name: m for m in MILESTONES}}
STATUS_NAMES = {ProjectStatus.applied: "申报", ProjectStatus.approved: "立项", ProjectStatus.building: "在建",
                ProjectStatus.built: "建成", ProjectStatus.accepted: "验收", ProjectStatus.operating: "投产",
                ProjectStatus.withdrawn: "撤销"}
STATUS_BY_TEXT = {**{s.value: s for s in ProjectStatus}, **{n: s for s, n in STATUS_NAMES.items()},
                  "已撤销": ProjectStatus.withdrawn}


def project_status(done: Mapping[str, date | None], *, withdrawn: bool = False) -> ProjectStatus:
    """申报 until 立项 is done; then the status of the furthest milestone done; 撤销 when withdrawn."""
    if withdrawn:
        return ProjectStatus.withdrawn
    status = ProjectStatus.applied
    for m in MILESTONES:
        if done.get(m.key) is not None:
            status = m.status
    return status


def milestone_due(planned: date, cal: WorkingCalendar) -> date:
    """The working day a planned milestone is due: the planned day, or the next working day after it when it
    falls on a weekend or holiday (2022-10-03, National Day → Saturday 2022-10-08, a make-up working day)."""
    return cal.next_working_day(planned, include=True)


def reminder_day(due: date, days_before: int, cal: WorkingCalendar) -> date:
    """The working day `days_before` working days before `due` (the due day itself when 0)."""
    return cal.subtract_working_days(due, days_before) if days_before else due


def order_problems(dates: Mapping[str, date | None]) -> list[str]:
    """Done (or planned) dates must follow the milestones' order: each is on or after the one before it."""
    out, last = [], None
    for m in MILESTONES:
        d = dates.get(m.key)
        if d is None:
            continue
        if last is not None and d < last[1]:
            out.append(f"{m.name}（{d}）早于{last[0]}（{last[1]}）")
        last = (m.name, d)
    return out
