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
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models.db import insert_ignore
from models.outbox import DeliveryStatus, OutboxDelivery, OutboxMessage, OutboxStatus

Ledger = Session | Connection  # the sender's hot path runs on a Core connection

D, M = OutboxDelivery, OutboxMessage
_D = OutboxDelivery.__table__.c  # Core columns: the hot path builds no ORM statements
TEST_RULE = "test"  # `dudao notify test`
INTERRUPTED = "发送中断；已重发（对方可能收到了两次）"


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


def anything_pending(session: Session) -> bool:
    """Whether any message waits (a delivery being sent or retried always belongs to a pending message)."""
    return session.execute(sa.select(sa.exists().where(M.status == OutboxStatus.pending))).scalar()


def waiting(session: Session) -> int:
    """How many rows are still queued (pending: not due yet, waiting for the window or a retry)."""
    return session.execute(sa.select(sa.func.count()).select_from(M).where(M.status == OutboxStatus.pending)).scalar()


def recover(session: Session, *, now: datetime, lease: timedelta) -> int:
    """Put back claims whose sender died (same host, process gone) or whose lease ran out."""
    tokens = session.scalars(sa.select(D.claimed_by).distinct().where(D.status == DeliveryStatus.sending)).all()
    dead = [t for t in tokens if t and _owner_gone(t)]
    stale = sa.or_(_D.claimed_by.in_(dead), _D.claimed_at < now - lease)
    return session.execute(sa.update(D.__table__).where(_D.status == DeliveryStatus.sending.value, stale).values(
        status=DeliveryStatus.pending.value, claimed_by=None, last_error=INTERRUPTED)).rowcount


def expand(session: Session, *, at: datetime, route: Callable[[str], list[str]],
           only: Sequence[int] | None = None) -> Counter:
    """Give every due pending row without deliveries one delivery per channel serving its recipient.
    Returns the rows no channel serves, by tag (they stay pending until a channel does)."""
    due = sa.select(M.id, M.recipient).where(
        M.status == OutboxStatus.pending, M.not_before <= at, ~sa.exists().where(D.message_id == M.id))
    if only is not None:
        due = due.where(M.id.in_(only))
    unroutable: Counter = Counter()
    new, routes = [], {}
    for message_id, tag in session.execute(due):
        names = routes[tag] if tag in routes else routes.setdefault(tag, route(tag))
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
    """Recipients that already had their digest on this channel on this day (an operator's test message
    does not count)."""
    return set(session.scalars(sa.select(M.recipient).distinct().join(D, D.message_id == M.id).where(
        D.channel == channel, D.status == DeliveryStatus.sent, D.sent_at >= start, D.sent_at < end,
        M.rule != TEST_RULE)))


_IDS = sa.bindparam("ids", expanding=True)
_CLAIM = (sa.update(OutboxDelivery.__table__)
          .where(_D.id.in_(_IDS), _D.status == DeliveryStatus.pending.value)
          .values(status=DeliveryStatus.sending.value, claimed_by=sa.bindparam("token"),
                  claimed_at=sa.bindparam("now", type_=_D.claimed_at.type)))
_UNCLAIM = (sa.update(OutboxDelivery.__table__)
            .where(_D.id.in_(_IDS), _D.claimed_by == sa.bindparam("token"),
                   _D.status == DeliveryStatus.sending.value)
            .values(status=DeliveryStatus.pending.value, claimed_by=None, claimed_at=None))
_SENT = (sa.update(OutboxDelivery.__table__)
         .where(_D.id.in_(_IDS), _D.claimed_by == sa.bindparam("token"))
         .values(status=DeliveryStatus.sent.value, sent_at=sa.bindparam("at", type_=_D.sent_at.type), last_error=None))


def claim(session: Ledger, ids: Sequence[int], *, token: str, now: datetime) -> bool:
    """Claim every row of a part or none (another sender holds some): one conditional UPDATE."""
    n = session.execute(_CLAIM, {"ids": list(ids), "token": token, "now": now}).rowcount
    if n != len(ids):  # undo just this claim (the transaction may carry other claims)
        unclaim(session, ids, token=token)
        return False
    return True


def claim_parts(session: Ledger, parts: Sequence[Sequence[int]], *, token: str, now: datetime) -> list[bool]:
    """Claim several parts with one UPDATE; if another sender holds any row, fall back to part by part.
    On PostgreSQL, concurrent senders skip each other's rows instead (FOR UPDATE SKIP LOCKED)."""
    everything = [i for ids in parts for i in ids]
    if _dialect(session) == "postgresql":
        return _claim_skipping_locked(session, parts, everything, token=token, now=now)
    if session.execute(_CLAIM, {"ids": everything, "token": token, "now": now}).rowcount == len(everything):
        return [True] * len(parts)
    unclaim(session, everything, token=token)
    return [claim(session, ids, token=token, now=now) for ids in parts]


