"""The notification outbox (通知发件箱): every message is a row first, unique on its idempotency key.

A row is written in the same transaction as the change that caused it; delivery (notifications/) sends
pending rows later and marks them, so nothing is lost and nothing is sent twice. Each row is delivered to
every channel that serves its recipient; `OutboxDelivery` tracks it per channel.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel

from models.types import enum_type


class OutboxStatus(StrEnum):
    pending = "pending"  # 待发送
    sent = "sent"  # 已发送
    failed = "failed"  # 发送失败（超过重试次数）
    cancelled = "cancelled"  # 已取消


class OutboxMessage(SQLModel, table=True):
    """One item for one recipient under one rule in one period: the idempotency key."""

    __table_args__ = (
        # the idempotency key; item first so that "every row about issue:12" is an index lookup
        sa.UniqueConstraint("item", "rule", "period", "recipient", name="uq_outbox_key"),
        sa.Index("ix_outbox_status_not_before", "status", "not_before"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=64, description="audience tag: town:T01, team:team-1, coordinators …")
    item: str = Field(max_length=64, description="what it is about: issue:12, round:R2022-10-10 …")
    rule: str = Field(max_length=32, description="why: remind-3, due, overdue, escalate-5, plan, bulletin …")
    period: str = Field(max_length=32, description="when it applies: a date, a round, a quarter …")
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime
    not_before: datetime = Field(description="not delivered before this moment (quiet hours, working days)")
    status: OutboxStatus = Field(default=OutboxStatus.pending, sa_type=enum_type(OutboxStatus))
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None


class DeliveryStatus(StrEnum):
    pending = "pending"  # 待发送（含等待重试）
    sending = "sending"  # 已认领，正在发送
    sent = "sent"  # 已发送
    failed = "failed"  # 超过重试次数


class OutboxDelivery(SQLModel, table=True):
    """投递记录: one outbox row on one channel. Claimed atomically (pending → sending) before it is sent."""

    __table_args__ = (
        sa.UniqueConstraint("message_id", "channel", name="uq_delivery_message_channel"),
        sa.Index("ix_delivery_channel_status", "channel", "status", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outboxmessage.id")
    channel: str = Field(max_length=32)
    status: DeliveryStatus = Field(default=DeliveryStatus.pending, sa_type=enum_type(DeliveryStatus))
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=128, description="host:pid:token of the sender")
    claimed_at: datetime | None = Field(default=None, description="wall-clock time of the claim (for leases)")
    sent_at: datetime | None = None
    last_error: str | None = None
