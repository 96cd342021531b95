"""Issues tracked to closure (问题整改): the issue, its event history and its extensions.

`deadline` is the deadline that counts (as extended by an approved extension); `original_deadline`
is the one first assigned. Both are working days in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from models.types import enum_type


class IssueSource(StrEnum):
    """Where an issue was found (问题来源)."""

    visit = "visit"  # 两周一督查走访
    trip = "trip"  # 季度调研
    meeting = "meeting"  # 例会、联席会议
    campaign = "campaign"  # 百日攻坚
    project = "project"  # 扶持项目节点逾期
    contract = "contract"  # 合同清理整改
    manual = "manual"  # 手工录入


class IssueStatus(StrEnum):
    """open 交办 → rectifying 整改中 → awaiting_verification 待验收 → closed 已销号."""

    open = "open"
    rectifying = "rectifying"
    awaiting_verification = "awaiting_verification"
    closed = "closed"


class Severity(StrEnum):
    """严重程度."""

    normal = "normal"  # 一般
    serious = "serious"  # 较重
    critical = "critical"  # 严重


class Issue(SQLModel, table=True):
    """问题: a problem found in a round, trip, meeting or the campaign that an owner must fix by a deadline."""

    __table_args__ = (
        sa.UniqueConstraint("source", "source_ref", name="uq_issue_source_ref"),
        # the deadline sweep and the light counts: open issues by deadline, per town
        sa.Index("ix_issue_sweep", "status", "deadline", "town_id"),
        # 工作台: a town's counts per status and light, its issues due first (covering)
        sa.Index("ix_issue_board", "town_id", "status", "deadline"),
        # per-village statistics for a period (the red/black list), covering
        sa.Index("ix_issue_village_stats", "village_id", "opened_at", "closed_at", "status", "deadline",
                 "submitted_at", "closed_on_time", "income_added_yuan"),
        # the report: issues closed in a span, found by a range of the index and listed in closing order
        sa.Index("ix_issue_closed", "status", "closed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: IssueSource = Field(sa_type=enum_type(IssueSource))
    source_ref: str | None = Field(default=None, max_length=64, description="finding:17, meeting:3 … (idempotency)")
    town_id: int = Field(foreign_key="town.id", index=True)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    owner: str = Field(max_length=64, index=True, description="audience tag of the responsible unit")
    category: str = Field(max_length=32)
    severity: Severity = Field(default=Severity.normal, sa_type=enum_type(Severity))
    title: str = Field(max_length=200)
    description: str | None = None
    opened_at: datetime
    original_deadline: date
    deadline: date = Field(description="the deadline that counts, as extended by an approved extension")
    status: IssueStatus = Field(default=IssueStatus.open, sa_type=enum_type(IssueStatus))
    submitted_at: datetime | None = Field(default=None, description="the latest rectification submitted (to 待验收)")
    verify_deadline: date | None = Field(default=None, description="coordinators verify by this working day")
    closed_at: datetime | None = None
    closed_on_time: bool | None = None
    income_added_yuan: int | None = Field(default=None, sa_type=sa.BigInteger, description="增收, integer yuan")


class IssueFlag(SQLModel, table=True):
    """黑榜预警标记: the escalation ladder's black-list step reached this issue (once per issue).

    A row of its own rather than a column of the issue: the sweep appends flags instead of rewriting
    issue rows scattered over a large table, and the primary key makes flagging idempotent.
    """

    issue_id: int = Field(foreign_key="issue.id", primary_key=True)
    flagged_at: datetime
    overdue_days: int = Field(description="overdue by this many working days when flagged")


class IssueEvent(SQLModel, table=True):
    """问题处理记录: one change of one issue — who, when, from, to, note, evidence."""

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    at: datetime
    actor: str = Field(max_length=64)
    action: str = Field(max_length=32)
    from_status: IssueStatus | None = Field(default=None, sa_type=enum_type(IssueStatus))
    to_status: IssueStatus | None = Field(default=None, sa_type=enum_type(IssueStatus))
    note: str | None = None
    evidence: list[str] = Field(default_factory=list, sa_type=JSON)


class ExtensionStatus(StrEnum):
    requested = "requested"  # 已申请
    approved = "approved"  # 已批准
    refused = "refused"  # 未批准


class Extension(SQLModel, table=True):
    """延期申请: a reason and a new date, requested before the deadline, decided by a coordinator."""

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    requested_at: datetime
    requested_by: str = Field(max_length=64)
    reason: str
    old_deadline: date
    new_deadline: date
    status: ExtensionStatus = Field(default=ExtensionStatus.requested, sa_type=enum_type(ExtensionStatus))
    decided_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=64)
    decision_note: str | None = None
