"""What a message about an issue shows, read at delivery: the sweep queues a stage with only what the
stage adds (working days left or overdue); the title, place, owner and deadline come from the ledger."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from models.audience import village_code
from models.issues import Issue
from models.units import UnitDirectory


def issue_facts(session: Session, items: Iterable[str], tags: Iterable[str]) -> tuple[dict[str, dict], UnitDirectory]:
    """({'issue:12': {issue_id, title, place, town, deadline, owner}}, the units to name recipients and owners)."""
    ids = sorted({int(i[6:]) for i in items if i.startswith("issue:") and i[6:].isdigit()})
    rows = []
    for start in range(0, len(ids), 5000):
        rows += session.execute(
            sa.select(Issue.id, Issue.title, Issue.town_id, Issue.village_id, Issue.deadline, Issue.owner)
            .where(Issue.id.in_(ids[start:start + 5000]))).all()
    named = {t for t in tags} | {r.owner for r in rows}
    units = UnitDirectory.load(session, village_codes={c for c in map(village_code, named) if c},
                               village_ids={r.village_id for r in rows if r.village_id})
    facts = {f"issue:{i}": {"issue_id": i, "title": title, "place": units.place(town_id, village_id),
                            "town": units.town_names.get(town_id, ""), "deadline": deadline.isoformat(),
                            "owner": owner}
             for i, title, town_id, village_id, deadline, owner in rows}
    return facts, units
