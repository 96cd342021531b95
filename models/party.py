"""Party-building ledgers (党建台账): village party organisations with their star ratings, weak-and-lax
designations, party-building brands; cadre qualification reviews; secretaries' assessments and the excellent
cadres; training sessions and their attendances."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class OrgKind(StrEnum):
    committee = "committee"  # 党委
    general_branch = "general_branch"  # 党总支
    branch = "branch"  # 党支部


class PartyOrg(SQLModel, table=True):
    """村（社区）党组织: one per village or community. A village that leaves the roster hands its organisation to
    the village it merged into (moved there, or closed into that village's organisation: `merged_into_id`)."""

    id: int | None = Field(default=None, primary_key=True)
    village_id: int = Field(foreign_key="village.id", unique=True)
    name: str = Field(max_length=64)
    kind: OrgKind = Field(default=OrgKind.branch, sa_type=enum_type(OrgKind))
    secretary: str | None = Field(default=None, max_length=32)
    members: int | None = None  # 党员数
    active: bool = Field(default=True)
    merged_into_id: int | None = Field(default=None, foreign_key="partyorg.id")
    closed_reason: str | None = Field(default=None, max_length=200)


class RatingLevel(StrEnum):
    city = "city"  # 市级
    district = "district"  # 区级


class OrgRating(SQLModel, table=True):
    """星级评定: an organisation's star rating (三星…五星) of one year, at one level."""

    __table_args__ = (sa.UniqueConstraint("org_id", "year", "level", name="uq_rating_org_year_level"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="partyorg.id", index=True)
    year: int = Field(index=True)
    level: RatingLevel = Field(default=RatingLevel.city, sa_type=enum_type(RatingLevel))
    stars: int
    rated_on: date | None = None


class WeakDesignation(SQLModel, table=True):
    """软弱涣散认定: an organisation designated weak and lax in a year; its rectification runs as an issue (the
    issue's deadline, reminders and 销号), owned by the town's party secretary with a district leader attached."""

    __table_args__ = (sa.UniqueConstraint("org_id", "year", name="uq_weak_org_year"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="partyorg.id", index=True)
    year: int = Field(index=True)
    designated_on: date
    reasons: str = Field(max_length=200)
    town_secretary: str = Field(max_length=32)  # 镇党委书记 (the issue's owner is the town)
    liaison_leader: str = Field(max_length=32)  # 联系区领导
    issue_id: int | None = Field(default=None, foreign_key="issue.id", index=True)


class PartyBrand(SQLModel, table=True):
    """党建品牌: a party-building brand by name, of an organisation."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    org_id: int = Field(foreign_key="partyorg.id", index=True)
    year: int | None = None
    rank: int = 0  # the order the report names them in


class ReviewLevel(StrEnum):
    district = "district"  # 区级
    town = "town"  # 镇级


class ReviewFinding(StrEnum):
    clear = "clear"  # 符合任职条件
    record = "record"  # 有违法记录
    other = "other"  # 其他不符合情形


class CadreReview(SQLModel, table=True):
    """任职资格审查: one village cadre reviewed by the district or a town in a year; a case found (a record …)
    is handled (会商处理) by its deadline in working days."""

    __table_args__ = (sa.UniqueConstraint("year", "level", "village_id", "cadre", name="uq_review_year_level_cadre"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    level: ReviewLevel = Field(sa_type=enum_type(ReviewLevel))
    village_id: int = Field(foreign_key="village.id", index=True)
    cadre: str = Field(max_length=32)
    post: str | None = Field(default=None, max_length=32)
    reviewed_on: date
    finding: ReviewFinding = Field(default=ReviewFinding.clear, sa_type=enum_type(ReviewFinding))
    finding_note: str | None = Field(default=None, max_length=200)
    handle_by: date | None = None  # 处理期限 (a working day), for a case found
    handling: str | None = Field(default=None, max_length=200)  # 会商处理结果
    handled_on: date | None = None


class AssessGrade(StrEnum):
    excellent = "excellent"  # 好
    good = "good"  # 较好
    fair = "fair"  # 一般
    poor = "poor"  # 差


class SecretaryAssessment(SQLModel, table=True):
    """书记述职评议考核: a village secretary's yearly assessment with its grade."""

    __table_args__ = (sa.UniqueConstraint("year", "village_id", name="uq_assessment_year_village"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    village_id: int = Field(foreign_key="village.id", index=True)
    secretary: str = Field(max_length=32)
    grade: AssessGrade = Field(sa_type=enum_type(AssessGrade))
    assessed_on: date | None = None


class ExcellentCategory(StrEnum):
    secretary = "secretary"  # 优秀村（社区）书记
    cadre = "cadre"  # 优秀村（社区）干部


class ExcellentCadre(SQLModel, table=True):
    """评优: a cadre named excellent for an assessment year."""

    __table_args__ = (sa.UniqueConstraint("year", "category", "village_id", "name", name="uq_excellent"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    category: ExcellentCategory = Field(sa_type=enum_type(ExcellentCategory))
    village_id: int = Field(foreign_key="village.id", index=True)
    name: str = Field(max_length=32)
    post: str | None = Field(default=None, max_length=32)


class TrainingKind(StrEnum):
    rotation = "rotation"  # 轮训
    topical = "topical"  # 专题培训
    other = "other"  # 其他


class TrainingSession(SQLModel, table=True):
    """培训期次: a session with its kind and organiser; attendances as counts, or as lists of people."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    title: str = Field(max_length=128)
    kind: TrainingKind = Field(sa_type=enum_type(TrainingKind))
    organiser: str = Field(max_length=64)
    starts_on: date = Field(index=True)
    ends_on: date | None = None
    cadres: int | None = None  # 村（社区）干部人次, when the sheet gives a count
    members: int | None = None  # 农村党员人次


class AttendeeRole(StrEnum):
    cadre = "cadre"  # 村（社区）干部
    member = "member"  # 农村党员


class TrainingAttendance(SQLModel, table=True):
    """参训人员: one person at one session (when the sheet has a list)."""

    __table_args__ = (sa.UniqueConstraint("session_id", "role", "village_id", "name", name="uq_attendance"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="trainingsession.id", index=True)
    role: AttendeeRole = Field(sa_type=enum_type(AttendeeRole))
    village_id: int = Field(foreign_key="village.id", index=True)
    name: str = Field(max_length=32)
