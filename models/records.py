"""Yearly figures: collective income (村级集体经济年收入) and plan targets (三年规划/年度方案)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class IncomeRecord(SQLModel, table=True):
    """A village's collective income for one year, in integer yuan."""

    __table_args__ = (sa.UniqueConstraint("village_id", "year", name="uq_income_village_year"),)

    id: int | None = Field(default=None, primary_key=True)
    village_id: int = Field(foreign_key="village.id")
    year: int = Field(index=True)
    amount_yuan: int = Field(sa_type=sa.BigInteger)


class PlanTarget(SQLModel, table=True):
    """A village's income target for one year (from the three-year plan and the annual plans)."""

    __table_args__ = (sa.UniqueConstraint("village_id", "year", name="uq_target_village_year"),)

    id: int | None = Field(default=None, primary_key=True)
    village_id: int = Field(foreign_key="village.id")
    year: int = Field(index=True)
    target_yuan: int = Field(sa_type=sa.BigInteger)
