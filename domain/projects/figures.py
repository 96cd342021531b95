"""The support projects' figures for a year (the work report's slots #34–#39), per project kind, each one
statement over the ledger. Withdrawn projects never count.

- due: projects whose 建成 milestone is planned in the year (将于年底前建成);
- villages_due: distinct benefiting villages of those; min_expected_yuan: the smallest, over those villages, of
  the expected yearly income a village gets from them (summed over the due projects it benefits from);
- built: projects whose 建成 milestone is done in the year, by the as-of day (已基本建成);
- applied: projects applied for (申报) in the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from models.org import Village
from models.projects import ProjectIncome, ProjectMilestone, ProjectStatus, ProjectVillage, SupportProject


@dataclass(frozen=True)
class KindFigures:
    projects: int
    due: int
    villages_due: int
    min_expected_yuan: int | None
    built: int
    applied: int


@dataclass(frozen=True)
class ProjectFigures:
    year: int
    as_of: date
    kinds: dict[str, KindFigures] = field(default_factory=dict)


def project_figures(session: Session, year: int, *, today: date) -> ProjectFigures:
    start, end = date(year, 1, 1), date(year, 12, 31)
    until = min(end, today)
    live = SupportProject.status != ProjectStatus.withdrawn
    build = sa.select(ProjectMilestone.project_id, ProjectMilestone.planned_on, ProjectMilestone.done_on).where(
        ProjectMilestone.milestone == "build").subquery()
    rows = session.execute(
        sa.select(SupportProject.kind, sa.func.count(),
                  sa.func.count().filter(build.c.planned_on.between(start, end)),
                  sa.func.count().filter(build.c.done_on.between(start, until)),
                  sa.func.count().filter(SupportProject.applied_year == year))
        .select_from(SupportProject).outerjoin(build, build.c.project_id == SupportProject.id)
        .where(live).group_by(SupportProject.kind)).all()
    per_village = (sa.select(SupportProject.kind, ProjectVillage.village_id,
                             sa.func.sum(ProjectVillage.expected_income_yuan).label("yuan"),
                             sa.func.count(ProjectVillage.expected_income_yuan).label("known"))
                   .join(ProjectVillage, ProjectVillage.project_id == SupportProject.id)
                   .join(build, build.c.project_id == SupportProject.id)
                   .where(live, build.c.planned_on.between(start, end))
                   .group_by(SupportProject.kind, ProjectVillage.village_id)).subquery()
    villages = {kind: (n, low) for kind, n, low in session.execute(
        sa.select(per_village.c.kind, sa.func.count(),
                  sa.func.min(per_village.c.yuan).filter(per_village.c.known > 0))
        .group_by(per_village.c.kind))}
    kinds = {kind: KindFigures(total, due, villages.get(kind, (0, None))[0],
                               None if villages.get(kind, (0, None))[1] is None else int(villages[kind][1]),
                               built, applied)
             for kind, total, due, built, applied in rows}
    return ProjectFigures(year, until, dict(sorted(kinds.items())))


def incomes_by_village(session: Session) -> dict[tuple[str, str, int], int]:
    """(project code, village code, year) → actual income in yuan (for the sheet written out)."""
    return {(p, v, y): yuan for p, v, y, yuan in session.execute(
        sa.select(SupportProject.code, Village.code, ProjectIncome.year, ProjectIncome.amount_yuan)
        .join(SupportProject, SupportProject.id == ProjectIncome.project_id)
        .join(Village, Village.id == ProjectIncome.village_id))}
