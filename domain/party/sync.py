"""Loading a ledger's rows by natural key (按自然键载入): insert the new, update the changed, leave the same
alone — in bulk statements, one audit event per row created or changed, none for a row that did not change,
so importing a sheet again changes nothing and says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from models.audit import record_audits
from models.db import bulk_insert


@dataclass
class Synced:
    """What a load did: rows created, updated (with the fields that changed), unchanged."""

    created: list[tuple] = field(default_factory=list)
    updated: list[tuple] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return f"新增{len(self.created)}条，更新{len(self.updated)}条，未变{self.unchanged}条"

    def as_dict(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": self.unchanged}


def _plain(v: Any) -> Any:
    return v.value if hasattr(v, "value") and not isinstance(v, int | str) else v


def sync_by_key(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]], key: Sequence[str], *,
                at: datetime, actor: str, entity: str, where: Any = None,
                label: Callable[[tuple], str] | None = None) -> Synced:
    """Make the ledger hold `rows` (each a dict of the model's fields): by `key`, create or update; `where`
    narrows the existing rows read (e.g. one year's). Returns the keys created and updated."""
    out = Synced()
    if not rows:
        return out
    fields = list(rows[0])
    t = model.__table__
    q = sa.select(t.c.id, *(t.c[f] for f in fields))
    if where is not None:
        q = q.where(where)
    idx = [fields.index(k) for k in key]
    existing = {tuple(_plain(r[1 + i]) for i in idx): r for r in _core(session).execute(q)}
    new, changed, audits = [], [], []
    for row in rows:
        k = tuple(_plain(row[f]) for f in key)
        old = existing.get(k)
        if old is None:
            new.append(row)
            out.created.append(k)
            audits.append({"at": at, "actor": actor, "entity": entity, "entity_id": _id(k, label), "action": "import",
                           "to_state": "created"})
            continue
        diff = [f for i, f in enumerate(fields) if _plain(old[1 + i]) != _plain(row[f])]
        if not diff:
            out.unchanged += 1
            continue
        changed.append({"id": old[0], **{f: row[f] for f in diff}})
        out.updated.append(k)
        audits.append({"at": at, "actor": actor, "entity": entity, "entity_id": _id(k, label), "action": "import",
                       "to_state": "updated", "note": "、".join(diff)})
    bulk_insert(session, model, new)
    if changed:
        for cols, group in _by_columns(changed).items():
            stmt = sa.update(t).where(t.c.id == sa.bindparam("_id")).values({c: sa.bindparam(f"v_{c}") for c in cols})
            session.execute(stmt, [{"_id": g["id"], **{f"v_{c}": g[c] for c in cols}} for g in group])
    if audits:
        record_audits(session, audits)
    return out


def _core(session: Session):
    """The session's connection for a large read of Core rows (no ORM result machinery), after the flush
    session.execute would do first."""
    session.flush()
    return session.connection()


def _by_columns(rows: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(tuple(sorted(c for c in r if c != "id")), []).append(r)
    return groups


def _id(key: tuple, label: Callable[[tuple], str] | None) -> str:
    return (label(key) if label else "/".join(str(k) for k in key))[:64]
