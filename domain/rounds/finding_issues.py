"""Findings and the issue ledger (问题台账): raising each finding as an issue, and what rounds read back —
villages with overdue issues, a village's open issues to check, issues closed between two rounds.

Raising is idempotent: an issue's `source_ref` is `finding:<id>`, so a finding is never raised twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import cn_month_day
from domain.calendar import WorkingCalendar
from domain.issues import IssuePolicy, NewIssue, local_day, open_issues, village_stats
from models.issues import Issue, IssueSource, IssueStatus
from models.org import Town, Village
from models.rounds import Finding


def raise_issues(session: Session, finding_ids: list[int], *, at: datetime, actor: str, policy: IssuePolicy,
                 source: IssueSource, context: str, where: list[str] | None = None) -> list[int]:
    """Open an issue for each finding (owner, category and deadline as found) and link it; return the ids.

    `context` goes into the issue's description (e.g. "R2022-10-10 第一督导组督查"); `where` names each finding in
    error messages. The owner is notified through the outbox by the issue ledger (交办通知)."""
    if not finding_ids:
        return []
    rows = session.execute(
        sa.select(Finding.id, Finding.text, Finding.owner, Finding.category, Finding.deadline,
                  Village.code.label("village"), Town.code.label("town"))
        .outerjoin(Village, Village.id == Finding.village_id)
        .join(Town, Town.id == Finding.town_id).where(Finding.id.in_(finding_ids))).all()
    by_id = {r.id: r for r in rows}
    ordered = [by_id[i] for i in finding_ids]
    ids = open_issues(session, [
        NewIssue(title=r.text, village=r.village, town=None if r.village else r.town, owner=r.owner,
                 category=r.category, deadline=r.deadline, source=source, source_ref=f"finding:{r.id}",
                 description=context)
        for r in ordered], at=at, actor=actor, policy=policy, where=where)
    session.execute(sa.update(Finding), [{"id": fid, "issue_id": iid} for fid, iid in zip(finding_ids, ids,
                                                                                         strict=True)])
    return ids


class IssueContext(NamedTuple):
    """What a round is planned with from the issue ledger at the planning moment."""

    overdue: set[str]  # village codes with overdue issues (red lights): visited first
    open_issues: dict[str, list[str]]  # village code → its open issues, for the team to check


def issue_context(session: Session, at: datetime, *, calendar: WorkingCalendar) -> IssueContext:
    """The villages with overdue issues at `at`, and each village's open issues to check."""
    day = local_day(at)
    stats = village_stats(session, start=day, end=day, calendar=calendar)
    overdue = {code for code, s in stats.items() if s.open_overdue}
    open_: dict[str, list[str]] = defaultdict(list)
    for code, title, deadline in session.execute(
            sa.select(Village.code, Issue.title, Issue.deadline).join(Village, Village.id == Issue.village_id)
            .where(Issue.status != IssueStatus.closed, Issue.opened_at <= at)
            .order_by(Village.code, Issue.deadline, Issue.id)):
        open_[code].append(f"{title}（{cn_month_day(deadline)}到期）")
    return IssueContext(overdue, dict(open_))


@dataclass(frozen=True)
class ClosedIssues:
    """Issues closed (销号) since the last round, for one town."""

    town: str
    closed: int
    on_time: int


def closed_between(session: Session, after: datetime, until: datetime) -> list[ClosedIssues]:
    """Issues closed in (after, until], per town (in town code order), with how many were closed on time."""
    rows = session.execute(
        sa.select(Town.name, sa.func.count(), sa.func.sum(sa.case((Issue.closed_on_time, 1), else_=0)))
        .join(Town, Town.id == Issue.town_id)
        .where(Issue.status == IssueStatus.closed, Issue.closed_at > after, Issue.closed_at <= until)
        .group_by(Town.code, Town.name).order_by(Town.code))
    return [ClosedIssues(town, n, int(on_time or 0)) for town, n, on_time in rows]
