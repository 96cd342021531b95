"""Collective income figures (村级集体经济收入): bands against the floor and the 10万/20万 thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from models.org import Village
from models.records import IncomeRecord, PlanTarget


@dataclass(frozen=True)
class IncomeBands:
    """How the active villages of one year fall against the floor and the thresholds."""

    year: int
    villages: int  # active villages
    reported: int  # with an income record for the year
    floor_yuan: int
    below_floor: int
    at_least: dict[int, int]  # threshold yuan → villages at or above it
    total_yuan: int

    def share(self, threshold: int) -> float:
        return self.at_least[threshold] / self.villages if self.villages else 0.0


def income_bands(session: Session, year: int, *, floor_yuan: int, thresholds: list[int]) -> IncomeBands:
    """One aggregate query over the year's incomes of the active villages."""
    amount = IncomeRecord.amount_yuan
    at_least = [sa.func.count().filter(amount >= t).label(f"at_least_{i}") for i, t in enumerate(thresholds)]
    row = session.execute(
        sa.select(sa.func.count(amount).label("reported"), sa.func.coalesce(sa.func.sum(amount), 0).label("total"),
                  sa.func.count().filter(amount < floor_yuan).label("below_floor"), *at_least)
        .select_from(Village)
        .join(IncomeRecord, sa.and_(IncomeRecord.village_id == Village.id, IncomeRecord.year == year))
        .where(Village.active)
    ).one()
    villages = session.execute(sa.select(sa.func.count()).select_from(Village).where(Village.active)).scalar_one()
    return IncomeBands(year, villages, row.reported, floor_yuan, row.below_floor,
                       {t: row._mapping[c.name] for t, c in zip(thresholds, at_least, strict=True)}, int(row.total))


class PlanTotal(NamedTuple):
    """One year of the three-year plan over the active villages."""

    villages: int  # with a target for the year
    total_yuan: int


def plan_totals(session: Session) -> dict[int, PlanTotal]:
    """Year → the villages with a target and their total, over active villages."""
    rows = session.execute(
        sa.select(PlanTarget.year, sa.func.count(), sa.func.sum(PlanTarget.target_yuan))
        .join(Village, Village.id == PlanTarget.village_id).where(Village.active)
        .group_by(PlanTarget.year).order_by(PlanTarget.year)
    ).all()
    return {year: PlanTotal(n, int(total)) for year, n, total in rows}
