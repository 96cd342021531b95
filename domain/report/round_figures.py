"""Figures from the inspection rounds (#44–#46): teams, rounds closed, issues found on visits and closed."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import Measured, Window, exists, measure
from models.issues import Issue, IssueSource, IssueStatus
from models.org import InspectionTeam, TeamMember, Town, Village
from models.rounds import InspectionRound, RoundStatus, Visit


def teams(session: Session, window: Window) -> Measured:
    """#44: the inspection teams organised (configured in the ledger; the ledger keeps no retirement)."""
    members = (sa.select(sa.func.count()).where(TeamMember.team_id == InspectionTeam.id)
               .correlate(InspectionTeam).scalar_subquery())
    select = (sa.select(InspectionTeam.name, InspectionTeam.leader_name, members.label("members"))
              .order_by(InspectionTeam.id))
    return measure(session, select, sheet="44 督导组", headers=("督导组", "组长", "成员数"),
                   data=exists(session, sa.select(InspectionTeam.id)))


def rounds_closed(session: Session, window: Window) -> Measured:
    """#45: inspection rounds closed (bulletin published) in the period."""
    visits = (sa.select(sa.func.count()).where(Visit.round_id == InspectionRound.id)
              .correlate(InspectionRound).scalar_subquery())
    select = (sa.select(InspectionRound.key, InspectionRound.occurrence, InspectionRound.closed_at,
                        visits.label("visits"))
              .where(InspectionRound.status == RoundStatus.closed, window.moments(InspectionRound.closed_at))
              .order_by(InspectionRound.occurrence))
    return measure(session, select, sheet="45 督查轮次", headers=("轮次", "开始日期", "通报时间", "走访村数"),
                   data=exists(session, sa.select(InspectionRound.id)))


def visit_issues_closed(session: Session, window: Window) -> Measured:
    """#46: issues found on inspection visits, closed in the period (verified: an issue closed because its village
    was abolished has no on-time verdict and was not solved)."""
    select = (sa.select(Issue.id, Town.name.label("town"), Village.name.label("village"), Issue.title,
                        Issue.opened_at, Issue.closed_at)
              .join(Town, Town.id == Issue.town_id).outerjoin(Village, Village.id == Issue.village_id)
              .where(Issue.source == IssueSource.visit, Issue.status == IssueStatus.closed,
                     window.moments(Issue.closed_at), Issue.closed_on_time.is_not(None))
              .order_by(Issue.closed_at, Issue.id))
    data = exists(session, sa.select(InspectionRound.id)) or exists(
        session, sa.select(Issue.id).where(Issue.source == IssueSource.visit))
    return measure(session, select, sheet="46 督查解决问题", headers=("问题编号", "镇街", "村社区", "问题", "交办时间",
                                                                  "销号时间"), data=data)
