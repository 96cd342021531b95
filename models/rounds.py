"""Inspection rounds (两周一督查) and research trips (季度调研): plans, visits, stops and findings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from models.types import enum_type


class RoundStatus(StrEnum):
    planned = "planned"  # 已安排
    closed = "closed"  # 已通报


class InspectionRound(SQLModel, table=True):
    """督查轮次: one occurrence of the biweekly inspection, its window and its published bulletin (通报)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=16, description="the period: R2022-10-10")
    cycle_key: str = Field(max_length=64)
    occurrence: date = Field(index=True)
    window_start: date
    window_end: date
    status: RoundStatus = Field(default=RoundStatus.planned, sa_type=enum_type(RoundStatus))
    planned_at: datetime
    max_load: int = Field(description="the largest team load (the least possible)")
    repeats: int = Field(description="villages visited by the same team as last round (unavoidable ones)")
    closed_at: datetime | None = None
    bulletin_md: str | None = Field(default=None, max_length=500)
    bulletin_docx: str | None = Field(default=None, max_length=500)


class VisitStatus(StrEnum):
    planned = "planned"  # 待督查
    done = "done"  # 已督查
    not_visited = "not_visited"  # 未走访


class Visit(SQLModel, table=True):
    """督查走访: one village's visit in a round — team, date, then methods, score or why it did not happen."""

    __table_args__ = (
        sa.UniqueConstraint("round_id", "village_id", name="uq_visit_round_village"),
        sa.Index("ix_visit_round_team", "round_id", "team_id", "day"),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="ck_visit_score_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="inspectionround.id")
    village_id: int = Field(foreign_key="village.id", index=True)
    team_id: int = Field(foreign_key="inspectionteam.id")
    day: date
    overdue: bool = Field(description="the village had overdue issues when the round was planned")
    repeat: bool = Field(description="same team as last round (unavoidable)")
    status: VisitStatus = Field(default=VisitStatus.planned, sa_type=enum_type(VisitStatus))
    methods: list[str] = Field(default_factory=list, sa_type=JSON, description="座谈了解, 实地查看, 查阅资料")
    score: int | None = Field(default=None, description="0–100")
    reason: str | None = Field(default=None, max_length=200, description="why it was not visited")
    recorded_at: datetime | None = None
    recorded_by: str | None = Field(default=None, max_length=64)


class TripStatus(StrEnum):
    planned = "planned"  # 已安排
    closed = "closed"  # 已结束


class ResearchTrip(SQLModel, table=True):
    """季度督导调研: one quarter's trip to every town with the partner departments (成员单位)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=16, description="the quarter: 2022-Q4")
    cycle_key: str = Field(max_length=64)
    occurrence: date
    window_start: date
    window_end: date
    groups: int
    status: TripStatus = Field(default=TripStatus.planned, sa_type=enum_type(TripStatus))
    planned_at: datetime


class StopStatus(StrEnum):
    planned = "planned"  # 待调研
    done = "done"  # 已调研


class TripStop(SQLModel, table=True):
    """调研行程: one town on one day, visited by one group with its departments."""

    __table_args__ = (sa.UniqueConstraint("trip_id", "town_id", name="uq_stop_trip_town"),)

    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="researchtrip.id", index=True)
    town_id: int = Field(foreign_key="town.id")
    day: date
    group: int = Field(description="1-based group number")
    departments: list[str] = Field(default_factory=list, sa_type=JSON, description="department keys")
    status: StopStatus = Field(default=StopStatus.planned, sa_type=enum_type(StopStatus))
    note: str | None = None
    recorded_at: datetime | None = None
    recorded_by: str | None = Field(default=None, max_length=64)


class Finding(SQLModel, table=True):
    """督查发现问题: a problem found on a visit or a trip stop; it becomes an issue (问题) in the ledger."""

    __table_args__ = (
        sa.CheckConstraint("(visit_id IS NULL) <> (stop_id IS NULL)", name="ck_finding_one_source"),
        sa.UniqueConstraint("visit_id", "seq", name="uq_finding_visit_seq"),
        sa.UniqueConstraint("stop_id", "seq", name="uq_finding_stop_seq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int | None = Field(default=None, foreign_key="visit.id")
    stop_id: int | None = Field(default=None, foreign_key="tripstop.id")
    seq: int = Field(description="1, 2, … within its visit or stop")
    village_id: int | None = Field(default=None, foreign_key="village.id")
    town_id: int = Field(foreign_key="town.id")
    text: str = Field(max_length=200)
    owner: str = Field(max_length=64, description="audience tag of the responsible unit")
    category: str = Field(max_length=32)
    due_days: int
    deadline: date
    found_at: datetime
    issue_id: int | None = Field(default=None, foreign_key="issue.id", index=True,
                                 description="the issue it was raised as")
