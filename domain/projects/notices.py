"""What the project ledger sends and raises (项目节点提醒与督办): a reminder to the lead department before each
planned milestone, once (outbox key: department:<lead> / project:<code>:<milestone> / project-remind /
<due date>), and ONE issue for the lead department when a milestone is past its due day and not done
(source project, source_ref project:<code>:<milestone>; the milestone keeps the issue's id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ, cn_date
from config.ledgers import ProjectRules
from domain.calendar import WorkingCalendar
from domain.issues import IssuePolicy, NewIssue, open_issues
from domain.outbox import Outgoing, enqueue
from domain.projects.rules import MILESTONE_NAMES, milestone_due, reminder_day
from models.audit import record_audits
from models.issues import IssueSource
from models.org import Village
from models.projects import ProjectMilestone, ProjectStatus, ProjectVillage, SupportProject

REMIND_AT = time(9, 0)
RULE = "project-remind"


@dataclass(frozen=True)
class _Open:
    """A milestone planned and not done, of a project not withdrawn."""

    milestone_id: int
    project_id: int
    code: str
    name: str
    lead: str
    milestone: str
    planned: date
    due: date
    issue_id: int | None


@dataclass
class ProjectSweep:
    """One pass: reminders queued, issues raised (their ids), milestones past due with no active village."""

    reminders_queued: int = 0
    issues_raised: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = f"扶持项目：节点提醒入队 {self.reminders_queued} 条，逾期节点立问题 {len(self.issues_raised)} 个"
        return out + (f"（{len(self.skipped)} 个节点无在册受益村，未立问题）" if self.skipped else "")


def _open_milestones(session: Session, cal: WorkingCalendar) -> list[_Open]:
    rows = session.execute(
        sa.select(ProjectMilestone.id, SupportProject.id, SupportProject.code, SupportProject.name,
                  SupportProject.lead, ProjectMilestone.milestone, ProjectMilestone.planned_on,
                  ProjectMilestone.issue_id)
        .join(SupportProject, SupportProject.id == ProjectMilestone.project_id)
        .where(ProjectMilestone.planned_on.is_not(None), ProjectMilestone.done_on.is_(None),
               SupportProject.status != ProjectStatus.withdrawn)
        .order_by(SupportProject.code, ProjectMilestone.id)).all()
    return [_Open(mid, pid, code, name, lead, key, planned, milestone_due(planned, cal), issue)
            for mid, pid, code, name, lead, key, planned, issue in rows]


def sweep_projects(session: Session, rules: ProjectRules, cal: WorkingCalendar, policy: IssuePolicy, *,
                   as_of: datetime, actor: str) -> ProjectSweep:
    today = as_of.astimezone(DISTRICT_TZ).date()
    result = ProjectSweep()
    pending = _open_milestones(session, cal)
    reminders = []
    for m in pending:
        remind_on = reminder_day(m.due, rules.remind_days_before, cal)
        if remind_on <= today <= m.due:
            what = MILESTONE_NAMES[m.milestone]
            reminders.append(Outgoing(f"department:{m.lead}", f"project:{m.code}:{m.milestone}", RULE,
                                      m.due.isoformat(), {
                                          "title": f"扶持项目节点提醒：{m.name}",
                                          "text": f"【项目节点提醒】{m.name}（{m.code}）计划于{cn_date(m.due)}"
                                                  f"{what}，请按期推进并报送完成日期。"},
                                      max(as_of, datetime.combine(remind_on, REMIND_AT, DISTRICT_TZ))))
    result.reminders_queued = len(enqueue(session, reminders, at=as_of))
    missed = [m for m in pending if m.due < today and m.issue_id is None]
    if not missed:
        return result
    first_village = _first_active_village(session, sorted({m.project_id for m in missed}))
    raise_for = [m for m in missed if m.project_id in first_village]
    result.skipped = [f"{m.code}:{m.milestone}" for m in missed if m.project_id not in first_village]
    if not raise_for:
        return result
    ids = open_issues(session, [
        NewIssue(title=f"{m.name}“{MILESTONE_NAMES[m.milestone]}”节点逾期未完成"[:200],
                 village=first_village[m.project_id], owner=f"department:{m.lead}", category=rules.category,
                 source=IssueSource.project, source_ref=f"project:{m.code}:{m.milestone}",
                 description=f"扶持项目{m.name}（{m.code}）计划{cn_date(m.planned)}"
                             f"{MILESTONE_NAMES[m.milestone]}，到期日{cn_date(m.due)}仍未完成，请牵头部门督促推进。")
        for m in raise_for], at=as_of, actor=actor, policy=policy,
        where=[f"项目 {m.code} {MILESTONE_NAMES[m.milestone]}" for m in raise_for])
    session.execute(sa.update(ProjectMilestone), [{"id": m.milestone_id, "issue_id": i}
                                                  for m, i in zip(raise_for, ids, strict=True)])
    record_audits(session, [{"at": as_of, "actor": actor, "entity": "project", "entity_id": m.code,
                             "action": "milestone-missed", "to_state": f"issue:{i}",
                             "note": f"{MILESTONE_NAMES[m.milestone]}节点（{m.due}到期）逾期未完成，立问题{i}"}
                            for m, i in zip(raise_for, ids, strict=True)])
    result.issues_raised = list(ids)
    return result


def _first_active_village(session: Session, project_ids: list[int]) -> dict[int, str]:
    """Project id → the code of its first active benefiting village (the place its issue is raised at)."""
    out: dict[int, str] = {}
    for start in range(0, len(project_ids), 5000):
        chunk = project_ids[start:start + 5000]
        for pid, code in session.execute(
                sa.select(ProjectVillage.project_id, sa.func.min(Village.code))
                .join(Village, Village.id == ProjectVillage.village_id)
                .where(ProjectVillage.project_id.in_(chunk), Village.active).group_by(ProjectVillage.project_id)):
            out[pid] = code
    return out
