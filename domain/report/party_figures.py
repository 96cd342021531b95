"""Figures from the party-building ledgers (#14–#17, #22–#27, #32–#33) and the brands (#18–#20)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window, exists, measure
from domain.report.roster_figures import active_at
from models.issues import Issue, IssueStatus
from models.org import Town, Village
from models.party import (
    AttendeeRole,
    CadreReview,
    ExcellentCadre,
    ExcellentCategory,
    OrgRating,
    PartyBrand,
    PartyOrg,
    RatingLevel,
    ReviewFinding,
    TrainingAttendance,
    TrainingSession,
    WeakDesignation,
)

ORG_HEADERS = ("镇街", "村社区", "党组织")


def _orgs(window: Window, *extra) -> sa.Select:
    """Active organisations of villages active at the as-of moment."""
    return (sa.select(Town.name.label("town"), Village.name.label("village"), PartyOrg.name.label("org"), *extra)
            .join(Village, Village.id == PartyOrg.village_id).join(Town, Town.id == Village.town_id)
            .where(PartyOrg.active.is_(True), active_at(window)).order_by(Town.code, Village.code))


def organisations(session: Session, window: Window) -> Measured:
    """#14: active village and community party organisations."""
    return measure(session, _orgs(window), sheet="14 党组织", headers=ORG_HEADERS,
                   data=exists(session, sa.select(PartyOrg.id)))


def rated(session: Session, window: Window, stars: int) -> Measured:
    """#15–#17: organisations whose latest city-level rating of the year (rated by the report's last day) has
    `stars` stars."""
    if not exists(session, sa.select(OrgRating.id).where(OrgRating.year == window.period.year)):
        return NONE
    latest = (sa.select(OrgRating.org_id, OrgRating.stars, OrgRating.rated_on,
                        sa.func.row_number().over(partition_by=OrgRating.org_id,
                                                  order_by=(OrgRating.rated_on.desc(), OrgRating.id.desc())).label("n"))
              .where(OrgRating.level == RatingLevel.city, OrgRating.year == window.period.year,
                     sa.or_(OrgRating.rated_on.is_(None), OrgRating.rated_on <= window.last_day)).subquery())
    select = (_orgs(window, latest.c.stars, latest.c.rated_on).join(latest, latest.c.org_id == PartyOrg.id)
              .where(latest.c.n == 1, latest.c.stars == stars))
    sheet = {5: "15 五星级党组织", 4: "16 四星级党组织", 3: "17 三星级党组织"}[stars]
    return measure(session, select, sheet=sheet, headers=(*ORG_HEADERS, "星级", "评定日期"))


def brands(session: Session, window: Window) -> list[str]:
    """The party-building brands of the ledger in the report's order (none: the config's)."""
    return list(session.scalars(sa.select(PartyBrand.name)
                                .where(sa.or_(PartyBrand.year.is_(None), PartyBrand.year <= window.period.year))
                                .order_by(PartyBrand.rank, PartyBrand.id)))


def weak_closed(session: Session, window: Window) -> Measured:
    """#22: weak-and-lax organisations designated in the period whose rectification issue is closed (销号)."""
    select = (sa.select(Town.name.label("town"), Village.name.label("village"), PartyOrg.name.label("org"),
                        WeakDesignation.designated_on, WeakDesignation.reasons, Issue.id.label("issue"),
                        Issue.closed_at)
              .join(PartyOrg, PartyOrg.id == WeakDesignation.org_id)
              .join(Village, Village.id == PartyOrg.village_id).join(Town, Town.id == Village.town_id)
              .join(Issue, Issue.id == WeakDesignation.issue_id)
              .where(window.days(WeakDesignation.designated_on), Issue.status == IssueStatus.closed,
                     Issue.closed_at < window.end)
              .order_by(WeakDesignation.designated_on, WeakDesignation.id))
    return measure(session, select, sheet="22 软弱涣散已销号",
                   headers=(*ORG_HEADERS, "认定日期", "认定原因", "整顿问题编号", "销号时间"),
                   data=exists(session, sa.select(WeakDesignation.id)))


