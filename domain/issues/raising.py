"""Raising issues (问题交办): THE API every area calls — rounds, trips, meetings, the campaign, the CLI.

    ids = open_issues(session, [NewIssue(title=…, village="V001", source=IssueSource.visit,
                                         source_ref="finding:17", due_days=10), …],
                      at=as_of, actor="第一督导组", policy=issue_policy(session, cfg))

Every row is validated before anything is written (all or nothing; InputError lists each bad row).
A `source_ref` makes re-runs idempotent: a (source, source_ref) already in the ledger returns the
existing issue's id instead of opening it again. Each new issue gets an `open` IssueEvent and an
`open` message (交办通知) to its owner through the outbox, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from config.errors import InputError, Problem
from config.rules import IssueRules
from domain.calendar import WorkingCalendar, load_calendar
from domain.issues.lights import local_day
from domain.outbox import Outgoing, enqueue
from models.db import bulk_insert
from models.issues import Issue, IssueEvent, IssueSource, IssueStatus, Severity
from models.units import UnitDirectory

SEVERITY_NAMES = {Severity.normal: "一般", Severity.serious: "较重", Severity.critical: "严重"}
SOURCE_NAMES = {IssueSource.visit: "督查走访", IssueSource.trip: "调研", IssueSource.meeting: "会议",
                IssueSource.campaign: "百日攻坚", IssueSource.manual: "手工录入", IssueSource.project: "扶持项目",
                IssueSource.contract: "合同清理"}


@dataclass(frozen=True)
class IssuePolicy:
    """What issue rules need besides the ledger: the configured rules, the working-day calendar, the zone."""

    rules: IssueRules
    calendar: WorkingCalendar
    tz: ZoneInfo = DISTRICT_TZ


def issue_policy(session: Session, cfg: DistrictConfig) -> IssuePolicy:
    return IssuePolicy(cfg.issues, load_calendar(session))


@dataclass(frozen=True)
class NewIssue:
    """An issue to open. Give `village` (code) and/or `town` (code); `owner` defaults to the village
    (`village:<code>`) or else the town. `deadline` (a working day) or `due_days` (working days from the
    opening day; default: the rules' default_due_days)."""

    title: str
    village: str | None = None
    town: str | None = None
    owner: str | None = None
    category: str = "其他"
    severity: Severity | str = Severity.normal
    description: str | None = None
    deadline: date | None = None
    due_days: int | None = None
    source: IssueSource | str = IssueSource.manual
    source_ref: str | None = None
    income_added_yuan: int | None = None
    evidence: Sequence[str] = field(default_factory=tuple)


def open_issue(session: Session, *, at: datetime, actor: str, policy: IssuePolicy, notify: bool = True,
               **fields) -> int:
    """Open one issue (fields as NewIssue); return its id."""
    return open_issues(session, [NewIssue(**fields)], at=at, actor=actor, policy=policy, notify=notify)[0]


def open_issues(session: Session, rows: Sequence[NewIssue], *, at: datetime, actor: str, policy: IssuePolicy,
                notify: bool = True, where: Sequence[str] | None = None) -> list[int]:
    """Open many issues at once (bulk statements); return their ids in the order given.

    `where` names each row in error messages (e.g. 'visits.xlsx row 7'); default 'row N'.
    """
    if not rows:
        return []
    units = UnitDirectory.of(session)
    existing = _existing_refs(session, rows)
    problems: list[Problem] = []
    values: list[dict | None] = []
    first: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows):
        label = where[i] if where else f"第 {i + 1} 行"
        key = (str(row.source), row.source_ref)
        if row.source_ref and key in first:
            problems.append(Problem(f"{label}: source_ref", f"{row.source_ref!r} 已在 {first[key]} 给出"))
        first.setdefault(key, label)
        values.append(None if key in existing else _validate(row, label, at, policy, units, problems))
    if problems:
        raise InputError(f"要交办的问题有 {len(problems)} 处错误，未交办（未写入任何内容）", problems)
    new = [v for v in values if v is not None]
    if not new:
        return [existing[(str(r.source), r.source_ref)] for r in rows]
    ids = iter(_insert(session, new))
    result = [existing[(str(r.source), r.source_ref)] if v is None else next(ids)
              for r, v in zip(rows, values, strict=True)]
    opened = [(i, r, v) for i, r, v in zip(result, rows, values, strict=True) if v is not None]
    bulk_insert(session, IssueEvent, [
        {"issue_id": i, "at": at, "actor": actor, "action": "open", "from_status": None,
         "to_status": IssueStatus.open, "note": r.description, "evidence": list(r.evidence)} for i, r, _ in opened])
    if notify:
        # the message's title, place, owner and deadline are read from the ledger when it is delivered
        enqueue(session, [Outgoing(v["owner"], f"issue:{i}", "open", local_day(at, policy.tz).isoformat())
                          for i, _, v in opened], at=at)
    return result


