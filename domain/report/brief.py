"""The figures only the periodic brief (季度调度) says: issues raised, closed, open and overdue, meetings held."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import Window
from models.issues import Issue, IssueStatus
from models.meetings import Meeting, MeetingKind


def brief_figures(session: Session, window: Window) -> dict[str, int]:
    """One pass over the issues and one over the meetings."""
    closed_in = sa.and_(Issue.status == IssueStatus.closed, window.moments(Issue.closed_at))
    open_at_end = sa.and_(Issue.opened_at < window.end,
                          sa.not_(sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at < window.end)))
    count = sa.func.count
    raised, closed, open_end, overdue = session.execute(sa.select(
        count().filter(window.moments(Issue.opened_at)), count().filter(closed_in), count().filter(open_at_end),
        count().filter(open_at_end, Issue.deadline < window.last_day))).one()
    weekly = session.execute(sa.select(count()).where(Meeting.kind == MeetingKind.weekly,
                                                      window.days(Meeting.held_on))).scalar()
    return {"raised": raised, "closed": closed, "open_end": open_end, "overdue": overdue, "weekly_held": weekly}
