"""Reading the ledger (问题台账): issues filtered by town, village, owner, status, light and source, with their
lights as of a day, and one issue's full history."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import InputError, Problem
from domain.issues.lifecycle import get_issue
from domain.issues.lights import LIGHT_NAMES, Light, days_left, issue_light, issue_overdue_by, local_day, reference_day
from domain.issues.raising import SEVERITY_NAMES, SOURCE_NAMES, IssuePolicy
from domain.issues.transitions import ACTION_NAMES, STATUS_NAMES
from models.issues import Extension, Issue, IssueEvent, IssueFlag, IssueSource, IssueStatus
from models.org import Town, Village
from models.outbox import OutboxMessage
from models.units import UnitDirectory

EVENT_NAMES = {**{a.value: n for a, n in ACTION_NAMES.items()}, "open": "交办", "edit": "修改",
               "extension-request": "申请延期", "extension-approve": "批准延期", "extension-refuse": "不批准延期",
               "blacklist": "黑榜预警"}
STATUS_BY_NAME = {**{s.value: s for s in IssueStatus}, **{n: s for s, n in STATUS_NAMES.items()}}


@dataclass
class IssueRow:
    id: int
    source: str
    source_ref: str | None
    town_code: str
    town: str
    village_code: str | None
    village: str | None
    owner: str
    owner_name: str
    category: str
    severity: str
    title: str
    description: str | None
    opened: date
    original_deadline: date
    deadline: date
    status: str
    light: str | None  # green/yellow/red; None when closed
    frozen: bool  # awaiting verification: the light is as of the submission day
    days_left: int | None
    overdue_days: int
    submitted: date | None
    verify_deadline: date | None
    closed: date | None
    closed_on_time: bool | None
    income_added_yuan: int | None
    blacklisted: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Filters:
    town: str | None = None  # code or name
    village: str | None = None  # code or name
    owner: str | None = None  # audience tag
    status: str | None = None  # value or 中文 name
    light: str | None = None  # green/yellow/red or 绿灯/黄灯/红灯
    source: str | None = None
    villages: tuple[str, ...] | None = None  # village codes (a team's assignments); () matches nothing
    opened_from: date | None = None  # opened on or after (the district's day)
    opened_to: date | None = None  # opened on or before


def list_issues(session: Session, filters: Filters, *, day: date, policy: IssuePolicy,
                ids: list[int] | None = None, limit: int | None = None, offset: int = 0) -> list[IssueRow]:
    """The issues matching every filter, with their lights as of `day`, by id; `limit`/`offset` page them (in
    SQL unless a light is asked for: lights are computed per row)."""
    q = (sa.select(Issue, Town.code, Town.name, Village.code, Village.name, IssueFlag.flagged_at)
         .join(Town, Town.id == Issue.town_id).outerjoin(Village, Village.id == Issue.village_id)
         .outerjoin(IssueFlag, IssueFlag.issue_id == Issue.id).order_by(Issue.id))
    if ids is not None:
        q = q.where(Issue.id.in_(ids))
    q, wanted_light = _filtered(session, q, filters, policy)
    if wanted_light is None and limit is not None:
        q = q.limit(limit).offset(offset)
    found = session.execute(q).all()
    units = _owners_directory(session, [r[0].owner for r in found])
    rows = [_row(i, tc, tn, vc, vn, f is not None, units, day, policy) for i, tc, tn, vc, vn, f in found]
    if wanted_light is None:
        return rows
    rows = [r for r in rows if r.light == wanted_light]
    return rows[offset:offset + limit] if limit is not None else rows


def _owners_directory(session: Session, owners: list[str]) -> UnitDirectory:
    """The units that name these owners: the unit of work's directory when it was read already, else only the
    owners' villages (a page of a 20,000-village ledger does not read every village)."""
    if "unit_directory" in session.info:
        return session.info["unit_directory"]
    codes = {o.partition(":")[2] for o in owners if o.startswith("village:")}
    return UnitDirectory.load(session, village_codes=codes)


def count_issues(session: Session, filters: Filters, *, day: date, policy: IssuePolicy) -> int:
    """How many issues match the filters (one COUNT unless a light is asked for)."""
    q = (sa.select(sa.func.count()).select_from(Issue).join(Town, Town.id == Issue.town_id)
         .outerjoin(Village, Village.id == Issue.village_id))
    q, wanted_light = _filtered(session, q, filters, policy)
    if wanted_light is None:
        return session.scalar(q) or 0
    return len(list_issues(session, filters, day=day, policy=policy))


