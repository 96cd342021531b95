"""The figures only the periodic brief (季度调度) says: issues raised, closed, open and overdue, meetings held —
and, from the same pass, the issues raised by month that the report's chart shows."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import Window
from models.issues import Issue, IssueStatus
from models.meetings import Meeting, MeetingKind


def issue_figures(session: Session, window: Window) -> tuple[dict[str, int], dict[int, int]]:
    """One pass over the issues for the brief's figures and the issues raised in each month of the window (the
    chart's 交办 bars): the issues grouped by the month they were raised in (none: raised outside the window)."""
    closed_in = sa.and_(Issue.status == IssueStatus.closed, window.moments(Issue.closed_at))
    open_at_end = sa.and_(Issue.opened_at < window.end,
                          sa.not_(sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at < window.end)))
    count = sa.func.count
    # grouped by a labelled column of a subquery: an expression with parameters in GROUP BY is not the same
    # expression as the one selected once PostgreSQL binds the parameters
    each = sa.select(
        sa.case((window.moments(Issue.opened_at), sa.extract("month", Issue.opened_at)), else_=None).label("month"),
        sa.case((closed_in, 1)).label("closed"), sa.case((open_at_end, 1)).label("open_end"),
        sa.case((sa.and_(open_at_end, Issue.deadline < window.last_day), 1)).label("overdue")).subquery()
    groups = session.connection().execute(sa.select(
        each.c.month, count(), count(each.c.closed), count(each.c.open_end), count(each.c.overdue))
        .group_by(each.c.month)).all()
    raised = {int(m): n for m, n, *_ in groups if m is not None}
    figures = {"raised": sum(raised.values()), "closed": sum(g[2] for g in groups),
               "open_end": sum(g[3] for g in groups), "overdue": sum(g[4] for g in groups)}
    figures["weekly_held"] = session.execute(sa.select(count()).where(Meeting.kind == MeetingKind.weekly,
                                                                      window.days(Meeting.held_on))).scalar()
    return figures, raised


def brief_figures(session: Session, window: Window) -> dict[str, int]:
    """The brief's figures: issues raised, closed, open and overdue at the end, weekly meetings held."""
    return issue_figures(session, window)[0]
