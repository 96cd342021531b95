"""Weekly meetings (每周例会) and joint meetings (联席会议), and the issues they raised or settled."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from models.types import enum_type


class MeetingKind(StrEnum):
    weekly = "weekly"  # 每周例会
    joint = "joint"  # 联席会议


class MeetingRole(StrEnum):
    raised = "raised"  # 会上提出（新交办）
    settled = "settled"  # 会上研究解决（验收销号）
    agenda = "agenda"  # 列入议程（会前简报提请研究的问题）


class Meeting(SQLModel, table=True):
    """会议: a weekly or joint meeting; its figures are derived from the issues it raised and settled."""

    __table_args__ = (sa.UniqueConstraint("kind", "held_on", "title", name="uq_meeting_kind_day_title"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: MeetingKind = Field(sa_type=enum_type(MeetingKind))
    held_on: date = Field(index=True)
    title: str = Field(max_length=128)
    units_present: list[str] = Field(default_factory=list, sa_type=JSON, description="units or audience tags")
    note: str | None = None
    recorded_at: datetime
    recorded_by: str = Field(max_length=64)


class MeetingIssue(SQLModel, table=True):
    """会议研究的问题: an issue a meeting raised or settled."""

    __table_args__ = (sa.UniqueConstraint("meeting_id", "issue_id", "role", name="uq_meeting_issue_role"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    role: MeetingRole = Field(sa_type=enum_type(MeetingRole))


class MeetingBrief(SQLModel, table=True):
    """进展简报: the brief a meeting cycle's occurrence prepared before the meeting — the window it covers, the
    issues it put on the meeting's agenda and its files. One per cycle occurrence."""

    __table_args__ = (sa.UniqueConstraint("cycle", "occurrence", name="uq_meetingbrief_cycle_occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle: str = Field(max_length=64)
    occurrence: date
    kind: MeetingKind = Field(sa_type=enum_type(MeetingKind))
    held_on: date = Field(index=True, description="the day the meeting is held")
    title: str = Field(max_length=128, description="the meeting's title (as its Meeting row will carry)")
    since: datetime = Field(description="the window starts here: the previous brief of this cycle, or its start")
    prepared_at: datetime = Field(description="the data was read as of this moment")
    agenda: list[int] = Field(default_factory=list, sa_type=JSON, description="issue ids put on the agenda")
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="the brief's headline counts")
    markdown: str = Field(max_length=300)
    docx: str = Field(max_length=300)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", description="the meeting, once recorded")
