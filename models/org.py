"""The organisation: district, towns, villages, departments, inspection teams and contacts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class District(SQLModel, table=True):
    """区: the top unit; one installation serves one district."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=64)


class TownKind(StrEnum):
    town = "town"  # 镇
    subdistrict = "subdistrict"  # 街道


class Town(SQLModel, table=True):
    """镇 / 街道: the middle level; owns villages."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(unique=True, max_length=64)
    kind: TownKind = Field(default=TownKind.town, sa_type=enum_type(TownKind))
    leader_name: str | None = Field(default=None, max_length=64)
    leader_mobile: str | None = Field(default=None, max_length=32)


class VillageKind(StrEnum):
    village = "village"  # 村
    community = "community"  # 社区


class Village(SQLModel, table=True):
    """村 / 社区: the unit being supervised. Inactive villages keep their history."""

    __table_args__ = (sa.UniqueConstraint("town_id", "name", name="uq_village_town_name"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=64)
    kind: VillageKind = Field(default=VillageKind.village, sa_type=enum_type(VillageKind))
    town_id: int = Field(foreign_key="town.id", index=True)
    active: bool = Field(default=True)
    deactivated_at: datetime | None = None
    deactivated_reason: str | None = Field(default=None, max_length=200)


class Department(SQLModel, table=True):
    """成员单位: a member department of the leading group."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=64)


class InspectionTeam(SQLModel, table=True):
    """督导组: a team that inspects villages."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=64)
    leader_name: str = Field(max_length=64)
    leader_mobile: str | None = Field(default=None, max_length=32)
    daily_capacity: int | None = None


class TeamMember(SQLModel, table=True):
    """督导组成员; `home_town` names the town this person must not inspect (回避)."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="inspectionteam.id", index=True)
    name: str = Field(max_length=64)
    is_leader: bool = False
    home_town: str | None = Field(default=None, max_length=64)
    mobile: str | None = Field(default=None, max_length=32)


class Contact(SQLModel, table=True):
    """联系人: someone who receives messages. `unit` is an audience tag (village:V001, town:T01, leadership…)."""

    __table_args__ = (sa.UniqueConstraint("unit", "role", "name", name="uq_contact_unit_role_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    role: str = Field(max_length=64)
    unit: str = Field(index=True, max_length=64)
    mobile: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=128)
