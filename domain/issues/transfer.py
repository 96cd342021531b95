"""A village that leaves the roster leaves no open issue behind (问题随村撤并转移): its open issues move to the
village it merged into, or are closed with the reason when it was abolished. Set-based: one UPDATE for the
issues, one INSERT for their events and one for their audit events, one UPDATE for their queued messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from domain.issues.lights import local_day
from domain.outbox import Outgoing, enqueue
from models.audience import town_tag, village_tag
from models.audit import record_audits
from models.db import bulk_insert
from models.issues import Issue, IssueEvent, IssueStatus
from models.org import Town, Village
from models.outbox import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Transferred:
    moved: list[int]  # issue ids now of the village merged into
    closed: list[int]  # issue ids closed because the village was abolished


def open_village_issues(session: Session, village_id: int) -> list[int]:
    """The ids of a village's issues that are not closed."""
    return list(session.scalars(sa.select(Issue.id).where(Issue.village_id == village_id,
                                                          Issue.status != IssueStatus.closed).order_by(Issue.id)))


def transfer_village_issues(session: Session, village_id: int, *, into_village_id: int | None, reason: str,
                            at: datetime, actor: str) -> Transferred:
    """Move a leaving village's open issues to `into_village_id` (its town too; an issue the village itself owned
    is now owned by the village merged into), or — `into_village_id` None, the village abolished — close them with
    the reason (no verification: no on-time verdict). One issue event and one audit event per issue; the queued
    messages addressed to the old village (and its town, when the town changes) are cancelled, the new owner is
    told (交办) and the next sweep queues the deadline stages to it; a closed issue's queued messages are
    cancelled."""
    ids = open_village_issues(session, village_id)
    if not ids:
        return Transferred([], [])
    old = session.get(Village, village_id)
    old_town = session.get(Town, old.town_id)
    rows = session.execute(sa.select(Issue.id, Issue.status).where(Issue.id.in_(ids))).all()
    items = [f"issue:{i}" for i in ids]
    outbox = OutboxMessage.__table__.c
    if into_village_id is None:
        note = f"{old_town.name}{old.name}已撤销，问题关闭：{reason}"
        session.execute(sa.update(Issue).where(Issue.id.in_(ids)).values(
            status=IssueStatus.closed, closed_at=at, closed_on_time=None, verify_deadline=None))
        events = [{"issue_id": i, "at": at, "actor": actor, "action": "withdraw", "from_status": status,
                   "to_status": IssueStatus.closed, "note": note, "evidence": []} for i, status in rows]
        session.execute(sa.update(OutboxMessage.__table__).where(
            outbox.item.in_(items), outbox.status == OutboxStatus.pending).values(status=OutboxStatus.cancelled))
        done = Transferred([], ids)
        action, to_state = "withdraw", "closed"
    else:
        new = session.get(Village, into_village_id)
        new_town = session.get(Town, new.town_id)
        old_tag, new_tag = village_tag(old.code), village_tag(new.code)
        note = f"{old_town.name}{old.name}并入{new_town.name}{new.name}，问题随村转移：{reason}"
        session.execute(sa.update(Issue).where(Issue.id.in_(ids)).values(
            village_id=new.id, town_id=new.town_id,
            owner=sa.case((Issue.owner == old_tag, new_tag), else_=Issue.owner)))
        events = [{"issue_id": i, "at": at, "actor": actor, "action": "transfer", "from_status": status,
                   "to_status": status, "note": note, "evidence": []} for i, status in rows]
        gone = [old_tag] + ([town_tag(old_town.code)] if old_town.id != new_town.id else [])
        session.execute(sa.update(OutboxMessage.__table__).where(
            outbox.item.in_(items), outbox.status == OutboxStatus.pending, outbox.recipient.in_(gone))
            .values(status=OutboxStatus.cancelled))
        owned = session.scalars(sa.select(Issue.id).where(Issue.id.in_(ids), Issue.owner == new_tag)).all()
        enqueue(session, [Outgoing(new_tag, f"issue:{i}", "open", f"transfer-{local_day(at).isoformat()}",
                                   {"note": note}) for i in owned], at=at)  # 交办 to the new owner
        done = Transferred(ids, [])
        action, to_state = "transfer", new.code
    bulk_insert(session, IssueEvent, events)
    record_audits(session, [{"at": at, "actor": actor, "entity": "issue", "entity_id": str(i), "action": action,
                             "from_state": old.code, "to_state": to_state, "note": note} for i in ids])
    return done
