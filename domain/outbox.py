"""Queueing messages: insert-or-ignore on the idempotency key (recipient, item, rule, period).

Call it inside the unit of work that made the change, so the message and the change commit together.
Re-running a flow, a Prefect task retry or two sweeps at once queue each key once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from models.outbox import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Outgoing:
    recipient: str
    item: str
    rule: str
    period: str
    payload: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None  # default: the moment it was queued


def enqueue(session: Session, messages: Sequence[Outgoing], *, at: datetime) -> int:
    """Queue messages whose key is new; return how many were new. One statement."""
    if not messages:
        return 0
    rows = [
        {"recipient": m.recipient, "item": m.item, "rule": m.rule, "period": m.period, "payload": m.payload,
         "created_at": at, "not_before": m.not_before or at, "status": OutboxStatus.pending, "attempts": 0}
        for m in messages
    ]
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    before = _count(session)
    session.execute(insert(OutboxMessage.__table__).on_conflict_do_nothing(
        index_elements=["item", "rule", "period", "recipient"]), rows)
    return _count(session) - before


def _count(session: Session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one()
