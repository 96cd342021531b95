"""A village that leaves the roster leaves no open contract behind (经营合同随村撤并转移): its contracts not
finished move to the village merged into (their pending review stages with them), or are closed with the
reason when it was abolished.

A contract is finished when cleaned (整改 closed or 终止) or found compliant with no review stage pending;
every other contract (awaiting review, under review, non-compliant awaiting clean-up, rectifying) is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from models.audience import town_tag, village_tag
from models.audit import record_audits
from models.contracts import CleanOutcome, Contract, ContractReview, ReviewResult
from models.org import Town, Village
from models.outbox import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class ContractsTransferred:
    moved: list[str]  # contract codes now of the village merged into
    closed: list[str]  # contract codes closed because the village was abolished


def open_village_contracts(session: Session, village_id: int) -> list[str]:
    """The codes of a village's contracts not finished."""
    pending_stage = sa.exists().where(ContractReview.contract_id == Contract.id, ContractReview.done_on.is_(None))
    return list(session.scalars(
        sa.select(Contract.code).where(Contract.village_id == village_id, Contract.cleaned_on.is_(None),
                                       sa.or_(Contract.verdict.is_(None),
                                              Contract.verdict != ReviewResult.compliant, pending_stage))
        .order_by(Contract.code)))


def transfer_village_contracts(session: Session, village_id: int, *, into_village_id: int | None, reason: str,
                               at: datetime, actor: str) -> ContractsTransferred:
    """Merged: the contracts' village becomes `into_village_id`; the review stages not done that the old village
    (or its town, when the town changes) owned are now owned by the new one, and the queued reminders to the old
    owners are cancelled (the next sweep queues them to the new ones). Abolished: each open contract is closed
    as terminated (终止) today with the reason in its note, its queued reminders cancelled. One audit each."""
    codes = open_village_contracts(session, village_id)
    if not codes:
        return ContractsTransferred([], [])
    old = session.get(Village, village_id)
    old_town = session.get(Town, old.town_id)
    ids = list(session.scalars(sa.select(Contract.id).where(Contract.code.in_(codes))))
    outbox = OutboxMessage.__table__.c
    items = sa.or_(*[outbox.item.startswith(f"contract:{c}:") for c in codes])
    c = Contract.__table__.c
    if into_village_id is None:
        note = f"{old_town.name}{old.name}已撤销，合同终止：{reason}"
        session.execute(sa.update(Contract.__table__).where(c.id.in_(ids)).values(
            outcome=CleanOutcome.terminate, cleaned_on=at.astimezone(DISTRICT_TZ).date(), note=note[:500],
            updated_at=at, updated_by=actor))
        session.execute(sa.update(OutboxMessage.__table__).where(items, outbox.status == OutboxStatus.pending)
                        .values(status=OutboxStatus.cancelled))
        action, to_state, done = "close", "terminated", ContractsTransferred([], codes)
    else:
        new = session.get(Village, into_village_id)
        new_town = session.get(Town, new.town_id)
        note = f"{old_town.name}{old.name}并入{new_town.name}{new.name}，合同随村转移：{reason}"
        session.execute(sa.update(Contract.__table__).where(c.id.in_(ids)).values(
            village_id=new.id, updated_at=at, updated_by=actor))
        swap = {village_tag(old.code): village_tag(new.code)}
        if old_town.id != new_town.id:
            swap[town_tag(old_town.code)] = town_tag(new_town.code)
        r = ContractReview.__table__.c
        for was, now in swap.items():
            session.execute(sa.update(ContractReview.__table__).where(
                r.contract_id.in_(ids), r.done_on.is_(None), r.owner == was).values(owner=now))
        session.execute(sa.update(OutboxMessage.__table__).where(
            items, outbox.status == OutboxStatus.pending, outbox.recipient.in_(list(swap)))
            .values(status=OutboxStatus.cancelled))
        action, to_state, done = "transfer", new.code, ContractsTransferred(codes, [])
    record_audits(session, [{"at": at, "actor": actor, "entity": "contract", "entity_id": code, "action": action,
                             "from_state": old.code, "to_state": to_state, "note": note} for code in codes])
    return done
