"""Support projects (扶持项目): the project, the villages it benefits, its funds, milestones and actual income.

Clean columns for the year's report: `kind` is the config's kind key, `applied_year` the year it was applied
for (申报), each milestone's planned and done dates, expected yearly income per benefiting village, actual
income per village and year.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class ProjectStatus(StrEnum):
    """申报 → 立项 → 在建 → 建成 → 验收 → 投产 (from the milestones done); 撤销 when withdrawn."""

    applied = "applied"  # 申报
    approved = "approved"  # 立项
    building = "building"  # 在建 (开工)
    built = "built"  # 建成
    accepted = "accepted"  # 验收
    operating = "operating"  # 投产
    withdrawn = "withdrawn"  # 撤销


class SupportProject(SQLModel, table=True):
    """扶持项目: natural key `code` (项目编号)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=128)
    kind: str = Field(max_length=32, index=True, description="the config's project kind key")
    lead: str = Field(max_length=32, description="lead department key (牵头部门)")
    applied_year: int = Field(index=True, description="申报年度")
    status: ProjectStatus = Field(sa_type=enum_type(ProjectStatus))
    note: str | None = Field(default=None, max_length=500)
    updated_at: datetime
    updated_by: str = Field(max_length=64)


class ProjectVillage(SQLModel, table=True):
    """受益村: a village the project benefits (抱团发展: several) and its expected yearly income."""

    __table_args__ = (sa.UniqueConstraint("project_id", "village_id", name="uq_project_village"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="supportproject.id", index=True)
    village_id: int = Field(foreign_key="village.id", index=True)
    expected_income_yuan: int | None = Field(default=None, description="预计年收益（元/年）")


class ProjectFund(SQLModel, table=True):
    """项目资金: yuan from one source (the config's fund sources)."""

    __table_args__ = (sa.UniqueConstraint("project_id", "source", name="uq_project_fund"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="supportproject.id", index=True)
    source: str = Field(max_length=32)
    amount_yuan: int


class ProjectMilestone(SQLModel, table=True):
    """项目节点 (立项, 开工, 建成, 验收, 投产): planned and done dates; the issue raised once when it is missed."""

    __table_args__ = (sa.UniqueConstraint("project_id", "milestone", name="uq_project_milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="supportproject.id", index=True)
    milestone: str = Field(max_length=16, description="approve, start, build, accept, operate")
    planned_on: date | None = None
    done_on: date | None = None
    issue_id: int | None = Field(default=None, foreign_key="issue.id", description="raised when it was missed")


class ProjectIncome(SQLModel, table=True):
    """实际收益: what the project brought a benefiting village in a year."""

    __table_args__ = (sa.UniqueConstraint("project_id", "village_id", "year", name="uq_project_income"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="supportproject.id", index=True)
    village_id: int = Field(foreign_key="village.id")
    year: int
    amount_yuan: int