def _filtered(session: Session, q, filters: Filters, policy: IssuePolicy):
    problems = []
    if filters.town:
        q = q.where(sa.or_(Town.code == filters.town, Town.name == filters.town))
        if session.execute(sa.select(Town.id).where(sa.or_(Town.code == filters.town, Town.name == filters.town))
                           .limit(1)).first() is None:  # a typo is not "no issues" (roster show says so too)
            problems.append(Problem(f"--town {filters.town!r}", "没有这个镇街；应为镇街名称或编码"))
    if filters.village:
        q = q.where(sa.or_(Village.code == filters.village, Village.name == filters.village))
        found = sa.select(Village.id).where(sa.or_(Village.code == filters.village, Village.name == filters.village))
        if session.execute(found.limit(1)).first() is None:
            problems.append(Problem(f"--village {filters.village!r}", "没有这个村（社区）；应为村（社区）名称或编码"))
    if filters.owner:
        q = q.where(Issue.owner == filters.owner)
    if filters.status:
        status = STATUS_BY_NAME.get(filters.status)
        if status is None:
            problems.append(Problem("--status", f"{filters.status!r} 不是问题状态；可选："
                                                 + ", ".join(f"{s.value} ({STATUS_NAMES[s]})" for s in IssueStatus)))
        q = q.where(Issue.status == status)
    if filters.source:
        if filters.source not in {s.value for s in IssueSource}:
            problems.append(Problem("--source", f"{filters.source!r} 不是问题来源；可选："
                                                 + ", ".join(s.value for s in IssueSource)))
        q = q.where(Issue.source == filters.source)
    wanted_light = {**{x.value: x for x in Light}, **{n: x for x, n in LIGHT_NAMES.items()}}.get(filters.light or "")
    if filters.light and wanted_light is None:
        problems.append(Problem("--light", f"{filters.light!r} 不是灯色；应为 绿灯/黄灯/红灯（green、yellow、red）"))
    if filters.villages is not None:
        q = q.where(Village.code.in_(filters.villages))
    if filters.opened_from is not None:
        q = q.where(Issue.opened_at >= start_of_day(filters.opened_from, policy.tz))
    if filters.opened_to is not None:
        q = q.where(Issue.opened_at < start_of_day(filters.opened_to + timedelta(days=1), policy.tz))
    if problems:
        raise InputError("筛选条件无效，未列出（未写入任何文件）", problems)
    return q, wanted_light


def start_of_day(day: date, tz) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def _row(i: Issue, town_code, town, village_code, village, flagged: bool, units, day: date,
         policy: IssuePolicy) -> IssueRow:
    cal, tz = policy.calendar, policy.tz
    submitted = local_day(i.submitted_at, tz) if i.submitted_at else None
    frozen = i.status is IssueStatus.awaiting_verification and submitted is not None
    ref = reference_day(i, day, tz)
    lit = issue_light(i, day, cal, policy.rules.warn_days, tz)
    return IssueRow(
        id=i.id, source=i.source.value, source_ref=i.source_ref, town_code=town_code, town=town,
        village_code=village_code, village=village, owner=i.owner, owner_name=units.label(i.owner),
        category=i.category, severity=i.severity.value, title=i.title, description=i.description,
        opened=local_day(i.opened_at, tz), original_deadline=i.original_deadline, deadline=i.deadline,
        status=i.status.value, light=None if lit is None else lit.value,
        frozen=frozen, days_left=None if ref is None or ref > i.deadline else days_left(i.deadline, ref, cal),
        overdue_days=issue_overdue_by(i, day, cal, tz), submitted=submitted,
        verify_deadline=i.verify_deadline, closed=local_day(i.closed_at, tz) if i.closed_at else None,
        closed_on_time=i.closed_on_time, income_added_yuan=i.income_added_yuan, blacklisted=flagged)


def history(session: Session, issue_ids: list[int]) -> dict[int, list[IssueEvent]]:
    found: dict[int, list[IssueEvent]] = {i: [] for i in issue_ids}
    for chunk in range(0, len(issue_ids), 5000):
        ids = issue_ids[chunk:chunk + 5000]
        for e in session.scalars(sa.select(IssueEvent).where(IssueEvent.issue_id.in_(ids)).order_by(IssueEvent.id)):
            found[e.issue_id].append(e)
    return found


def history_summary(events: list[IssueEvent], policy: IssuePolicy) -> str:
    """One line for the spreadsheet: 09-26 交办；10-12 提交整改；…"""
    return "；".join(f"{local_day(e.at, policy.tz):%m-%d} {EVENT_NAMES.get(e.action, e.action)}"
                    + (f"（{e.note}）" if e.note and e.action in ("fail", "extension-request") else "")
                    for e in events)


def issue_detail(session: Session, issue_id: int, *, day: date, policy: IssuePolicy) -> dict:
    """Everything about one issue: its row, its full history, extensions and messages."""
    issue = get_issue(session, issue_id)
    (row,) = list_issues(session, Filters(), day=day, policy=policy, ids=[issue.id])
    units = UnitDirectory.of(session)
    events = history(session, [issue_id])[issue_id]
    extensions = session.scalars(sa.select(Extension).where(Extension.issue_id == issue_id).order_by(Extension.id))
    messages = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.item == f"issue:{issue_id}")
                               .order_by(OutboxMessage.id))
    return {
        "issue": row.as_dict(),
        "history": [{"at": e.at, "actor": e.actor, "action": e.action,
                     "action_name": EVENT_NAMES.get(e.action, e.action), "from": e.from_status, "to": e.to_status,
                     "note": e.note, "evidence": e.evidence} for e in events],
        "extensions": [{"id": x.id, "requested_at": x.requested_at, "requested_by": x.requested_by, "reason": x.reason,
                        "old_deadline": x.old_deadline, "new_deadline": x.new_deadline, "status": x.status,
                        "decided_at": x.decided_at, "decided_by": x.decided_by, "note": x.decision_note}
                       for x in extensions],
        "messages": [{"id": m.id, "recipient": m.recipient, "recipient_name": units.label(m.recipient), "rule": m.rule,
                      "period": m.period, "status": m.status, "sent_at": m.sent_at} for m in messages],
    }


def names(row: IssueRow) -> dict[str, str]:
    """The Chinese names of a row's codes, for people."""
    return {"source": SOURCE_NAMES[IssueSource(row.source)], "severity": SEVERITY_NAMES[row.severity],
            "status": STATUS_NAMES[IssueStatus(row.status)],
            "light": (LIGHT_NAMES[Light(row.light)] + ("（冻结）" if row.frozen else "")) if row.light else ""}

