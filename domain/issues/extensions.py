"""Extensions (延期): requested with a reason and a new date, on or before the deadline day; a coordinator
approves or refuses. An approved extension moves the issue's deadline, and with it every reminder."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import IllegalTransition, InputError, NotFound, Problem
from domain.issues.lifecycle import get_issue
from domain.issues.lights import local_day
from domain.issues.raising import IssuePolicy
from domain.issues.stages import ESCALATION, OWNER_RULES
from domain.issues.transitions import STATUS_NAMES
from domain.outbox import Outgoing, enqueue, set_status
from models.issues import Extension, ExtensionStatus, IssueEvent, IssueStatus
from models.outbox import OutboxStatus

EXTENDABLE = (IssueStatus.open, IssueStatus.rectifying)


def request_extension(session: Session, issue_id: int, *, new_deadline: date, reason: str, at: datetime,
                      actor: str, policy: IssuePolicy) -> Extension:
    issue = get_issue(session, issue_id)
    where = f"issue {issue_id}"
    today = local_day(at, policy.tz)
    problems = []
    if issue.status not in EXTENDABLE:
        raise IllegalTransition(f"问题 {issue_id} 目前为{STATUS_NAMES[issue.status]}",
                                [Problem(where, "只有交办或整改中的问题可以申请延期")])
    if pending_extension(session, issue_id) is not None:
        raise IllegalTransition("已有待审批的延期申请",
                                [Problem(where, "请先批准或驳回待审批的申请")])
    if today > issue.deadline:
        problems.append(Problem(where, f"整改期限 {issue.deadline} 已过；延期须在期限当天或之前申请"))
    if not (reason or "").strip():
        problems.append(Problem(f"{where}: 理由", "必填：为什么整改需要更多时间"))
    if new_deadline <= issue.deadline:
        problems.append(Problem(f"{where}: 新期限",
                                f"{new_deadline} 应晚于原整改期限 {issue.deadline}"))
    elif not policy.calendar.is_working_day(new_deadline):
        problems.append(Problem(f"{where}: 新期限", f"{new_deadline} 不是工作日；下一个工作日是 "
                                                       f"{policy.calendar.next_working_day(new_deadline)}"))
    if problems:
        raise InputError("不能申请延期", problems)
    ext = Extension(issue_id=issue_id, requested_at=at, requested_by=actor, reason=reason.strip(),
                    old_deadline=issue.deadline, new_deadline=new_deadline)
    session.add(ext)
    session.add(IssueEvent(issue_id=issue_id, at=at, actor=actor, action="extension-request",
                           from_status=issue.status, to_status=issue.status,
                           note=f"申请延期至 {new_deadline}：{ext.reason}"))
    session.flush()
    _notify(session, issue, ext, "coordinators", "extension-request", at)
    return ext


def pending_extension(session: Session, issue_id: int) -> Extension | None:
    return session.execute(sa.select(Extension).where(
        Extension.issue_id == issue_id, Extension.status == ExtensionStatus.requested)).scalars().first()


def decide_extension(session: Session, issue_id: int, *, approve: bool, at: datetime, actor: str,
                     policy: IssuePolicy, note: str | None = None) -> Extension:
    """Approve or refuse the issue's pending extension request (a coordinator's decision)."""
    ext = pending_extension(session, issue_id)
    if ext is None:
        raise NotFound("没有待审批的延期申请", [Problem(f"问题 {issue_id}", "没有需要审批的延期申请")])
    issue = get_issue(session, issue_id)
    if approve and issue.status not in EXTENDABLE:
        raise IllegalTransition(f"问题 {issue_id} 当前为「{STATUS_NAMES[issue.status]}」",
                                [Problem(f"问题 {issue_id}", "只有待整改或整改中的问题可以延期；"
                                                             "请改为驳回该申请")])
    ext.status = ExtensionStatus.approved if approve else ExtensionStatus.refused
    ext.decided_at, ext.decided_by, ext.decision_note = at, actor, note
    session.add(ext)
    if approve:
        # reminders about the old deadline are moot; the sweep arms them again for the new one
        set_status(session, f"issue:{issue_id}", rules=(), prefixes=(*OWNER_RULES, ESCALATION),
                   period=issue.deadline.isoformat(), to=OutboxStatus.cancelled, where=OutboxStatus.pending)
        issue.deadline = ext.new_deadline
        session.add(issue)
    verdict = "批准" if approve else "不批准"
    session.add(IssueEvent(issue_id=issue_id, at=at, actor=actor,
                           action="extension-approve" if approve else "extension-refuse",
                           from_status=issue.status, to_status=issue.status,
                           note=f"{verdict}延期至 {ext.new_deadline}" + (f"：{note}" if note else "")))
    _notify(session, issue, ext, issue.owner, "extension-approved" if approve else "extension-refused", at)
    return ext


def _notify(session: Session, issue, ext: Extension, recipient: str, rule: str, at: datetime) -> None:
    payload = {"new_deadline": ext.new_deadline.isoformat(), "reason": ext.reason}
    enqueue(session, [Outgoing(recipient, f"issue:{issue.id}", rule, f"x{ext.id}", payload)], at=at)
