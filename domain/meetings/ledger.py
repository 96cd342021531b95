"""Weekly meetings (每周例会) and joint meetings (联席会议): the problems they raise become issues (source
meeting) and the problems they settle are verified and closed through the issue lifecycle, the meeting as
evidence. A meeting's figures are derived from those issues; 增收 lives on the issues only (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from config.dates import DISTRICT_TZ
from config.errors import InputError, Problem
from domain.issues import IssuePolicy, NewIssue, edit_issue, open_issues, settle_issue
from domain.meetings.settling import Link, settling_kind
from models.audit import record_audit
from models.issues import Issue, IssueSource, IssueStatus
from models.meetings import Meeting, MeetingBrief, MeetingIssue, MeetingKind, MeetingRole
from models.units import UnitDirectory

KIND_NAMES = {MeetingKind.weekly: "每周例会", MeetingKind.joint: "联席会议"}
MEETING_TIME = time(9, 0)


@dataclass(frozen=True)
class RaisedProblem:
    """A problem a meeting raises: it becomes an issue. `village` may also be a town code (a town's problem)."""

    title: str
    village: str | None = None
    town: str | None = None
    owner: str | None = None
    due_days: int | None = None
    category: str = "其他"
    where: str = ""


@dataclass(frozen=True)
class SettledProblem:
    """An existing issue the meeting settled; `income_added_yuan` (增收) is entered on that issue."""

    issue_id: int
    income_added_yuan: int | None = None
    where: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    kind: MeetingKind
    held_on: date
    title: str = ""
    units_present: Sequence[str] = ()
    note: str | None = None
    raised: Sequence[RaisedProblem] = ()
    settled: Sequence[SettledProblem] = ()
    where: str = "meeting"
    agenda: Sequence[int] = ()  # issue ids put on the agenda (列入议程), besides those its brief put there

    @property
    def name(self) -> str:
        return self.title or f"{self.held_on:%Y年%m月%d日}{KIND_NAMES[self.kind]}"


@dataclass
class Recorded:
    meeting: Meeting
    created: bool
    raised: list[int] = field(default_factory=list)
    settled: list[int] = field(default_factory=list)
    agenda: list[int] = field(default_factory=list)  # every issue on its agenda, the brief's included


def record_meeting(session: Session, rec: MeetingRecord, *, at: datetime, actor: str, policy: IssuePolicy
                   ) -> Recorded:
    """Record a meeting (idempotent on kind, day and title): open the issues it raised (source meeting,
    source_ref meeting:<id>:<n>, so recording it again opens nothing twice) and settle the issues it
    settled (verified and closed, the meeting as evidence). Every step writes its events; all or nothing."""
    moment = datetime.combine(rec.held_on, MEETING_TIME, DISTRICT_TZ)
    if moment > at:
        raise InputError("会议召开之前不能记录",
                         [Problem(f"{rec.where}: date", f"{rec.held_on} 晚于今天")])
    meeting = session.exec(select(Meeting).where(Meeting.kind == rec.kind, Meeting.held_on == rec.held_on,
                                                 Meeting.title == rec.name)).first()
    linked = set() if meeting is None else set(session.execute(sa.select(
        MeetingIssue.issue_id, MeetingIssue.role).where(MeetingIssue.meeting_id == meeting.id)).all())
    _check_settled(session, rec, {i for i, role in linked if role == MeetingRole.settled})
    _check_agenda(session, rec)
    created = meeting is None
    if meeting is None:
        meeting = Meeting(kind=rec.kind, held_on=rec.held_on, title=rec.name, units_present=list(rec.units_present),
                          note=rec.note, recorded_at=at, recorded_by=actor)
        session.add(meeting)
        session.flush()
        record_audit(session, at=at, actor=actor, entity="meeting", entity_id=str(meeting.id), action="record",
                     to_state=rec.kind, note=f"{rec.name}；参会：{'、'.join(rec.units_present)}")
    evidence = f"meeting:{meeting.id} {rec.name}"
    out = Recorded(meeting, created)
    towns = UnitDirectory.of(session).towns
    rows = []
    for n, p in enumerate(rec.raised, start=1):  # a town code in the village column is the town's own problem
        village, town = (None, p.village) if p.village in towns and not p.town else (p.village, p.town)
        rows.append(NewIssue(title=p.title, village=village, town=town, owner=p.owner, due_days=p.due_days,
                             category=p.category, source=IssueSource.meeting, source_ref=f"meeting:{meeting.id}:{n}",
                             description=f"{rec.name}提出", evidence=(evidence,)))
    out.raised = open_issues(session, rows, at=moment, actor=actor, policy=policy,
                             where=[p.where or f"{rec.where}: raised[{n}]" for n, p in enumerate(rec.raised, 1)])
    for p in rec.settled:
        if (p.issue_id, MeetingRole.settled) in linked:
            continue  # recorded before: settled once
        if p.income_added_yuan is not None:
            edit_issue(session, p.issue_id, at=moment, actor=actor, policy=policy, note=evidence,
                       income_added_yuan=p.income_added_yuan)
        settle_issue(session, p.issue_id, at=moment, actor=actor, policy=policy, note=f"{rec.name}研究解决",
                     evidence=[evidence])
        out.settled.append(p.issue_id)
    out.agenda = _agenda(session, meeting, rec, at=at, actor=actor)
    links = [{"meeting_id": meeting.id, "issue_id": i, "role": MeetingRole.raised} for i in out.raised
             if (i, MeetingRole.raised) not in linked]
    links += [{"meeting_id": meeting.id, "issue_id": i, "role": MeetingRole.settled} for i in out.settled]
    links += [{"meeting_id": meeting.id, "issue_id": i, "role": MeetingRole.agenda} for i in out.agenda
              if (i, MeetingRole.agenda) not in linked]
    if links:
        session.execute(sa.insert(MeetingIssue), links)
    return out


def _agenda(session: Session, meeting: Meeting, rec: MeetingRecord, *, at: datetime, actor: str) -> list[int]:
    """The meeting's agenda: the issues given and those of the brief prepared for it, which is attached to it."""
    brief = session.exec(select(MeetingBrief).where(
        MeetingBrief.kind == rec.kind, MeetingBrief.held_on == rec.held_on,
        sa.or_(MeetingBrief.meeting_id.is_(None), MeetingBrief.meeting_id == meeting.id))
        .order_by(MeetingBrief.id)).first()
    agenda = list(dict.fromkeys([*(brief.agenda if brief else ()), *rec.agenda]))
    if brief is not None and brief.meeting_id is None:
        brief.meeting_id = meeting.id
        session.add(brief)
        record_audit(session, at=at, actor=actor, entity="meeting", entity_id=str(meeting.id), action="agenda",
                     note=f"{brief.title}：进展简报列入议程{len(brief.agenda)}个问题")
    return agenda


def _check_agenda(session: Session, rec: MeetingRecord) -> None:
    """Every issue put on the agenda exists."""
    wanted = set(rec.agenda)
    if not wanted:
        return
    found = set(session.scalars(sa.select(Issue.id).where(Issue.id.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise InputError("会议未记录：议程中的问题不存在，未写入任何内容",
                         [Problem(f"{rec.where}: agenda {i}", f"问题 {i} 不存在") for i in missing])


def _check_settled(session: Session, rec: MeetingRecord, already: set[int]) -> None:
    """Every settled issue exists and is still open (unless this meeting settled it before)."""
    problems = []
    for p in rec.settled:
        where = p.where or f"{rec.where}: settled {p.issue_id}"
        if p.income_added_yuan is not None and p.income_added_yuan < 0:
            problems.append(Problem(where, "增收应为不小于 0 的金额（元）"))
        issue = session.get(Issue, p.issue_id)
        if issue is None:
            problems.append(Problem(where, f"问题 {p.issue_id} 不存在"))
        elif issue.status == IssueStatus.closed and p.issue_id not in already:
            problems.append(Problem(where, f"问题 {p.issue_id} 已销号；会议只能解决未销号的问题"))
    if problems:
        raise InputError("会议未记录（未写入任何内容）", problems)


@dataclass(frozen=True)
class MeetingFigures:
    """研究解决问题、帮助增收: derived from the issues a meeting raised or settled (each issue once)."""

    studied: int  # distinct issues raised or settled
    solved: int  # of those, closed now
    villages_helped: int  # distinct villages of those issues with 增收 > 0
    income_added_yuan: int  # Σ 增收 over those issues


def figures(session: Session, meeting_ids: Sequence[int] | None = None, *, by_meeting: bool = True
            ) -> dict[int | None, MeetingFigures]:
    """Per meeting (or, with by_meeting=False, one total over distinct issues under key None)."""
    pairs = sa.select(MeetingIssue.meeting_id if by_meeting else sa.literal(None).label("meeting_id"),
                      MeetingIssue.issue_id).distinct()
    if meeting_ids is not None:
        pairs = pairs.where(MeetingIssue.meeting_id.in_(meeting_ids))
    pairs = pairs.subquery()
    income = sa.func.coalesce(Issue.income_added_yuan, 0)
    rows = session.execute(
        sa.select(pairs.c.meeting_id, sa.func.count(Issue.id),
                  sa.func.count(Issue.id).filter(Issue.status == IssueStatus.closed),
                  sa.func.count(sa.distinct(Issue.village_id)).filter(income > 0),
                  sa.func.coalesce(sa.func.sum(income), 0))
        .join(Issue, Issue.id == pairs.c.issue_id).group_by(pairs.c.meeting_id)).all()
    return {m: MeetingFigures(studied, solved, helped, int(total)) for m, studied, solved, helped, total in rows}


def list_meetings(session: Session, *, kind: MeetingKind | None = None, year: int | None = None) -> list[Meeting]:
    q = select(Meeting)
    if kind is not None:
        q = q.where(Meeting.kind == kind)
    if year is not None:
        q = q.where(Meeting.held_on >= date(year, 1, 1), Meeting.held_on <= date(year, 12, 31))
    return list(session.exec(q.order_by(Meeting.held_on, Meeting.id)))


@dataclass(frozen=True)
class MeetingRow:
    """A meeting with the number of issues it raised and settled, and its figures."""

    id: int
    date: date
    kind: MeetingKind
    title: str
    units_present: list[str]
    raised: int
    settled: int
    studied: int
    solved: int
    villages_helped: int
    income_added_yuan: int
    agenda: int = 0  # issues on its agenda (列入议程)


class MeetingList(NamedTuple):
    meetings: list[MeetingRow]
    totals: MeetingFigures  # each issue once, however many of the meetings handled it


def meeting_rows(session: Session, *, kind: MeetingKind | None = None, year: int | None = None) -> MeetingList:
    """Each meeting with the issues it raised and settled and its figures, and the totals (each issue once)."""
    meetings = list_meetings(session, kind=kind, year=year)
    ids = [m.id for m in meetings]
    empty = MeetingFigures(0, 0, 0, 0)
    per = figures(session, ids)
    total = figures(session, ids, by_meeting=False).get(None, empty)
    counts = {(m, r): n for m, r, n in session.execute(
        sa.select(MeetingIssue.meeting_id, MeetingIssue.role, sa.func.count())
        .where(MeetingIssue.meeting_id.in_(ids)).group_by(MeetingIssue.meeting_id, MeetingIssue.role))}
    rows = [MeetingRow(m.id, m.held_on, m.kind, m.title, m.units_present, counts.get((m.id, "raised"), 0),
                       counts.get((m.id, "settled"), 0), **per.get(m.id, empty).__dict__,
                       agenda=counts.get((m.id, "agenda"), 0)) for m in meetings]
    return MeetingList(rows, total)


@dataclass(frozen=True)
class KindFigures:
    """One kind of meeting over a period, each issue counted once, in the kind that settled it
    (domain/meetings/settling.py): meetings held, issues solved (closed in the period by verification),
    villages with 增收 on them, and the 增收 (yuan)."""

    kind: MeetingKind
    meetings: int
    solved: int
    villages_helped: int
    income_added_yuan: int
    issues: tuple[int, ...] = ()


def kind_figures(session: Session, start: date, end: date) -> dict[MeetingKind, KindFigures]:
    """Per kind, for meetings' issues closed in [start, end] (district days): two statements — the meetings
    held per kind, and every (issue, meeting day, kind) link of the issues closed in the window — then the
    pure rule per issue. An issue closed because its village was abolished (no on-time verdict) was not
    solved and is not counted."""
    t0 = datetime.combine(start, time(0), DISTRICT_TZ)
    t1 = datetime.combine(end + timedelta(days=1), time(0), DISTRICT_TZ)
    held = dict(session.execute(
        sa.select(Meeting.kind, sa.func.count()).where(Meeting.held_on >= start, Meeting.held_on <= end)
        .group_by(Meeting.kind)).all())
    rows = session.execute(
        sa.select(Issue.id, Issue.closed_at, Issue.village_id, Issue.income_added_yuan, Meeting.held_on,
                  Meeting.kind, MeetingIssue.role)
        .join(MeetingIssue, MeetingIssue.issue_id == Issue.id).join(Meeting, Meeting.id == MeetingIssue.meeting_id)
        .where(Issue.status == IssueStatus.closed, Issue.closed_at >= t0, Issue.closed_at < t1,
               Issue.closed_on_time.is_not(None))
        .order_by(Issue.id)).all()
    issues: dict[int, tuple[date, int | None, int]] = {}
    links: dict[int, list[Link]] = {}
    for issue_id, closed_at, village_id, income, held_on, kind, role in rows:
        issues[issue_id] = (closed_at.astimezone(DISTRICT_TZ).date(), village_id, income or 0)
        links.setdefault(issue_id, []).append(Link(held_on, str(kind), str(role)))
    solved: dict[str, list[int]] = {k.value: [] for k in MeetingKind}
    for issue_id, (closed_on, _, _) in issues.items():
        kind = settling_kind(links[issue_id], closed_on)
        if kind is not None:
            solved[kind].append(issue_id)
    out = {}
    for kind in MeetingKind:
        ids = solved[kind.value]
        out[kind] = KindFigures(
            kind, held.get(kind, 0), len(ids),
            len({issues[i][1] for i in ids if issues[i][2] > 0 and issues[i][1] is not None}),
            sum(issues[i][2] for i in ids), tuple(ids))
    return out
