"""The issue lifecycle (整改流程): ONE function, `transition`, changes an issue's status.

    open 交办 --start--> rectifying 整改中 --submit--> awaiting_verification 待验收 --pass--> closed 已销号
                                 ^                                 |                         |
                                 +--------------fail---------------+                         |
                                 +--------------------------reopen---------------------------+

Each change writes an IssueEvent (actor, time, from, to, note, evidence) and, where someone must
know, queues a message in the same transaction. An illegal change raises IllegalTransition naming
the actions allowed from the current status. Non-status edits go through `edit_issue`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from config.errors import InputError, NotFound, Problem
from domain.issues.lights import local_day
from domain.issues.raising import IssuePolicy
from domain.issues.stages import ESCALATION, OWNER_RULES, VERIFY_RULES
from domain.issues.transitions import Action, next_status, parse_action, path_to
from domain.outbox import Outgoing, enqueue, set_status
from models.issues import Issue, IssueEvent, IssueStatus, Severity
from models.outbox import OutboxStatus
from models.units import UnitDirectory

EDITABLE = ("owner", "category", "severity", "title", "description", "income_added_yuan")


@dataclass(frozen=True)
class Change:
    """One lifecycle action being applied: what its effect on the issue needs."""

    session: Session
    issue: Issue
    at: datetime
    policy: IssuePolicy
    submitted_at: datetime | None = None  # submit: when the rectification was handed in, if earlier
    deadline: date | None = None  # reopen: the new deadline


def get_issue(session: Session, issue_id: int) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None:
        raise NotFound("没有这个问题", [Problem(f"问题 {issue_id}", "没有这个编号的问题")])
    return issue


def transition(session: Session, issue_id: int, action: Action | str, *, at: datetime, actor: str,
               policy: IssuePolicy, note: str | None = None, evidence: Sequence[str] = (),
               submitted_at: datetime | None = None, deadline: date | None = None) -> Issue:
    """Apply one lifecycle action. `submitted_at` (submit) backdates the rectification's submission, e.g.
    from a filled-in sheet; `deadline` (reopen) gives the reopened issue a new deadline."""
    issue = get_issue(session, issue_id)
    action = parse_action(action, where=f"issue {issue_id}")
    target = next_status(issue.status, action, where=f"issue {issue_id}")
    before = issue.status
    _EFFECTS[action](Change(session, issue, at, policy, submitted_at=submitted_at, deadline=deadline))
    issue.status = target
    session.add(issue)
    event = IssueEvent(issue_id=issue.id, at=at, actor=actor, action=action.value, from_status=before,
                       to_status=target, note=note, evidence=list(evidence))
    session.add(event)
    session.flush()
    if action in NOTICES:
        payload = {"note": note} if note else {}  # the issue's own facts are read at delivery
        enqueue(session, [Outgoing(issue.owner, f"issue:{issue.id}", NOTICES[action], f"e{event.id}", payload)], at=at)
    return issue


def _start(change: Change) -> None:
    pass


def _submit(change: Change) -> None:
    session, issue, at, policy = change.session, change.issue, change.at, change.policy
    when = change.submitted_at or at
    if when > at or when < issue.opened_at:
        raise InputError("提交整改时间不可能", [Problem(
            f"问题 {issue.id}: submitted_at", f"{when:%Y-%m-%d %H:%M} 不在立项时间"
                                             f"（{issue.opened_at:%Y-%m-%d}）与现在之间")])
    issue.submitted_at = when
    issue.verify_deadline = policy.calendar.add_working_days(local_day(at, policy.tz), policy.rules.verify_days)
    set_status(session, f"issue:{issue.id}", rules=(), prefixes=(*OWNER_RULES, ESCALATION),
               to=OutboxStatus.cancelled, where=OutboxStatus.pending)  # the light is frozen now


def _pass(change: Change) -> None:
    session, issue, policy = change.session, change.issue, change.policy
    issue.closed_at = change.at
    issue.closed_on_time = local_day(issue.submitted_at, policy.tz) <= issue.deadline
    set_status(session, f"issue:{issue.id}", rules=VERIFY_RULES, prefixes=(*OWNER_RULES, ESCALATION),
               to=OutboxStatus.cancelled, where=OutboxStatus.pending)


def _fail(change: Change) -> None:
    session, issue = change.session, change.issue
    issue.submitted_at = issue.verify_deadline = None
    set_status(session, f"issue:{issue.id}", rules=VERIFY_RULES, to=OutboxStatus.cancelled,
               where=OutboxStatus.pending)
    # the clock resumes: deadline stages held back while it was frozen are due again
    set_status(session, f"issue:{issue.id}", rules=(), prefixes=(*OWNER_RULES, ESCALATION),
               period=issue.deadline.isoformat(), to=OutboxStatus.pending, where=OutboxStatus.cancelled)


def _reopen(change: Change) -> None:
    issue, policy, deadline = change.issue, change.policy, change.deadline
    issue.closed_at = issue.closed_on_time = issue.submitted_at = issue.verify_deadline = None
    if deadline is not None:
        today = local_day(change.at, policy.tz)
        if deadline < today or not policy.calendar.is_working_day(deadline):
            raise InputError("整改期限无效", [Problem(f"问题 {issue.id}: deadline",
                                                          f"{deadline} 应为今天或以后的工作日")])
        issue.deadline = deadline


_EFFECTS: dict[Action, Callable[[Change], None]] = {
    Action.start: _start, Action.submit: _submit, Action.pass_: _pass, Action.fail: _fail, Action.reopen: _reopen}
NOTICES = {Action.pass_: "verify-pass", Action.fail: "verify-fail", Action.reopen: "reopen"}


def walk_to(session: Session, issue_id: int, target: IssueStatus, *, at: datetime, actor: str,
            policy: IssuePolicy, note: str | None = None, evidence: Sequence[str] = (),
            submitted_at: datetime | None = None) -> list[Action]:
    """Take the issue to `target` through the lifecycle, one event per step (a sheet's status column,
    a meeting that settles an issue); return the actions taken."""
    actions = path_to(get_issue(session, issue_id).status, target)
    for action in actions:
        transition(session, issue_id, action, at=at, actor=actor, policy=policy, note=note, evidence=evidence,
                   submitted_at=submitted_at if action is Action.submit else None)
    return actions


def settle_issue(session: Session, issue_id: int, *, at: datetime, actor: str, policy: IssuePolicy,
                 note: str | None = None, evidence: Sequence[str] = ()) -> list[Action]:
    """Close an issue settled elsewhere (e.g. at a meeting, the meeting as evidence) through the lifecycle."""
    return walk_to(session, issue_id, IssueStatus.closed, at=at, actor=actor, policy=policy, note=note,
                   evidence=evidence)


def edit_issue(session: Session, issue_id: int, *, at: datetime, actor: str, policy: IssuePolicy,
               note: str | None = None, **changes) -> Issue:
    """Change an issue's owner, category, severity, title, description or 增收 (income_added_yuan)."""
    issue = get_issue(session, issue_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InputError("不可修改的字段", [Problem(f"问题 {issue_id}", f"{', '.join(sorted(unknown))} 不可修改；"
                                                  f"可修改：{', '.join(EDITABLE)}")])
    problems = _check_edit(session, issue_id, changes, policy)
    if problems:
        raise InputError(f"不能修改问题 {issue_id}", problems)
    diff = {k: (getattr(issue, k), v) for k, v in changes.items() if getattr(issue, k) != v}
    if not diff:
        return issue
    for k, (_, v) in diff.items():
        setattr(issue, k, v)
    session.add(issue)
    text = "; ".join(f"{k}: {old} → {new}" for k, (old, new) in diff.items())
    session.add(IssueEvent(issue_id=issue_id, at=at, actor=actor, action="edit", from_status=issue.status,
                           to_status=issue.status, note=f"{text}" + (f" — {note}" if note else "")))
    return issue


def _check_edit(session: Session, issue_id: int, changes: dict, policy: IssuePolicy) -> list[Problem]:
    where = f"问题 {issue_id}"
    problems = []
    if "income_added_yuan" in changes and (changes["income_added_yuan"] or 0) < 0:
        problems.append(Problem(f"{where}: income_added_yuan", "增收应为非负的金额（元）"))
    if "category" in changes and changes["category"] not in policy.rules.categories:
        problems.append(Problem(f"{where}: category", f"应为以下之一：{'、'.join(policy.rules.categories)}"))
    if "severity" in changes:
        try:
            changes["severity"] = Severity(changes["severity"])
        except ValueError:
            problems.append(Problem(f"{where}: severity", f"应为以下之一：{', '.join(s.value for s in Severity)}"))
    if "title" in changes and not (changes["title"] or "").strip():
        problems.append(Problem(f"{where}: title", "必填，不能为空"))
    if "owner" in changes and not UnitDirectory.of(session).is_known(changes["owner"]):
        problems.append(Problem(f"{where}: owner", f"{changes['owner']!r} 不是已知的单位"))
    return problems