def _dialect(session: Ledger) -> str:
    return (session.get_bind() if isinstance(session, Session) else session).dialect.name


def _claim_skipping_locked(session: Ledger, parts: Sequence[Sequence[int]], everything: list[int], *, token: str,
                           now: datetime) -> list[bool]:
    """PostgreSQL: lock the parts' rows that are still pending and not locked by another sender, claim the parts
    whose rows were all had; the others stay pending for whoever holds them (their locks end at its commit)."""
    had = set(session.execute(sa.select(_D.id).where(_D.id.in_(everything), _D.status == DeliveryStatus.pending.value)
                              .with_for_update(skip_locked=True)).scalars())
    whole = [all(i in had for i in ids) for ids in parts]
    mine = [i for ids, ok in zip(parts, whole, strict=True) if ok for i in ids]
    if mine:
        session.execute(_CLAIM, {"ids": mine, "token": token, "now": now})
    return whole


def unclaim(session: Ledger, ids: Sequence[int], *, token: str) -> None:
    """Give back claimed rows that were not sent (no attempt is counted)."""
    if ids:
        session.execute(_UNCLAIM, {"ids": list(ids), "token": token})


_SENT_ONE = (sa.update(OutboxDelivery.__table__)  # the common part: one row (no IN-list to expand)
             .where(_D.id == sa.bindparam("one"), _D.claimed_by == sa.bindparam("token"))
             .values(status=DeliveryStatus.sent.value, sent_at=sa.bindparam("at", type_=_D.sent_at.type),
                     last_error=None))


def mark_sent(session: Ledger, ids: Sequence[int], *, token: str, at: datetime) -> None:
    if len(ids) == 1:
        session.execute(_SENT_ONE, {"one": ids[0], "token": token, "at": at})
    else:
        session.execute(_SENT, {"ids": list(ids), "token": token, "at": at})


def mark_failed(session: Ledger, ids: Sequence[int], message_ids: Sequence[int], *, channel: str, error: str,
                at: datetime, backoff: timedelta, max_attempts: int, final: bool = False) -> None:
    """Count a failed attempt: retry later with exponential backoff, or `failed` past max_attempts — or at once
    when `final` (the endpoint refused the message for good)."""
    retry_at = sa.case(*((_D.attempts == k, sa.literal(at + backoff * 2 ** k, _D.next_attempt_at.type))
                         for k in range(max_attempts)), else_=sa.literal(at + backoff, _D.next_attempt_at.type))
    give_up = sa.true() if final else _D.attempts + 1 >= max_attempts
    session.execute(sa.update(D.__table__).where(_D.id.in_(ids)).values(
        status=sa.case((give_up, DeliveryStatus.failed.value), else_=DeliveryStatus.pending.value),
        next_attempt_at=None if final else retry_at, attempts=_D.attempts + 1, last_error=error, claimed_by=None))
    m = M.__table__.c
    next_try = sa.select(sa.func.min(_D.next_attempt_at)).where(
        _D.message_id == m.id, _D.status == DeliveryStatus.pending.value).scalar_subquery()
    session.execute(sa.update(M.__table__).where(m.id.in_(message_ids)).values(
        attempts=m.attempts + 1, last_error=f"{channel}: {error}", next_attempt_at=next_try))


def postpone(session: Ledger, ids: Sequence[int], *, until: datetime) -> None:
    """Rows not tried because their channel failed in this run: wait like the failed ones, no attempt counted."""
    if ids:
        session.execute(sa.update(D.__table__).where(_D.id.in_(ids), _D.status == DeliveryStatus.pending.value)
                        .values(next_attempt_at=until))


def roll_up(session: Session) -> None:
    """A pending row whose deliveries are all done becomes sent (all sent) or failed (any failed)."""
    m = M.__table__.c
    any_delivery = sa.exists().where(_D.message_id == m.id)
    open_delivery = sa.exists().where(_D.message_id == m.id, _D.status.in_(
        (DeliveryStatus.pending.value, DeliveryStatus.sending.value)))
    failed = sa.exists().where(_D.message_id == m.id, _D.status == DeliveryStatus.failed.value)
    last_sent = sa.select(sa.func.max(_D.sent_at)).where(_D.message_id == m.id).scalar_subquery()
    session.execute(sa.update(M.__table__).where(m.status == OutboxStatus.pending.value, any_delivery,
                                                 ~open_delivery).values(
        status=sa.case((failed, OutboxStatus.failed.value), else_=OutboxStatus.sent.value),
        sent_at=sa.case((failed, None), else_=last_sent)))
