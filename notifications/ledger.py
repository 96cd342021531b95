"""The outbox's delivery bookkeeping in SQL: expand rows per channel, claim atomically, mark, roll up.

States of one row on one channel (OutboxDelivery): pending → sending (claimed: one conditional UPDATE,
committed before the send) → sent | pending again with backoff | failed past max_attempts. A claim
left in `sending` by a process that died is put back to pending (its owner is gone, or its lease ran
out): that send may or may not have reached the endpoint — the only duplicate window (see docs/issues.md).
"""

from __future__ import annotations

import os
import socket
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from models.db import insert_ignore
from models.outbox import DeliveryStatus, OutboxDelivery, OutboxMessage, OutboxStatus

D, M = OutboxDelivery, OutboxMessage
INTERRUPTED = "interrupted while sending; sent again (the endpoint may have received it twice)"


def new_token() -> str:
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_gone(token: str) -> bool:
    host, _, rest = token.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover(session: Session, *, now: datetime, lease: timedelta) -> int:
    """Put back claims whose sender died (same host, process gone) or whose lease ran out."""
    tokens = session.scalars(sa.select(D.claimed_by).distinct().where(D.status == DeliveryStatus.sending)).all()
    dead = [t for t in tokens if t and _owner_gone(t)]
    stale = sa.or_(D.claimed_by.in_(dead), D.claimed_at < now - lease)
    return session.execute(sa.update(D).where(D.status == DeliveryStatus.sending, stale).values(
        status=DeliveryStatus.pending, claimed_by=None, last_error=INTERRUPTED)).rowcount


def expand(session: Session, *, at: datetime, route: Callable[[str], list[str]],
           only: Sequence[int] | None = None) -> Counter:
    """Give every due pending row without deliveries one delivery per channel serving its recipient.
    Returns the rows no channel serves, by tag (they stay pending until a channel does)."""
    due = sa.select(M.id, M.recipient).where(
        M.status == OutboxStatus.pending, M.not_before <= at, ~sa.exists().where(D.message_id == M.id))
    if only is not None:
        due = due.where(M.id.in_(only))
    unroutable: Counter = Counter()
    new = []
    for message_id, tag in session.execute(due):
        names = route(tag)
        if not names:
            unroutable[tag] += 1
        new += [{"message_id": message_id, "channel": n, "status": DeliveryStatus.pending, "attempts": 0}
                for n in names]
    insert_ignore(session, D, new, keys=["message_id", "channel"])
    return unroutable


def candidates(session: Session, channel: str, *, at: datetime, only: Sequence[int] | None = None):
    """Rows due on a channel: (delivery id, attempts, message id, recipient, item, rule, period, payload)."""
    q = (sa.select(D.id, D.attempts, M.id, M.recipient, M.item, M.rule, M.period, M.payload)
         .join(M, M.id == D.message_id)
         .where(D.channel == channel, D.status == DeliveryStatus.pending,
                sa.or_(D.next_attempt_at.is_(None), D.next_attempt_at <= at),
                M.status == OutboxStatus.pending, M.not_before <= at)
         .order_by(M.recipient, D.id))
    if only is not None:
        q = q.where(M.id.in_(only))
    return session.execute(q).all()


def digested_today(session: Session, channel: str, *, start: datetime, end: datetime) -> set[str]:
    """Recipients that already had their digest on this channel on this day."""
    return set(session.scalars(sa.select(M.recipient).distinct().join(D, D.message_id == M.id).where(
        D.channel == channel, D.status == DeliveryStatus.sent, D.sent_at >= start, D.sent_at < end)))


def claim(session: Session, ids: Sequence[int], *, token: str, now: datetime) -> bool:
    """Claim every row of a part or none (another sender holds some): one conditional UPDATE."""
    n = session.execute(sa.update(D).where(D.id.in_(ids), D.status == DeliveryStatus.pending).values(
        status=DeliveryStatus.sending, claimed_by=token, claimed_at=now)).rowcount
    if n != len(ids):  # undo just this claim (the transaction may carry the previous part's mark)
        session.execute(sa.update(D).where(D.id.in_(ids), D.claimed_by == token, D.status == DeliveryStatus.sending)
                        .values(status=DeliveryStatus.pending, claimed_by=None, claimed_at=None))
        return False
    return True


def mark_sent(session: Session, ids: Sequence[int], *, token: str, at: datetime) -> None:
    session.execute(sa.update(D).where(D.id.in_(ids), D.claimed_by == token).values(
        status=DeliveryStatus.sent, sent_at=at, last_error=None))


def mark_failed(session: Session, ids: Sequence[int], message_ids: Sequence[int], *, channel: str, error: str,
                at: datetime, backoff: timedelta, max_attempts: int) -> None:
    """Count a failed attempt: retry later with exponential backoff, or `failed` past max_attempts."""
    retry_at = sa.case(*((D.attempts == k, sa.literal(at + backoff * 2 ** k, D.next_attempt_at.type))
                         for k in range(max_attempts)), else_=sa.literal(at + backoff, D.next_attempt_at.type))
    session.execute(sa.update(D).where(D.id.in_(ids)).values(
        status=sa.case((D.attempts + 1 >= max_attempts, DeliveryStatus.failed.value),
                       else_=DeliveryStatus.pending.value),
        next_attempt_at=retry_at, attempts=D.attempts + 1, last_error=error, claimed_by=None))
    next_try = sa.select(sa.func.min(D.next_attempt_at)).where(
        D.message_id == M.id, D.status == DeliveryStatus.pending).scalar_subquery()
    session.execute(sa.update(M).where(M.id.in_(message_ids)).values(
        attempts=M.attempts + 1, last_error=f"{channel}: {error}", next_attempt_at=next_try))


def postpone(session: Session, ids: Sequence[int], *, until: datetime) -> None:
    """Rows not tried because their channel failed in this run: wait like the failed ones, no attempt counted."""
    if ids:
        session.execute(sa.update(D).where(D.id.in_(ids), D.status == DeliveryStatus.pending)
                        .values(next_attempt_at=until))


def roll_up(session: Session) -> None:
    """A pending row whose deliveries are all done becomes sent (all sent) or failed (any failed)."""
    any_delivery = sa.exists().where(D.message_id == M.id)
    open_delivery = sa.exists().where(D.message_id == M.id, D.status.in_(
        (DeliveryStatus.pending, DeliveryStatus.sending)))
    failed = sa.exists().where(D.message_id == M.id, D.status == DeliveryStatus.failed)
    last_sent = sa.select(sa.func.max(D.sent_at)).where(D.message_id == M.id).scalar_subquery()
    session.execute(sa.update(M).where(M.status == OutboxStatus.pending, any_delivery, ~open_delivery).values(
        status=sa.case((failed, OutboxStatus.failed.value), else_=OutboxStatus.sent.value),
        sent_at=sa.case((failed, None), else_=last_sent)))
