"""Reading the party ledgers: listings (one statement each) and the figures the year's report takes
(SEED_FIGURES.md #14–#20, #22–#27, #32–#33), and the sweep of review deadlines."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ, cn_date
from domain.calendar import WorkingCalendar
from domain.outbox import Outgoing, enqueue
from domain.party.rules import FINDING_NAMES, REVIEW_LEVEL_NAMES, review_stage
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
    ReviewLevel,
    SecretaryAssessment,
    TrainingAttendance,
    TrainingSession,
    WeakDesignation,
)


def _span(year: int, as_of: date | None) -> tuple[date, date]:
    end = date(year, 12, 31)
    return date(year, 1, 1), min(end, as_of) if as_of is not None and as_of.year == year else end


@dataclass(frozen=True)
class OrgRow:
    id: int
    village_code: str
    village: str
    town: str
    name: str
    kind: str
    secretary: str | None
    members: int | None
    active: bool
    stars: int | None  # the latest city-level rating of the year
    weak: str | None  # the year's designation: 整顿中 / 已销号
    brands: list[str]


def org_rows(session: Session, year: int, *, town: str | None = None, include_inactive: bool = False) -> list[OrgRow]:
    rating = (sa.select(OrgRating.org_id, OrgRating.stars).where(OrgRating.year == year,
                                                                OrgRating.level == RatingLevel.city).subquery())
    weak = (sa.select(WeakDesignation.org_id, Issue.status)
            .join(Issue, Issue.id == WeakDesignation.issue_id, isouter=True)
            .where(WeakDesignation.year == year).subquery())
    q = (sa.select(PartyOrg.id, Village.code, Village.name, Town.name, PartyOrg.name, PartyOrg.kind, PartyOrg.secretary,
                   PartyOrg.members, PartyOrg.active & Village.active, rating.c.stars, weak.c.status)
         .join(Village, Village.id == PartyOrg.village_id).join(Town, Town.id == Village.town_id)
         .join(rating, rating.c.org_id == PartyOrg.id, isouter=True)
         .join(weak, weak.c.org_id == PartyOrg.id, isouter=True)
         .order_by(Village.code))
    if town:
        q = q.where(sa.or_(Town.code == town, Town.name == town))
    if not include_inactive:
        q = q.where(PartyOrg.active, Village.active)
    brands: dict[int, list[str]] = {}
    brand_q = sa.select(PartyBrand.org_id, PartyBrand.name).order_by(PartyBrand.rank, PartyBrand.id)
    for org, name in session.execute(brand_q):
        brands.setdefault(org, []).append(name)
    return [OrgRow(i, code, v, t, n, str(k), s, m, bool(a), st,
                   None if ws is None else ("已销号" if ws == IssueStatus.closed else "整顿中"),
                   brands.get(i, []))
            for i, code, v, t, n, k, s, m, a, st, ws in session.execute(q)]


@dataclass(frozen=True)
class WeakRow:
    id: int
    year: int
    village_code: str
    org: str
    town: str
    designated_on: date
    reasons: str
    town_secretary: str
    liaison_leader: str
    issue_id: int | None
    deadline: date | None
    status: str | None
    closed_at: datetime | None


def weak_rows(session: Session, year: int | None = None) -> list[WeakRow]:
    q = (sa.select(WeakDesignation.id, WeakDesignation.year, Village.code, PartyOrg.name, Town.name,
                   WeakDesignation.designated_on, WeakDesignation.reasons, WeakDesignation.town_secretary,
                   WeakDesignation.liaison_leader, WeakDesignation.issue_id, Issue.deadline, Issue.status,
                   Issue.closed_at)
         .join(PartyOrg, PartyOrg.id == WeakDesignation.org_id).join(Village, Village.id == PartyOrg.village_id)
         .join(Town, Town.id == Village.town_id).join(Issue, Issue.id == WeakDesignation.issue_id, isouter=True)
         .order_by(WeakDesignation.year, Village.code))
    if year is not None:
        q = q.where(WeakDesignation.year == year)
    return [WeakRow(*r[:11], None if r[11] is None else str(r[11]), r[12]) for r in session.execute(q)]


@dataclass(frozen=True)
class ReviewRow:
    id: int
    year: int
    level: str
    village_code: str
    village: str
    town: str
    cadre: str
    post: str | None
    reviewed_on: date
    finding: str
    finding_note: str | None
    handle_by: date | None
    handling: str | None
    handled_on: date | None


def review_rows(session: Session, year: int | None = None, *, found_only: bool = False) -> list[ReviewRow]:
    q = (sa.select(CadreReview.id, CadreReview.year, CadreReview.level, Village.code, Village.name, Town.name,
                   CadreReview.cadre, CadreReview.post, CadreReview.reviewed_on, CadreReview.finding,
                   CadreReview.finding_note, CadreReview.handle_by, CadreReview.handling, CadreReview.handled_on)
         .join(Village, Village.id == CadreReview.village_id).join(Town, Town.id == Village.town_id)
         .order_by(CadreReview.year, CadreReview.level, Village.code, CadreReview.cadre))
    if year is not None:
        q = q.where(CadreReview.year == year)
    if found_only:
        q = q.where(CadreReview.finding != ReviewFinding.clear)
    return [ReviewRow(*r[:2], str(r[2]), *r[3:9], str(r[9]), *r[10:]) for r in session.execute(q)]


@dataclass(frozen=True)
class SessionRow:
    id: int
    code: str
    title: str
    kind: str
    organiser: str
    starts_on: date
    ends_on: date | None
    cadres: int  # the list's count of cadres when the sheet had a list, else the stated count
    members: int
    listed: bool


def session_rows(session: Session, year: int | None = None, *, until: date | None = None) -> list[SessionRow]:
    listed = (sa.select(TrainingAttendance.session_id,
                        sa.func.count().filter(TrainingAttendance.role == AttendeeRole.cadre).label("c"),
                        sa.func.count().filter(TrainingAttendance.role == AttendeeRole.member).label("m"))
              .group_by(TrainingAttendance.session_id).subquery())
    c = sa.case((sa.func.coalesce(listed.c.c, 0) > 0, listed.c.c), else_=sa.func.coalesce(TrainingSession.cadres, 0))
    m = sa.case((sa.func.coalesce(listed.c.m, 0) > 0, listed.c.m), else_=sa.func.coalesce(TrainingSession.members, 0))
    q = (sa.select(TrainingSession.id, TrainingSession.code, TrainingSession.title, TrainingSession.kind,
                   TrainingSession.organiser, TrainingSession.starts_on, TrainingSession.ends_on, c, m,
                   listed.c.session_id.is_not(None))
         .join(listed, listed.c.session_id == TrainingSession.id, isouter=True).order_by(TrainingSession.starts_on,
                                                                                       TrainingSession.code))
    if year is not None:
        lo, hi = _span(year, until)
        q = q.where(TrainingSession.starts_on >= lo, TrainingSession.starts_on <= hi)
    return [SessionRow(i, code, t, str(k), o, s, e, int(cc), int(mm), bool(li))
            for i, code, t, k, o, s, e, cc, mm, li in session.execute(q)]


@dataclass(frozen=True)
class CadreRow:
    year: int
    village_code: str
    village: str
    town: str
    name: str
    what: str  # the grade (述职评议) or the category (评优)
    post: str | None = None


def assessment_rows(session: Session, year: int | None = None) -> list[CadreRow]:
    q = (sa.select(SecretaryAssessment.year, Village.code, Village.name, Town.name, SecretaryAssessment.secretary,
                   SecretaryAssessment.grade).join(Village, Village.id == SecretaryAssessment.village_id)
         .join(Town, Town.id == Village.town_id).order_by(SecretaryAssessment.year, Village.code))
    if year is not None:
        q = q.where(SecretaryAssessment.year == year)
    return [CadreRow(y, c, v, t, n, str(g)) for y, c, v, t, n, g in session.execute(q)]


def excellent_rows(session: Session, year: int | None = None) -> list[CadreRow]:
    q = (sa.select(ExcellentCadre.year, Village.code, Village.name, Town.name, ExcellentCadre.name,
                   ExcellentCadre.category, ExcellentCadre.post).join(Village, Village.id == ExcellentCadre.village_id)
         .join(Town, Town.id == Village.town_id).order_by(ExcellentCadre.year, ExcellentCadre.category, Village.code))
    if year is not None:
        q = q.where(ExcellentCadre.year == year)
    return [CadreRow(y, c, v, t, n, str(k), p) for y, c, v, t, n, k, p in session.execute(q)]


@dataclass(frozen=True)
class PartyFigures:
    """What the year's report says of the party ledgers (SEED_FIGURES.md), each figure's definition beside it."""

    year: int
    as_of: date
    orgs: int  # #14 active organisations of active villages
    stars: dict[int, int]  # #15–#17 organisations by their latest city-level rating of the year
    brands: list[str]  # #18–#20 in their order
    weak_designated: int  # designated in the year
    weak_closed: int  # #22 of those, their rectification closed (销号)
    cadres_reviewed: int  # #23 distinct cadres reviewed in the year (district and town)
    reviews_by_level: dict[str, int]
    records_found: int
    records_handled: int  # #24 found with a record, handled
    sessions: int  # #25 sessions held in the year up to the as-of
    cadre_attendances: int  # #26
    member_attendances: int  # #27
    excellent_year: int  # the previous assessment year
    excellent_secretaries: int  # #32
    excellent_cadres: int  # #33

    def as_dict(self) -> dict:
        return asdict(self)


def figures(session: Session, year: int, as_of: date) -> PartyFigures:
    lo, hi = _span(year, as_of)
    active = (PartyOrg.active, Village.active)
    orgs = session.scalar(sa.select(sa.func.count()).select_from(PartyOrg)
                          .join(Village, Village.id == PartyOrg.village_id).where(*active)) or 0
    latest = (sa.select(OrgRating.org_id, OrgRating.stars,
                        sa.func.row_number().over(partition_by=OrgRating.org_id, order_by=(
                            OrgRating.year.desc(), OrgRating.rated_on.desc())).label("n"))
              .where(OrgRating.level == RatingLevel.city, OrgRating.year == year).subquery())
    stars = dict(session.execute(sa.select(latest.c.stars, sa.func.count())
                                 .join(PartyOrg, PartyOrg.id == latest.c.org_id)
                                 .join(Village, Village.id == PartyOrg.village_id)
                                 .where(latest.c.n == 1, *active).group_by(latest.c.stars)).all())
    brands = list(session.scalars(sa.select(PartyBrand.name).where(sa.or_(PartyBrand.year.is_(None),
                                                                          PartyBrand.year <= year))
                                  .order_by(PartyBrand.rank, PartyBrand.id)))
    end = datetime.combine(hi, time.max, DISTRICT_TZ)
    designated, closed = session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(Issue.status == IssueStatus.closed, Issue.closed_at <= end))
        .select_from(WeakDesignation).join(Issue, Issue.id == WeakDesignation.issue_id, isouter=True)
        .where(WeakDesignation.designated_on >= lo, WeakDesignation.designated_on <= hi)).one()
    in_year = (CadreReview.reviewed_on >= lo, CadreReview.reviewed_on <= hi)
    cadre = sa.distinct(sa.cast(CadreReview.village_id, sa.String) + ":" + CadreReview.cadre)
    reviewed = session.scalar(sa.select(sa.func.count(cadre)).where(*in_year)) or 0
    by_level = {str(k): n for k, n in session.execute(sa.select(CadreReview.level, sa.func.count())
                                                       .where(*in_year).group_by(CadreReview.level))}
    found, handled = session.execute(sa.select(
        sa.func.count(cadre),
        sa.func.count(cadre).filter(
            CadreReview.handled_on.is_not(None), CadreReview.handled_on <= hi))
        .where(*in_year, CadreReview.finding == ReviewFinding.record)).one()
    sessions = session_rows(session, year, until=as_of)
    prev = year - 1
    excellent = dict(session.execute(sa.select(ExcellentCadre.category, sa.func.count())
                                     .where(ExcellentCadre.year == prev).group_by(ExcellentCadre.category)).all())
    return PartyFigures(year, hi, orgs, {s: stars.get(s, 0) for s in (5, 4, 3)}, brands, designated, closed, reviewed,
                        {REVIEW_LEVEL_NAMES[ReviewLevel(k)]: n for k, n in by_level.items()}, found or 0, handled or 0,
                        len(sessions), sum(s.cadres for s in sessions), sum(s.members for s in sessions), prev,
                        excellent.get(ExcellentCategory.secretary, 0), excellent.get(ExcellentCategory.cadre, 0))


# ---- the review deadline sweep: a found case not yet handled is reminded, due, overdue — each once ----

def sweep_reviews(session: Session, cal: WorkingCalendar, *, as_of: datetime, warn_days: int) -> int:
    """Queue each notice due today for the found cases not handled; the key (case, stage, deadline) makes a
    second sweep queue nothing. Returns how many were queued."""
    today = as_of.astimezone(DISTRICT_TZ).date()
    rows = session.execute(
        sa.select(CadreReview.id, CadreReview.level, CadreReview.cadre, CadreReview.finding, CadreReview.handle_by,
                  Village.name, Town.name, Town.code)
        .join(Village, Village.id == CadreReview.village_id).join(Town, Town.id == Village.town_id)
        .where(CadreReview.finding != ReviewFinding.clear, CadreReview.handled_on.is_(None),
               CadreReview.handle_by.is_not(None), CadreReview.handle_by <= cal.add_working_days(today, warn_days)))
    out: list[Outgoing] = []
    for rid, level, cadre, finding, deadline, village, town, town_code in rows:
        stage = review_stage(deadline, today, cal, warn_days)
        if stage is None:
            continue
        rule, days = stage
        what = (f"{town}{village}{cadre}（{REVIEW_LEVEL_NAMES[ReviewLevel(level)]}任职资格审查："
                f"{FINDING_NAMES[ReviewFinding(finding)]}）")
        text = {"review-remind": f"【会商处理提醒】{what}距处理期限（{cn_date(deadline)}）还有{days}个工作日",
                "review-due": f"【今日到期】{what}今天（{cn_date(deadline)}）是会商处理期限",
                "review-overdue": f"【会商处理逾期】{what}已逾期{days}个工作日（期限{cn_date(deadline)}），"
                                  "请尽快会商处理"}[rule]
        recipient = f"town:{town_code}" if level == ReviewLevel.town else "coordinators"
        out.append(Outgoing(recipient, f"cadre-review:{rid}", rule, deadline.isoformat(),
                            {"title": "任职资格审查会商处理", "text": text}))
    return len(enqueue(session, out, at=as_of))
