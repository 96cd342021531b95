"""Published red/black lists (红黑榜快照): frozen at publication, revocable with a reason, never edited."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from config.ranking import Board
from models.types import enum_type


class Listing(StrEnum):
    """Where a unit ends up on a board."""

    red = "red"  # 红榜
    black = "black"  # 黑榜
    unlisted = "unlisted"  # 已排名，未上榜
    no_data = "no_data"  # 本期无数据，不参与排名


class SnapshotStatus(StrEnum):
    published = "published"  # 已发布
    revoked = "revoked"  # 已撤销（仍可查看）


class RankingSnapshot(SQLModel, table=True):
    """红黑榜快照: one publication of one period's lists. A republication after a revoke is a new version."""

    __table_args__ = (
        sa.UniqueConstraint("period", "version", name="uq_ranking_period_version"),
        sa.Index("ix_ranking_kind_status_start", "period_kind", "status", "period_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=32, index=True)
    period_kind: str = Field(max_length=16)
    period_start: date
    period_end: date
    version: int = 1
    rule_version: str = Field(max_length=32, description="the district's label for its rules ([ranking].rule_version)")
    scoring_rule: int = Field(default=1, sa_column_kwargs={"server_default": "1"}, description=(
        "the engine's scoring rule the lists were computed with: 1 = min–max over every indicator (lists published "
        "before issue 11), 2 = monotone (domain.ranking.rule)"))
    left_out: list[Any] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"},
                                      description="[board, scope, indicator, value]: the indicators left out of a "
                                                  "board because every unit there had that value")
    rules: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="the rules as applied")
    indicators: list[str] = Field(default_factory=list, sa_type=JSON, description="indicators in this period")
    as_of: datetime = Field(description="the moment the data was read")
    status: SnapshotStatus = Field(default=SnapshotStatus.published, sa_type=enum_type(SnapshotStatus))
    published_at: datetime
    published_by: str = Field(max_length=64)
    reason: str | None = Field(default=None, description="why it was republished")
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=64)
    revoke_reason: str | None = None
    bulletin: str | None = Field(default=None, max_length=300, description="the bulletin's markdown file")


class RankingEntry(SQLModel, table=True):
    """红黑榜条目: one unit on one board of a snapshot, with its values, score, rank, list and reasons."""

    __table_args__ = (sa.Index("ix_rankingentry_unit_board", "unit_code", "board", "snapshot_id"),)

    id: int | None = Field(default=None, primary_key=True)
    snapshot_id: int = Field(foreign_key="rankingsnapshot.id", index=True)
    board: Board = Field(sa_type=enum_type(Board))
    scope: str = Field(default="", max_length=32, description="the town code on a villages_in_town board")
    unit_code: str = Field(max_length=32)
    unit_name: str = Field(max_length=64)
    town_code: str | None = Field(default=None, max_length=32)
    score: float | None = None
    rank: int | None = None
    listing: Listing = Field(sa_type=enum_type(Listing))
    streak: int = 0
    action: str | None = Field(default=None, max_length=200)
    values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    normalised: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reasons: list[str] = Field(default_factory=list, sa_type=JSON)
