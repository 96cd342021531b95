"""Reading the ledger (问题台账): issues filtered by town, village, owner, status, light and source, with their
lights as of a day, and one issue's full history."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import InputError, Problem
from domain.issues.lifecycle import get_issue
from domain.issues.lights import (
    LIGHT_NAMES,
    Light,
    days_left,
    issue_light,
    issue_overdue_by,
    local_day,
    reference_day,
    yellow_until,
)
from domain.issues.raising import SEVERITY_NAMES, SOURCE_NAMES, IssuePolicy
from domain.issues.transitions import ACTION_NAMES, STATUS_NAMES
from models.audit import AuditEvent
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
    SQL unless a light is asked for: lights are computed per row). A page's ids are found in the index first
    and only its rows are read (an OFFSET steps over index entries, not table rows)."""
    issue = Issue.__table__
    q = (sa.select(issue, Town.code.label("town_code_"), Town.name.label("town_name_"),
                   Village.code.label("village_code_"), Village.name.label("village_name_"),
                   IssueFlag.flagged_at.label("flagged_at_"))
         .select_from(issue).join(Town, Town.id == issue.c.town_id).outerjoin(Village, Village.id == issue.c.village_id)
         .outerjoin(IssueFlag, IssueFlag.issue_id == issue.c.id).order_by(issue.c.id))
    if ids is not None:
        q = q.where(issue.c.id.in_(ids))
    wanted_light = _wanted_light(filters)
    if wanted_light is None and limit is not None:
        page, _ = _filtered(session, sa.select(issue.c.id).where(*([issue.c.id.in_(ids)] if ids is not None else [])),
                            filters, policy)
        q = q.where(issue.c.id.in_(page.order_by(issue.c.id).limit(limit).offset(offset).scalar_subquery()))
    else:
        q, _ = _filtered(session, q, filters, policy)
    # Core rows, not ORM objects: a listing changes nothing, and an ORM instance costs more than its row
    found = session.execute(q).all()
    units = _owners_directory(session, [r.owner for r in found])
    rows = [_row(r, r.town_code_, r.town_name_, r.village_code_, r.village_name_, r.flagged_at_ is not None, units,
                 day, policy) for r in found]
    if wanted_light is None:
        return rows
    rows = [r for r in rows if r.light == wanted_light]
    return rows[offset:offset + limit] if limit is not None else rows


def _owners_directory(session: Session, owners: list[str]) -> UnitDirectory:
    """The units that name these owners: the unit of work's directory when it was read already, else only the
    owners' villages and the towns they name (a page of a 20,000-village ledger does not read every unit)."""
    if "unit_directory" in session.info:
        return session.info["unit_directory"]
    codes = {o.partition(":")[2] for o in owners if o.startswith("village:")}
    towns = {o.partition(":")[2] for o in owners if o.startswith("town:")}
    return UnitDirectory.load(session, village_codes=codes, town_codes=towns)


@dataclass(frozen=True)
class IssuePage:
    """One page of the ledger: the rows on it and how many issues match in all."""

    total: int
    rows: list[IssueRow]


def issue_page(session: Session, filters: Filters, *, day: date, policy: IssuePolicy, page: int,
               size: int) -> IssuePage:
    """Page `page` (from 1) of `size` rows by id, and the total: one COUNT and one LIMIT/OFFSET statement (the
    filters checked once); with a light asked for, the matching rows are lit once and both come from them."""
    offset = (max(1, page) - 1) * size
    if filters.light:
        rows = list_issues(session, filters, day=day, policy=policy)
        return IssuePage(len(rows), rows[offset:offset + size])
    total = count_issues(session, filters, day=day, policy=policy)
    rows = list_issues(session, filters, day=day, policy=policy, limit=size, offset=offset) if offset < total \
        else []
    return IssuePage(total, rows)


def count_issues(session: Session, filters: Filters, *, day: date, policy: IssuePolicy) -> int:
    """How many issues match the filters (one COUNT unless a light is asked for)."""
    q, wanted_light = _filtered(session, sa.select(sa.func.count()).select_from(Issue), filters, policy)
    if wanted_light is None:
        return session.scalar(q) or 0
    return len(list_issues(session, filters, day=day, policy=policy))


LIVE = (IssueStatus.open, IssueStatus.rectifying)  # the statuses whose light moves with the day


@dataclass(frozen=True)
class IssueBoard:
    """工作台's issue figures for a scope: how many issues per status, the lights of the live (open and
    rectifying) ones, the red and yellow ones due first, and those awaiting verification."""

    counts: dict[str, int]  # every status value, 0 when none
    lights: dict[str, int] | None  # red/yellow/green over the live issues; None beyond `lights_limit` of them
    due: list[IssueRow]  # live red and yellow issues by deadline, then id (None lights: none listed)
    waiting: list[IssueRow]  # awaiting verification, by id


