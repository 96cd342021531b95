"""The roster (花名册) in the ledger: upsert by code, report what changed, retire villages.

All set-based: one query per table to read what exists, bulk statements to write the difference.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from adapters.progress import counted
from config.errors import InputError, NotFound, Problem
from domain.roster.sheet import RosterRow
from models.audience import village_tag
from models.audit import record_audit, record_audits
from models.db import bulk_insert, upsert
from models.org import Contact, Town, TownKind, Village
from models.records import IncomeRecord, PlanTarget

SECRETARY = "书记"


@dataclass(frozen=True)
class ImportReport:
    """What a roster import did (a dry run's counts the rows only)."""

    rows: int = 0
    towns_created: list[str] = field(default_factory=list)
    villages_created: int = 0
    villages_updated: int = 0
    villages_unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    incomes_written: int = 0
    targets_written: int = 0
    contacts_written: int = 0
    absent: list[str] = field(default_factory=list)  # active villages in the ledger but not in the file

    @property
    def changed(self) -> bool:
        return bool(self.towns_created or self.villages_created or self.villages_updated or self.incomes_written
                    or self.targets_written or self.contacts_written or self.deactivated or self.reactivated)


def apply_roster(session: Session, rows: list[RosterRow], *, at: datetime, actor: str, source: str) -> ImportReport:
    """Upsert towns, villages, incomes, targets and secretaries; never delete. Writes audit events."""
    towns, towns_created = _ensure_towns(session, rows)
    existing = {v.code: v for v in session.exec(select(Village))}
    _refuse_name_clashes(existing, rows, towns, source)
    new, changed, audits = [], [], []
    unchanged, deactivated, reactivated = 0, [], []
    for r in counted(rows, "写入花名册（行）"):
        want = {"code": r.code, "name": r.village, "kind": r.kind, "town_id": towns[r.town], "active": r.active}
        v = existing.get(r.code)
        if v is None:
            new.append({**want, "deactivated_at": None if r.active else at,
                        "deactivated_reason": None if r.active else f"roster {source} row {r.row}"})
            continue
        diff = {k: val for k, val in want.items() if getattr(v, k) != val}
        if not diff:
            unchanged += 1
            continue
        if "active" in diff:
            (deactivated if not r.active else reactivated).append(r.code)
            diff["deactivated_at"] = None if r.active else at
            diff["deactivated_reason"] = None if r.active else f"roster {source} row {r.row}"
            audits.append({"at": at, "actor": actor, "entity": "village", "entity_id": r.code,
                           "action": "deactivate" if not r.active else "reactivate",
                           "from_state": "active" if v.active else "inactive",
                           "to_state": "active" if r.active else "inactive", "note": f"{source} row {r.row}"})
        changed.append({"id": v.id, **diff})
    record_audits(session, audits)
    bulk_insert(session, Village, new)
    if changed:
        session.execute(sa.update(Village), changed)
    ids = dict(session.execute(sa.select(Village.code, Village.id)).all())
    in_file = {r.code for r in rows}
    report = ImportReport(
        rows=len(rows), towns_created=towns_created, villages_created=len(new), villages_updated=len(changed),
        villages_unchanged=unchanged, deactivated=deactivated, reactivated=reactivated,
        incomes_written=_upsert_amounts(session, IncomeRecord, "amount_yuan",
                                        {(ids[r.code], y): a for r in rows for y, a in r.incomes.items()}),
        targets_written=_upsert_amounts(session, PlanTarget, "target_yuan",
                                        {(ids[r.code], y): a for r in rows for y, a in r.targets.items()}),
        contacts_written=_upsert_secretaries(session, rows),
        absent=sorted(code for code, v in existing.items() if v.active and code not in in_file),
    )
    if report.changed:
        record_audit(session, at=at, actor=actor, entity="roster", entity_id=source, action="import",
                     note=(f"{report.rows} rows: {report.villages_created} villages created, "
                           f"{report.villages_updated} updated, {report.incomes_written} incomes and "
                           f"{report.targets_written} targets written"))
    return report


def _refuse_name_clashes(existing: dict[str, Village], rows: list[RosterRow], towns: dict[str, int],
                         source: str) -> None:
    """Two villages of one town may not share a name (the ledger's uq_village_town_name): a village renamed onto
    the name of another is named with both codes before anything is written, instead of a database error."""
    final = {code: (v.town_id, v.name) for code, v in existing.items()}
    final.update({r.code: (towns[r.town], r.village) for r in rows})
    holders: dict[tuple[int, str], list[str]] = {}
    for code, key in final.items():
        holders.setdefault(key, []).append(code)
    problems = []
    for r in rows:
        others = [c for c in holders[(towns[r.town], r.village)] if c != r.code]
        if others:
            problems.append(Problem(f"{source} 第 {r.row} 行", (
                f"{r.town}已有名为「{r.village}」的村（社区），编码 {'、'.join(others)}；同一镇街的村名须唯一，"
                "如需改名请先改另一村，或在同一文件中一并修改")))
    if problems:
        raise InputError("村（社区）重名，未导入（未写入任何内容）", problems)


def _ensure_towns(session: Session, rows: list[RosterRow]) -> tuple[dict[str, int], list[str]]:
    """Town name → id, creating the towns the roster names that the ledger lacks (their names)."""
    towns = dict(session.execute(sa.select(Town.name, Town.id)).all())
    missing = sorted({r.town for r in rows} - towns.keys())
    if missing:
        taken = set(session.exec(select(Town.code)))
        codes = (f"T{n:03d}" for n in itertools.count(1) if f"T{n:03d}" not in taken)  # a nation has 38,000
        bulk_insert(session, Town, [
            {"code": next(codes), "name": name,
             "kind": TownKind.subdistrict if name.endswith("街道") else TownKind.town} for name in missing
        ])
        towns = dict(session.execute(sa.select(Town.name, Town.id)).all())
    return towns, missing


def _upsert_amounts(session: Session, model, column: str, wanted: dict[tuple[int, int], int]) -> int:
    """Write only the (village, year) amounts that are new or different; return how many."""
    have = {(v, y): a for v, y, a in session.execute(sa.select(model.village_id, model.year, getattr(model, column)))}
    rows = [{"village_id": v, "year": y, column: a} for (v, y), a in wanted.items() if have.get((v, y)) != a]
    upsert(session, model, rows, keys=["village_id", "year"], update=[column])
    return len(rows)


def _upsert_secretaries(session: Session, rows: list[RosterRow]) -> int:
    have = {c.unit: c for c in session.exec(select(Contact).where(Contact.role == SECRETARY))}
    new, changed = [], []
    for r in rows:
        if not r.secretary:
            continue
        unit = village_tag(r.code)
        c = have.get(unit)
        if c is None:
            new.append({"name": r.secretary, "role": SECRETARY, "unit": unit, "mobile": r.mobile})
        elif (c.name, c.mobile) != (r.secretary, r.mobile):
            changed.append({"id": c.id, "name": r.secretary, "mobile": r.mobile})
    bulk_insert(session, Contact, new)
    if changed:
        session.execute(sa.update(Contact), changed)
    return len(new) + len(changed)


def deactivate_village(session: Session, code: str, *, reason: str, at: datetime, actor: str) -> Village:
    """Retire a village (merged, abolished): it keeps its history but is no longer planned, ranked or reminded."""
    village = session.exec(select(Village).where(Village.code == code)).first()
    if village is None:
        raise NotFound("没有这个村（社区）", [Problem(f"编码 {code!r}", "没有这个编码的村（社区）")])
    if not village.active:
        raise InputError("该村（社区）已撤并",
                       [Problem(f"编码 {code!r}", f"已于 {village.deactivated_at:%Y-%m-%d} 撤并："
                                                f"{village.deactivated_reason}")])
    village.active, village.deactivated_at, village.deactivated_reason = False, at, reason
    session.add(village)
    record_audit(session, at=at, actor=actor, entity="village", entity_id=code, action="deactivate",
                 from_state="active", to_state="inactive", note=reason)
    return village
