"""The web board's accounts (账号), log-in attempts and the evidence store's files (整改佐证材料)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class Role(StrEnum):
    """Who a user is on the board; the scope column names the unit the role is bound to."""

    coordinator = "coordinator"  # 组织部（协调人）: everything
    leader = "leader"  # 领导: reads everything, changes nothing
    town = "town"  # 镇街: its town (scope = town code)
    village = "village"  # 村社区: its village (scope = village code)
    team = "team"  # 督导组: its rounds' assignments (scope = team key)
    department = "department"  # 成员单位: the issues it owns (scope = department key)


class WebUser(SQLModel, table=True):
    """账号: one person's log-in to the web board."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, max_length=64, description="a mobile number or a chosen name")
    name: str = Field(max_length=64, description="the display name (written into the audit trail)")
    role: Role = Field(sa_type=enum_type(Role))
    scope: str | None = Field(default=None, max_length=64, description="town code, village code, team or dept key")
    password_hash: str = Field(max_length=255)
    must_change_password: bool = Field(default=False, description="a one-time password: change it at log-in")
    active: bool = Field(default=True)
    session_version: int = Field(default=1, description="raised on reset and disable: older sessions end")
    created_at: datetime
    created_by: str = Field(max_length=64)


class LoginAttempt(SQLModel, table=True):
    """A log-in attempt, for throttling per account and per address (failures in a window)."""

    __table_args__ = (sa.Index("ix_loginattempt_login_at", "login", "at"),
                      sa.Index("ix_loginattempt_address_at", "address", "at"))

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    login: str = Field(max_length=64)
    address: str = Field(max_length=64)
    ok: bool


class EvidenceFile(SQLModel, table=True):
    """A file in the content-addressed evidence store (var/evidence/ab/abcdef…): one row per content."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    media_type: str = Field(max_length=100, description="from the content's magic bytes, not the name")
    thumbnail: bool = Field(default=False)
    stored_at: datetime
    stored_by: str = Field(max_length=64)


class IssueEvidence(SQLModel, table=True):
    """A file attached to an issue (with the name it was uploaded under, its folders removed)."""

    issue_id: int = Field(foreign_key="issue.id", primary_key=True)
    sha256: str = Field(foreign_key="evidencefile.sha256", primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    attached_at: datetime
    attached_by: str = Field(max_length=64)