REFS_CHUNK = 5000  # source_refs per IN (…) read back


def _insert(session: Session, new: list[dict]) -> list[int]:
    """Insert the validated rows; their ids in the order given. Rows that all carry a source_ref are written in
    one plain executemany and their ids read back by the unique (source, source_ref): RETURNING in parameter
    order costs one statement per row on SQLite (20,000 statements for a 20,000-row ledger sheet)."""
    t = Issue.__table__
    if not all(v["source_ref"] for v in new):
        return list(session.execute(sa.insert(t).returning(t.c.id, sort_by_parameter_order=True), new).scalars())
    session.execute(sa.insert(t), new)
    refs = sorted({v["source_ref"] for v in new})
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(refs), REFS_CHUNK):
        found.update(((str(s), ref), i) for s, ref, i in session.execute(
            sa.select(t.c.source, t.c.source_ref, t.c.id).where(t.c.source_ref.in_(refs[start:start + REFS_CHUNK]))))
    return [found[(str(v["source"]), v["source_ref"])] for v in new]


def _existing_refs(session: Session, rows: Sequence[NewIssue]) -> dict[tuple[str, str], int]:
    refs = {r.source_ref for r in rows if r.source_ref}
    if not refs:
        return {}
    found = session.execute(sa.select(Issue.source, Issue.source_ref, Issue.id).where(Issue.source_ref.in_(refs)))
    return {(str(s), ref): i for s, ref, i in found}


def _validate(row: NewIssue, label: str, at: datetime, policy: IssuePolicy, units: UnitDirectory,
              problems: list[Problem]) -> dict | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(f"{label}: {column}", message))

    title = (row.title or "").strip()
    if not title:
        bad("title", "必填：问题的简要描述")
    elif len(title) > 200:
        bad("title", f"最多 200 个字符（实际 {len(title)} 个）")
    source, severity = _enum(IssueSource, row.source, "source", bad), _enum(Severity, row.severity, "severity", bad)
    town_id, village_id = units.locate(row.village, row.town, bad)
    owner = row.owner or (f"village:{row.village}" if row.village else f"town:{row.town}" if row.town else None)
    if row.owner and not units.is_known(owner):  # a default owner comes from a village or town checked above
        bad("owner", f"{owner!r} 不是已知的单位；应为 village:<编码>、town:<编码>、department:<键>、"
                     "team:<键>、office、leadership 或 coordinators")
    if row.category not in policy.rules.categories:
        bad("category", f"{row.category!r} 不是问题类别；可选：{'、'.join(policy.rules.categories)}")
    deadline = _deadline(row, local_day(at, policy.tz), policy, bad)
    if row.income_added_yuan is not None and row.income_added_yuan < 0:
        bad("income_added_yuan", "增收应为非负的金额（元）")
    if len(problems) > before:
        return None
    return {"source": source, "source_ref": row.source_ref, "town_id": town_id, "village_id": village_id,
            "owner": owner, "category": row.category, "severity": severity, "title": title,
            "description": row.description, "opened_at": at, "original_deadline": deadline, "deadline": deadline,
            "status": IssueStatus.open, "income_added_yuan": row.income_added_yuan}


def _enum(enum, value, column: str, bad):
    try:
        return enum(value)
    except ValueError:
        bad(column, f"{value!r} 无效；可选：{', '.join(e.value for e in enum)}")
        return None


def _deadline(row: NewIssue, opened: date, policy: IssuePolicy, bad) -> date | None:
    cal = policy.calendar
    if row.deadline is not None and row.due_days is not None:
        bad("deadline", "整改期限（deadline）与整改时限（due_days）只能给一个")
        return None
    if row.deadline is None:
        days = policy.rules.default_due_days if row.due_days is None else row.due_days
        if days < 1:
            bad("due_days", f"至少 1 个工作日（实际 {days}）")
            return None
        return cal.add_working_days(opened, days)
    if row.deadline < opened:
        bad("deadline", f"{row.deadline} 早于问题交办日（{opened}）")
        return None
    if not cal.is_working_day(row.deadline):
        reason = cal.day(row.deadline).reason or "非工作日"
        bad("deadline", f"{row.deadline} 不是工作日（{reason}）；"
                        f"下一个工作日是 {cal.next_working_day(row.deadline)}")
        return None
    return row.deadline
