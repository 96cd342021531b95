"""What the ledger holds for a district: the figures `dudao init` and the demo print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from domain.roster.income import IncomeBands, PlanTotal, income_bands, plan_totals
from models.org import Department, InspectionTeam, Town, TownKind, Village, VillageKind
from models.records import IncomeRecord


class CycleLine(NamedTuple):
    key: str
    name: str
    trigger: str  # its last line (an rrule's RRULE, or after:<cycle>)


@dataclass(frozen=True)
class DistrictSummary:
    district: str
    towns: int
    subdistricts: int
    villages: int
    communities: int
    inactive: int
    income: IncomeBands
    previous_income: IncomeBands
    targets: dict[int, PlanTotal]  # by year
    teams: list[str]
    departments: list[str]
    cycles: list[CycleLine]


def latest_income_year(session: Session, *, up_to: int) -> int | None:
    """The latest year up to `up_to` with a recorded income, or None."""
    return session.execute(sa.select(sa.func.max(IncomeRecord.year)).where(IncomeRecord.year <= up_to)).scalar()


def district_summary(session: Session, cfg: DistrictConfig, year: int) -> DistrictSummary:
    towns = dict(session.execute(sa.select(Town.kind, sa.func.count()).group_by(Town.kind)).all())
    villages = session.execute(
        sa.select(Village.kind, Village.active, sa.func.count()).group_by(Village.kind, Village.active)
    ).all()
    active = {kind: n for kind, is_active, n in villages if is_active}
    bands = dict(floor_yuan=cfg.district.income_floor_yuan, thresholds=cfg.district.income_bands_yuan)
    return DistrictSummary(
        district=cfg.district.name,
        towns=towns.get(TownKind.town, 0),
        subdistricts=towns.get(TownKind.subdistrict, 0),
        villages=active.get(VillageKind.village, 0),
        communities=active.get(VillageKind.community, 0),
        inactive=sum(n for _, is_active, n in villages if not is_active),
        income=income_bands(session, year, **bands),
        previous_income=income_bands(session, year - 1, **bands),
        targets=plan_totals(session),
        teams=list(session.execute(sa.select(InspectionTeam.name).order_by(InspectionTeam.key)).scalars()),
        departments=list(session.execute(sa.select(Department.name).order_by(Department.id)).scalars()),
        cycles=[CycleLine(c.key, c.display_name, c.trigger.splitlines()[-1]) for c in cfg.cycles],
    )
