"""The audit trail: every state change writes an AuditEvent (who, when, from, to, note)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel


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
    session.add(AuditEvent(at=at, actor=actor, entity=entity, entity_id=str(entity_id), action=action,
                           from_state=from_state, to_state=to_state, note=note))
