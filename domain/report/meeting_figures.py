"""Figures from the meetings (#10–#12 weekly, #28–#31 joint).

An issue counts for the meeting kind that settled it, once (DOMAIN.md 增收; SEED_FIGURES.md #31), by the rule of
docs/meetings.md: of the meetings held on or before the day it was closed that raised it, put it on their agenda
or settled it, the one that settled it wins; otherwise the latest (on one day the joint meeting is the later).
An issue closed without an on-time verdict (its village was abolished) was not solved and does not count. Each
issue so belongs to exactly one kind, and no 增收 is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window, exists, listed, measure
from models.issues import Issue, IssueStatus
from models.meetings import Meeting, MeetingIssue, MeetingKind, MeetingRole
from models.org import Town, Village

ISSUE_HEADERS = ("问题编号", "镇街", "村社区", "问题", "会议", "会议日期", "销号时间", "增收（元）")


def _deciding(window: Window) -> sa.Subquery:
    """Per closed issue handled by a meeting held by its closing day: the meeting that decides its kind."""
    settled_first = sa.case((MeetingIssue.role == MeetingRole.settled, 0), else_=1)
    joint_first = sa.case((Meeting.kind == MeetingKind.joint, 0), else_=1)
    rank = sa.func.row_number().over(
        partition_by=MeetingIssue.issue_id,
        order_by=(settled_first, Meeting.held_on.desc(), joint_first, Meeting.id.desc()))
    return (sa.select(MeetingIssue.issue_id, Meeting.kind, Meeting.title, Meeting.held_on, rank.label("rn"))
            .join(Meeting, Meeting.id == MeetingIssue.meeting_id)
            .join(Issue, Issue.id == MeetingIssue.issue_id)
            # the ledger keeps moments in UTC: a closing before 08:00 district time falls on the day before
            .where(Meeting.held_on <= window.last_day, Meeting.held_on <= sa.func.date(Issue.closed_at),
                   Issue.status == IssueStatus.closed, window.moments(Issue.closed_at))
            .subquery())


def _closed_issues(window: Window) -> sa.Select:
    """Every counted issue with the kind of the meeting that decides it (one pass for both kinds)."""
    d = _deciding(window)
    return (sa.select(d.c.kind, Issue.id.label("issue"), Town.name.label("town"), Village.name.label("village"),
                      Issue.title, d.c.title.label("meeting"), d.c.held_on, Issue.closed_at,
                      Issue.income_added_yuan.label("income"))
            .join(d, sa.and_(d.c.issue_id == Issue.id, d.c.rn == 1))
            .join(Town, Town.id == Issue.town_id).outerjoin(Village, Village.id == Issue.village_id)
            .where(Issue.status == IssueStatus.closed, window.moments(Issue.closed_at),
                   Issue.closed_on_time.is_not(None))
            .order_by(Issue.closed_at, Issue.id))


def closed_by_kind(session: Session, window: Window) -> dict[MeetingKind, list[tuple]]:
    """The counted issues of each kind, in the sheets' order (closing moment, id), read once for the six
    figures and their sheets: (issue, town, village, title, meeting, held on, closed at, 增收)."""
    found: dict[MeetingKind, list[tuple]] = {MeetingKind.weekly: [], MeetingKind.joint: []}
    for kind, *row in session.connection().execute(_closed_issues(window)):
        found[MeetingKind(kind)].append(tuple(row))
    return found


def _held(session: Session, kind: MeetingKind) -> bool:
    """The ledger keeps meetings of this kind (else the figures have no data)."""
    return exists(session, sa.select(Meeting.id).where(Meeting.kind == kind))


INCOME, VILLAGE, TOWN = ISSUE_HEADERS.index("增收（元）"), 2, 1


def kind_figures(session: Session, window: Window, kind: MeetingKind,
                 closed: Callable[[], dict[MeetingKind, list[tuple]]] | None = None
                 ) -> tuple[Measured, Measured, Measured]:
    """#10–#12 (weekly) or #29–#31 (joint): the issues raised at or on the agenda of meetings of the kind and
    closed in the period; the distinct villages with 增收 > 0 on them; the 增收 (yuan) on them. 增收 has data when
    no such issue was closed (a real zero) or at least one has 增收 entered; issues closed with none entered are
    no data, not a zero. `closed`: closed_by_kind's rows, read once for both kinds."""
    if not _held(session, kind):
        return NONE, NONE, NONE
    weekly = kind is MeetingKind.weekly
    rows = (closed() if closed is not None else closed_by_kind(session, window))[kind]
    issues = listed(rows, sheet="10 例会解决问题" if weekly else "29 联席会议解决问题", headers=ISSUE_HEADERS)
    entered = [r for r in rows if r[INCOME] is not None]
    if issues.exact and not entered:
        return issues, NONE, NONE
    helped: dict[tuple, list[int]] = {}
    for r in entered:
        if r[INCOME] > 0 and r[VILLAGE] is not None:
            tally = helped.setdefault((r[TOWN], r[VILLAGE]), [0, 0])
            tally[0] += 1
            tally[1] += r[INCOME]
    villages = [(town, village, n, income) for (town, village), (n, income) in sorted(helped.items())]
    return (issues,
            listed(villages, sheet="11 例会增收村" if weekly else "30 联席会议增收村",
                   headers=("镇街", "村社区", "问题数", "增收（元）")),
            listed(entered, sheet="12 例会增收" if weekly else "31 联席会议增收", headers=ISSUE_HEADERS,
                   sum_column=INCOME, empty_sum=0))


def meetings_held(session: Session, window: Window, kind: MeetingKind) -> Measured:
    """#28: meetings of the kind held in the period."""
    select = (sa.select(Meeting.id, Meeting.title, Meeting.held_on)
              .where(Meeting.kind == kind, window.days(Meeting.held_on)).order_by(Meeting.held_on, Meeting.id))
    return measure(session, select, sheet="28 联席会议", headers=("会议编号", "会议", "日期"),
                   data=_held(session, kind))
