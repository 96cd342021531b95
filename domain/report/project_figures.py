"""Figures from the support projects (#34–#39) and the contract clean-up (#41).

Project kinds are the config's keys (`[projects].kinds`, shipped: central 中央扶持 led by the organisation
department, pilot 试点 led by finance, provincial 省扶持); a withdrawn project never counts.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window, exists, measure
from models.contracts import Contract, ReviewResult
from models.org import Town, Village
from models.projects import ProjectMilestone, ProjectStatus, ProjectVillage, SupportProject

CENTRAL, PILOT, PROVINCIAL = "central", "pilot", "provincial"
PROJECT_HEADERS = ("项目编号", "项目", "牵头部门", "申报年度", "建成节点计划", "建成节点完成")


def _build() -> sa.Subquery:
    return (sa.select(ProjectMilestone.project_id, ProjectMilestone.planned_on, ProjectMilestone.done_on)
            .where(ProjectMilestone.milestone == "build").subquery())


def _projects(kind: str, *where, build: sa.Subquery | None = None) -> sa.Select:
    build = build if build is not None else _build()
    return (sa.select(SupportProject.code, SupportProject.name, SupportProject.lead, SupportProject.applied_year,
                      build.c.planned_on, build.c.done_on)
            .outerjoin(build, build.c.project_id == SupportProject.id)
            .where(SupportProject.kind == kind, SupportProject.status != ProjectStatus.withdrawn, *where)
            .order_by(SupportProject.code))


def _kept(session: Session) -> bool:
    return exists(session, sa.select(SupportProject.id))


def central_due(session: Session, window: Window) -> Measured:
    """#34: central support projects whose 建成 milestone is planned in the period's year (将于年底前建成)."""
    build = _build()
    year = window.period.year
    select = _projects(CENTRAL, build.c.planned_on.between(date(year, 1, 1), date(year, 12, 31)), build=build)
    return measure(session, select, sheet="34 中央扶持项目", headers=PROJECT_HEADERS, data=_kept(session))


def _due_villages(window: Window) -> sa.Select:
    """#35's rows: the distinct villages #34's projects benefit, with the expected yearly income from them."""
    build = _build()
    year = window.period.year
    return (sa.select(Town.name.label("town"), Village.name.label("village"),
                      sa.func.count().label("projects"),
                      sa.func.sum(ProjectVillage.expected_income_yuan).label("expected"))
            .select_from(ProjectVillage)
            .join(SupportProject, SupportProject.id == ProjectVillage.project_id)
            .join(build, build.c.project_id == SupportProject.id)
            .join(Village, Village.id == ProjectVillage.village_id).join(Town, Town.id == Village.town_id)
            .where(SupportProject.kind == CENTRAL, SupportProject.status != ProjectStatus.withdrawn,
                   build.c.planned_on.between(date(year, 1, 1), date(year, 12, 31)))
            .group_by(Town.code, Town.name, Village.code, Village.name)
            .order_by(sa.func.sum(ProjectVillage.expected_income_yuan), Town.code, Village.code))


VILLAGE_HEADERS = ("镇街", "村社区", "项目数", "预计年收益（元）")


def central_villages(session: Session, window: Window) -> Measured:
    """#35: distinct villages benefiting from #34's projects."""
    return measure(session, _due_villages(window), sheet="35 受益村", headers=VILLAGE_HEADERS, data=_kept(session))


def smallest_expected(session: Session, window: Window) -> Measured:
    """#36: the smallest expected yearly income (yuan) of a #35 village (summed over the projects it benefits
    from; villages without an expected income are left out)."""
    if not _kept(session):
        return NONE
    select = _due_villages(window).having(sa.func.sum(ProjectVillage.expected_income_yuan).is_not(None))
    return measure(session, select, sheet="36 受益村预计收益", headers=VILLAGE_HEADERS, sum_column="expected",
                   aggregate="min")


def pilot_built(session: Session, window: Window) -> Measured:
    """#37: pilot projects whose 建成 milestone was done in the period (已基本建成)."""
    build = _build()
    select = _projects(PILOT, window.days(build.c.done_on), build=build)
    return measure(session, select, sheet="37 试点项目已建成", headers=PROJECT_HEADERS, data=_kept(session))


def applied(session: Session, window: Window, kind: str) -> Measured:
    """#38 / #39: pilot / provincial projects applied for (申报) in the period's year."""
    select = _projects(kind, SupportProject.applied_year == window.period.year)
    sheet = "38 申报试点项目" if kind == PILOT else "39 申报省扶持项目"
    return measure(session, select, sheet=sheet, headers=PROJECT_HEADERS, data=_kept(session))


def contracts_cleaned(session: Session, window: Window) -> Measured:
    """#41: contracts found non-compliant in the three-level review and cleaned (rectified or terminated) in the
    period."""
    select = (sa.select(Contract.code, Town.name.label("town"), Village.name.label("village"), Contract.counterparty,
                        Contract.subject, Contract.verdict_stage, Contract.reasons, Contract.outcome,
                        Contract.cleaned_on)
              .join(Village, Village.id == Contract.village_id).join(Town, Town.id == Village.town_id)
              .where(Contract.verdict == ReviewResult.non_compliant, window.days(Contract.cleaned_on))
              .order_by(Contract.cleaned_on, Contract.code))
    return measure(session, select, sheet="41 清理合同",
                   headers=("合同编号", "镇街", "村社区", "承包方", "标的", "认定层级", "不规范情形", "清理方式",
                            "清理日期"),
                   data=exists(session, sa.select(Contract.id)))
