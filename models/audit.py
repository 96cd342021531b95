"""The audit trail: every state change writes an AuditEvent (who, when, from, to, note)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Field, Session, SQLModel

from models.db import bulk_insert


class AuditEvent(SQLModel, table=True):
    """审计记录: one state change of one entity."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=64)
    entity: str = Field(max_length=32, index=True)
    entity_id: str = Field(max_length=64, index=True)
    action: str = Field(max_length=32)
    from_state: str | None = Field(default=None, max_length=64)
    to_state: str | None = Field(default=None, max_length=64)
    note: str | None = None


def record_audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    entity: str,
    entity_id: str,
    action: str,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
) -> None:
    """Add one audit event to the current unit of work."""
    session.add(AuditEvent(**_values(at=at, actor=actor, entity=entity, entity_id=entity_id, action=action,
                                     from_state=from_state, to_state=to_state, note=note)))


def record_audits(session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert many audit events in one statement (a loop's worth); each row holds `record_audit`'s keyword
    arguments (at, actor, entity, entity_id, action; optionally from_state, to_state, note). Unlike
    `record_audit`, the rows are written at once, not at the next flush."""
    bulk_insert(session, AuditEvent, [_values(**row) for row in rows])


def _values(*, at: datetime, actor: str, entity: str, entity_id: str, action: str, from_state: str | None = None,
            to_state: str | None = None, note: str | None = None) -> dict[str, Any]:
    entity_id = str(entity_id)
    if len(entity_id) > ENTITY_ID_LENGTH:  # a file's path names the import: its end is what tells it apart
        note = f"{entity_id}；{note}" if note else entity_id
        entity_id = "…" + entity_id[-(ENTITY_ID_LENGTH - 1):]
    return {"at": at, "actor": actor, "entity": entity, "entity_id": entity_id, "action": action,
            "from_state": from_state, "to_state": to_state, "note": note}


ENTITY_ID_LENGTH = 64  # AuditEvent.entity_id's declared length
