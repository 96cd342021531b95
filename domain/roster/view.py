"""The roster as a listing: one query joining villages, towns, incomes, targets and secretaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import NotFound, Problem
from domain.roster.ledger import SECRETARY
from models.audience import village_tag
from models.org import Contact, Town, Village
from models.records import IncomeRecord, PlanTarget


class RosterLine(NamedTuple):
    town: str
    town_code: str
    code: str
    village: str
    kind: str
    active: bool
    year: int
    income_yuan: int | None
    target_yuan: int | None
    secretary: str | None
    mobile: str | None


@dataclass(frozen=True)
class RosterListing:
    """The villages listed, with their income and target of `year` (the latest recorded, unless asked)."""

    year: int
    lines: list[RosterLine]


def roster_listing(session: Session, *, town: str | None, year: int | None,
                   include_inactive: bool) -> RosterListing:
    if year is None:
        year = session.execute(sa.select(sa.func.max(IncomeRecord.year))).scalar() or 0
    village_unit = sa.literal(village_tag("")) + Village.code  # the secretary's contact: village:<code>
    query = (
        sa.select(Town.name, Town.code, Village.code, Village.name, Village.kind, Village.active,
                  sa.literal(year), IncomeRecord.amount_yuan, PlanTarget.target_yuan, Contact.name, Contact.mobile)
        .join(Town, Town.id == Village.town_id)
        .outerjoin(IncomeRecord, sa.and_(IncomeRecord.village_id == Village.id, IncomeRecord.year == year))
        .outerjoin(PlanTarget, sa.and_(PlanTarget.village_id == Village.id, PlanTarget.year == year))
        .outerjoin(Contact, sa.and_(Contact.unit == village_unit, Contact.role == SECRETARY))
        .order_by(Town.code, Village.code)
    )
    if town:
        found = session.execute(sa.select(Town.id).where(sa.or_(Town.name == town, Town.code == town))).scalar()
        if found is None:
            raise NotFound("没有这个镇街", [Problem(f"--town {town!r}", "应为镇街名称或编码")])
        query = query.where(Village.town_id == found)
    if not include_inactive:
        query = query.where(Village.active)
    return RosterListing(year, [RosterLine(*row) for row in session.execute(query)])
