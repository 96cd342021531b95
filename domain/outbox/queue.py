"""Queueing messages: insert-or-ignore on the idempotency key (recipient, item, rule, period).

Call `enqueue` inside the unit of work that made the change, so the message and the change commit
together. Re-running a flow, a Prefect task retry or two sweeps at once queue each key once.
`SendWindow` is when messages may go out: working days, outside quiet hours, from the digest hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from config.errors import InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from models.audit import record_audit
from models.db import dialect_insert
from models.outbox import DeliveryStatus, OutboxDelivery, OutboxMessage, OutboxStatus
from models.units import UnitDirectory

KEY = ["item", "rule", "period", "recipient"]


@dataclass(frozen=True)
class Outgoing:
    """One message to queue. `recipient` is an audience tag; `payload` holds what the template needs:
    `text` (one line, zh-CN) and optionally `title`, `attachments` (file paths, sent to e-mail only)."""

    recipient: str
    item: str
    rule: str
    period: str
    payload: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None  # default: the moment it was queued


def enqueue(session: Session, messages: Sequence[Outgoing], *, at: datetime) -> list[int]:
    """Queue messages whose key is new; return the new rows' ids (one statement)."""
    if not messages:
        return []
    rows = [
        {"recipient": m.recipient, "item": m.item, "rule": m.rule, "period": m.period, "payload": m.payload,
         "created_at": at, "not_before": m.not_before or at, "status": OutboxStatus.pending, "attempts": 0}
        for m in messages
    ]
    stmt = dialect_insert(session)(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=KEY)
    return list(session.execute(stmt.returning(OutboxMessage.id), rows).scalars())


def set_status(session: Session, item: str, *, rules: Iterable[str], prefixes: Iterable[str] = (),
               period: str | None = None, to: OutboxStatus, where: OutboxStatus) -> int:
    """Cancel (or restore) an item's queued rows under the given rules / rule prefixes; return how many."""
    t = OutboxMessage.__table__.c
    match = sa.or_(t.rule.in_(list(rules)), *(t.rule.startswith(p) for p in prefixes))
    cond = [t.item == item, t.status == where, match]
    if period is not None:
        cond.append(t.period == period)
    return session.execute(sa.update(OutboxMessage.__table__).where(*cond).values(status=to)).rowcount


def requeue(session: Session, message_id: int, *, at: datetime, actor: str) -> OutboxMessage:
    """Put a failed or cancelled row back in the queue: its failed deliveries start over (`dudao notify retry`)."""
    msg = session.get(OutboxMessage, message_id)
    if msg is None:
        raise NotFound("没有这条消息", [Problem(f"编号 {message_id}", "消息队列中没有这个编号")])
    if msg.status in (OutboxStatus.pending, OutboxStatus.sent):
        raise InputError(f"消息 {message_id} " + ("仍在待发送队列中" if msg.status is OutboxStatus.pending
                                                 else "已发送"), [Problem(
            f"编号 {message_id}", "只有发送失败或已取消的消息可以重试"
            + ("；它仍在排队等待发送" if msg.status is OutboxStatus.pending else "；它已送达"))])
    session.execute(sa.update(OutboxDelivery).where(
        OutboxDelivery.message_id == message_id, OutboxDelivery.status == DeliveryStatus.failed,
    ).values(status=DeliveryStatus.pending, attempts=0, next_attempt_at=None))
    before = msg.status
    msg.status, msg.attempts, msg.next_attempt_at, msg.not_before = OutboxStatus.pending, 0, None, at
    session.add(msg)
    record_audit(session, at=at, actor=actor, entity="outbox", entity_id=str(message_id), action="retry",
                 from_state=before.value, to_state=OutboxStatus.pending.value, note=msg.last_error)
    return msg


def outbox_rows(session: Session, *, status: str | None = None, limit: int = 200) -> list[dict]:
    """Outbox rows, newest first, each with its delivery state per channel (`dudao notify outbox`)."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        if status not in {s.value for s in OutboxStatus}:
            raise InputError("未知的状态", [Problem("--status", f"{status!r} 不是消息状态；可选："
                                                                    + ", ".join(s.value for s in OutboxStatus))])
        query = query.where(OutboxMessage.status == status)
    messages = session.scalars(query).all()
    channels: dict[int, dict[str, str]] = {m.id: {} for m in messages}
    if messages:
        for mid, channel, state in session.execute(sa.select(
                OutboxDelivery.message_id, OutboxDelivery.channel, OutboxDelivery.status)
                .where(OutboxDelivery.message_id.in_(list(channels)))):
            channels[mid][channel] = state.value
    label = UnitDirectory.of(session).label if messages else str
    return [{"id": m.id, "recipient": m.recipient, "recipient_name": label(m.recipient), "item": m.item,
             "rule": m.rule, "period": m.period,
             "status": m.status.value, "created_at": m.created_at, "not_before": m.not_before, "sent_at": m.sent_at,
             "attempts": m.attempts, "next_attempt_at": m.next_attempt_at, "last_error": m.last_error,
             "channels": channels[m.id]} for m in messages]


@dataclass(frozen=True)
class SendWindow:
    """When messages may go out (发送时段): working days, from `opens` until `closes` (quiet hours after)."""

    calendar: WorkingCalendar
    opens: time
    closes: time
    tz: ZoneInfo

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(self.tz)
        return self.calendar.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when the window is open, else the next working morning at `opens`."""
        if self.is_open(at):
            return at
        local = at.astimezone(self.tz)
        day = local.date()
        if not (self.calendar.is_working_day(day) and local.time() < self.opens):
            day = self.calendar.next_working_day(day)
        return datetime.combine(day, self.opens, tzinfo=self.tz)

    def day_start(self, at: datetime) -> datetime:
        """Midnight of `at`'s day in the district (the digest day starts here)."""
        return datetime.combine(at.astimezone(self.tz).date(), time(0), tzinfo=self.tz)

    def day_end(self, at: datetime) -> datetime:
        return self.day_start(at) + timedelta(days=1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end], negative when end is before start (a message's days, as of sending)."""
        return self.calendar.working_days_between(start, end)


def send_window(cfg: DistrictConfig, calendar: WorkingCalendar, tz: ZoneInfo | None = None) -> SendWindow:
    """Quiet hours from the issue rules; digests go out from the digest hour (whichever opens later)."""
    opens = max(cfg.issues.quiet_end, time(cfg.notifications.digest_hour))
    return SendWindow(calendar, opens, cfg.issues.quiet_start, tz or DISTRICT_TZ)