def _cadres(where) -> sa.Select:
    """Distinct reviewed cadres (a village and a name), with their reviews in the period."""
    return (sa.select(Town.name.label("town"), Village.name.label("village"), CadreReview.cadre,
                      sa.func.count().label("reviews"), sa.func.min(CadreReview.reviewed_on).label("first"))
            .join(Village, Village.id == CadreReview.village_id).join(Town, Town.id == Village.town_id)
            .where(*where).group_by(Town.code, Town.name, Village.code, Village.name, CadreReview.cadre)
            .order_by(Town.code, Village.code, CadreReview.cadre))


def cadres_reviewed(session: Session, window: Window) -> Measured:
    """#23: village cadres whose qualification was reviewed in the period (district and town reviews; a cadre
    reviewed by both counts once)."""
    return measure(session, _cadres([window.days(CadreReview.reviewed_on)]), sheet="23 任职资格审查",
                   headers=("镇街", "村社区", "干部", "审查次数", "首次审查日期"),
                   data=exists(session, sa.select(CadreReview.id)))


def records_handled(session: Session, window: Window) -> Measured:
    """#24: reviewed cadres found with a record whose case was handled (会商处理) by the report's last day."""
    where = [window.days(CadreReview.reviewed_on), CadreReview.finding == ReviewFinding.record,
             CadreReview.handled_on.is_not(None), CadreReview.handled_on <= window.last_day]
    return measure(session, _cadres(where), sheet="24 违法记录会商处理",
                   headers=("镇街", "村社区", "干部", "审查次数", "首次审查日期"),
                   data=exists(session, sa.select(CadreReview.id)))


def _sessions(window: Window) -> sa.Select:
    """Sessions held in the period with their attendances: the list's count when the sheet had a list, else the
    stated count (a person per session)."""
    listed = (sa.select(TrainingAttendance.session_id,
                        sa.func.count().filter(TrainingAttendance.role == AttendeeRole.cadre).label("c"),
                        sa.func.count().filter(TrainingAttendance.role == AttendeeRole.member).label("m"))
              .group_by(TrainingAttendance.session_id).subquery())
    cadres = sa.case((sa.func.coalesce(listed.c.c, 0) > 0, listed.c.c),
                     else_=sa.func.coalesce(TrainingSession.cadres, 0))
    members = sa.case((sa.func.coalesce(listed.c.m, 0) > 0, listed.c.m),
                      else_=sa.func.coalesce(TrainingSession.members, 0))
    return (sa.select(TrainingSession.code, TrainingSession.title, TrainingSession.organiser,
                      TrainingSession.starts_on, cadres.label("cadres"), members.label("members"))
            .outerjoin(listed, listed.c.session_id == TrainingSession.id)
            .where(window.days(TrainingSession.starts_on)).order_by(TrainingSession.starts_on, TrainingSession.code))


SESSION_HEADERS = ("期次编号", "培训", "主办", "开始日期", "村（社区）干部人次", "农村党员人次")


def training(session: Session, window: Window, what: str) -> Measured:
    """#25 sessions held; #26 cadre attendances; #27 party-member attendances."""
    data = exists(session, sa.select(TrainingSession.id))
    if what == "sessions":
        return measure(session, _sessions(window), sheet="25 培训期数", headers=SESSION_HEADERS, data=data)
    column, sheet = ("cadres", "26 干部参训人次") if what == "cadres" else ("members", "27 党员参训人次")
    return measure(session, _sessions(window), sheet=sheet, headers=SESSION_HEADERS, sum_column=column, data=data,
                   empty_sum=0)


def excellent(session: Session, window: Window, category: ExcellentCategory) -> Measured:
    """#32 / #33: secretaries / cadres named excellent in the previous assessment year."""
    select = (sa.select(sa.literal(window.period.year - 1).label("year"), Town.name.label("town"),
                        Village.name.label("village"), ExcellentCadre.name, ExcellentCadre.post)
              .join(Village, Village.id == ExcellentCadre.village_id).join(Town, Town.id == Village.town_id)
              .where(ExcellentCadre.year == window.period.year - 1, ExcellentCadre.category == category)
              .order_by(Town.code, Village.code, ExcellentCadre.name))
    sheet = "32 优秀书记" if category is ExcellentCategory.secretary else "33 优秀干部"
    return measure(session, select, sheet=sheet, headers=("考核年度", "镇街", "村社区", "姓名", "职务"),
                   data=exists(session, sa.select(ExcellentCadre.id)))
