"""The hundred-day campaign's ledger (百日攻坚): progress per village and checklist item, and missed milestones."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CampaignProgress(SQLModel, table=True):
    """攻坚进度: a village has done a milestone's checklist item on `done_on`."""

    __table_args__ = (
        sa.UniqueConstraint("campaign", "village_id", "milestone", name="uq_campaign_progress"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=32, index=True, description="the campaign's key")
    village_id: int = Field(foreign_key="village.id")
    milestone: str = Field(max_length=32, description="the milestone's key")
    done_on: date
    evidence: str | None = Field(default=None, max_length=500, description="what proves it (file, document no.)")
    recorded_at: datetime
    recorded_by: str = Field(max_length=64)


class CampaignMiss(SQLModel, table=True):
    """攻坚节点未完成: a village missed a milestone; one issue is raised for its owner, once."""

    __table_args__ = (sa.UniqueConstraint("campaign", "village_id", "milestone", name="uq_campaign_miss"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=32, index=True)
    village_id: int = Field(foreign_key="village.id")
    milestone: str = Field(max_length=32)
    due_on: date
    owner: str = Field(max_length=64, description="audience tag of the owner: town:T01, department:rural-work")
    issue_id: int | None = Field(default=None, foreign_key="issue.id", description="the issue raised for it")
    at: datetime
