"""Plans (规划与实施方案): the three-year plan's targets at district, town and village level, and each year's
implementation plans (区、镇、村三级实施方案) with theirs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class PlanKind(StrEnum):
    three_year = "three_year"  # 三年规划
    annual = "annual"  # 年度实施方案


class PlanLevel(StrEnum):
    district = "district"  # 区
    town = "town"  # 镇
    village = "village"  # 村（社区）


class PlanMetric(StrEnum):
    income_yuan = "income_yuan"  # 集体经济收入（元）: a village's, or the sum over a town's / the district's
    villages_100k = "villages_100k"  # 年收入10万元以上的村数
    villages_200k = "villages_200k"  # 年收入20万元以上的村数
    min_income_yuan = "min_income_yuan"  # 每个村不低于（元）


class Plan(SQLModel, table=True):
    """规划与实施方案: the three-year plan, or one year's implementation plan of the district, a town or a village."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=32)
    kind: PlanKind = Field(sa_type=enum_type(PlanKind))
    level: PlanLevel = Field(sa_type=enum_type(PlanLevel))
    title: str = Field(max_length=128)
    year_from: int
    year_to: int
    updated_at: datetime | None = None


class PlanGoal(SQLModel, table=True):
    """A plan's target for one unit (the district, a town, a village), one year and one metric."""

    __table_args__ = (sa.UniqueConstraint("plan_id", "level", "unit", "year", "metric", name="uq_plan_goal"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    level: PlanLevel = Field(sa_type=enum_type(PlanLevel))
    unit: str = Field(max_length=32)  # the town or village code; the district's code for the district
    year: int = Field(index=True)
    metric: PlanMetric = Field(sa_type=enum_type(PlanMetric))
    target: int = Field(sa_type=sa.BigInteger)