def issue_board(session: Session, filters: Filters, *, day: date, policy: IssuePolicy, lights_limit: int,
                due_limit: int, waiting_limit: int) -> IssueBoard:
    """The board's figures in a few indexed statements: the counts per status (one grouped COUNT), the live
    issues' lights (one more, skipped beyond `lights_limit` of them), the ids of those due first (ORDER BY
    deadline … LIMIT) and the page of those awaiting verification. A live issue's light needs no per-row
    arithmetic: on `day` it is red before `day`, yellow before `yellow_until`, green after (lights.light)."""
    filters = replace(filters, status=None, light=None)
    yellow_before = yellow_until(day, policy.calendar, policy.rules.warn_days)
    live = Issue.status.in_(LIVE)
    scope, _ = _conditions(session, filters, policy)  # the town looked up once for every statement
    counts = {x.value: 0 for x in IssueStatus}
    q = sa.select(Issue.status, sa.func.count()).select_from(Issue).where(*scope)
    for status, n in session.execute(q.group_by(Issue.status)):  # in index order: no sort, no table row
        counts[IssueStatus(status).value] += n
    lights = None
    if sum(counts[x.value] for x in LIVE) <= lights_limit:
        q = sa.select(sa.func.count(), sa.func.sum(sa.case((Issue.deadline < day, 1), else_=0)),
                      sa.func.sum(sa.case((Issue.deadline < yellow_before, 1), else_=0))).where(live, *scope)
        n, red, warm = session.execute(q).one()
        lights = {Light.red.value: red or 0, Light.yellow.value: (warm or 0) - (red or 0),
                  Light.green.value: n - (warm or 0)}
    due: list[IssueRow] = []
    if lights is not None and lights["red"] + lights["yellow"]:
        ids = (sa.select(Issue.id).where(live, Issue.deadline < yellow_before, *scope)
               .order_by(Issue.deadline, Issue.id).limit(due_limit))
        found = session.scalars(ids).all()  # in scope already: listed by id alone
        due = sorted(list_issues(session, Filters(), day=day, policy=policy, ids=found) if found else [],
                     key=lambda r: (r.deadline, r.id))
    waiting = [] if not counts[IssueStatus.awaiting_verification.value] else list_issues(
        session, replace(filters, status=IssueStatus.awaiting_verification.value), day=day, policy=policy,
        limit=waiting_limit)
    return IssueBoard(counts, lights, due, waiting)


def ledger_version(session: Session) -> tuple:
    """A mark that moves with every change the board shows: the last issue event's and the last audit event's
    ids and moments (every change of an issue writes an IssueEvent, every other state change an AuditEvent; the
    moments tell a ledger restored from a backup, whose ids start again, from the one it replaced). Two
    primary-key reads (the b-trees' last rows), whatever the ledger's size."""
    last = [sa.select(c).order_by(t.id.desc()).limit(1).scalar_subquery()
            for t in (IssueEvent, AuditEvent) for c in (t.id, t.at)]
    return tuple(session.execute(sa.select(*last)).one())  # one statement: four last-row reads


def _wanted_light(filters: Filters) -> Light | None:
    return {**{x.value: x for x in Light}, **{n: x for x, n in LIGHT_NAMES.items()}}.get(filters.light or "")


def _ids_named(session: Session, table, name: str) -> list[int]:
    """The ids of the towns (villages) whose code or name is `name`."""
    return list(session.scalars(sa.select(table.id).where(sa.or_(table.code == name, table.name == name))))


def _one_of(column, ids: list[int]):
    return column == ids[0] if len(ids) == 1 else column.in_(ids)  # `=`: the planner sees one index range


def _filtered(session: Session, q, filters: Filters, policy: IssuePolicy):
    """`q` (over the issue table) held to the filters, and the light asked for."""
    conditions, wanted_light = _conditions(session, filters, policy)
    return q.where(*conditions), wanted_light


def _conditions(session: Session, filters: Filters, policy: IssuePolicy) -> tuple[list, Light | None]:
    """The filters as conditions on the issue table: a town or village by its ids, looked up first (a typo is
    not "no issues": roster show says so too), so that no statement needs a join to filter."""
    q = []
    problems = []
    if filters.town:
        ids = _ids_named(session, Town, filters.town)
        if not ids:
            problems.append(Problem(f"--town {filters.town!r}", "没有这个镇街；应为镇街名称或编码"))
        q.append(_one_of(Issue.town_id, ids or [-1]))
    if filters.village:
        ids = _ids_named(session, Village, filters.village)
        if not ids:
            problems.append(Problem(f"--village {filters.village!r}", "没有这个村（社区）；应为村（社区）名称或编码"))
        q.append(_one_of(Issue.village_id, ids or [-1]))
    if filters.owner:
        q.append(Issue.owner == filters.owner)
    if filters.status:
        status = STATUS_BY_NAME.get(filters.status)
        if status is None:
            problems.append(Problem("--status", f"{filters.status!r} 不是问题状态；可选："
                                                 + ", ".join(f"{s.value} ({STATUS_NAMES[s]})" for s in IssueStatus)))
        q.append(Issue.status == status)
    if filters.source:
        if filters.source not in {s.value for s in IssueSource}:
            problems.append(Problem("--source", f"{filters.source!r} 不是问题来源；可选："
                                                 + ", ".join(s.value for s in IssueSource)))
        q.append(Issue.source == filters.source)
    wanted_light = _wanted_light(filters)
    if filters.light and wanted_light is None:
        problems.append(Problem("--light", f"{filters.light!r} 不是灯色；应为 绿灯/黄灯/红灯（green、yellow、red）"))
    if filters.villages is not None:
        q.append(Issue.village_id.in_(sa.select(Village.id).where(Village.code.in_(filters.villages))
                                         .scalar_subquery()))
    if filters.opened_from is not None:
        q.append(Issue.opened_at >= start_of_day(filters.opened_from, policy.tz))
    if filters.opened_to is not None:
        q.append(Issue.opened_at < start_of_day(filters.opened_to + timedelta(days=1), policy.tz))
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

