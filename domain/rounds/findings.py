"""Findings (发现问题) of visits and trip stops: validated, numbered, given a working-day deadline.

A finding names its owner (责任单位) as an audience tag; people may write a town, department or village by
name or code, or 村 / 镇 for the visited place, and it is resolved to the tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from config.errors import Problem
from domain.calendar import WorkingCalendar
from models.audience import FIXED, parse_tag
from models.db import bulk_insert
from models.rounds import Finding
from models.units import UnitDirectory

HERE_VILLAGE = {"村", "社区", "村社区", "村（社区）", "village"}
HERE_TOWN = {"镇", "街道", "镇街", "town"}


@dataclass(frozen=True)
class FindingInput:
    """One problem found: what, who must fix it, its category and its deadline in working days."""

    text: str
    owner: str | None
    category: str | None = None
    due_days: int | None = None
    where: str = ""  # how errors name it (a sheet row); default: its place in the visit's list


class OwnerBook:
    """Resolves what people write as an owner to an audience tag (town:T01, department:finance …), over the
    session's UnitDirectory (the org tables read once per unit of work, shared with open_issues)."""

    def __init__(self, session: Session):
        self.units = UnitDirectory.of(session)
        self.towns: dict[str, str] = {}  # code or name → code
        for code, town in self.units.towns.items():
            self.towns[code] = self.towns[town.name] = code
        self.departments: dict[str, str] = {}  # key or name → key
        for key, name in self.units.departments.items():
            self.departments[key] = self.departments[name] = key

    def resolve(self, text: str, *, village: str | None, town: str) -> str | None:
        text = text.strip()
        if parse_tag(text).is_unit:  # kind:key, checked against the directory
            return text if self.units.is_known(text) else None
        if text in FIXED:
            return text
        if text in HERE_VILLAGE and village:
            return f"village:{village}"
        if text in HERE_TOWN:
            return f"town:{town}"
        if text in self.towns:
            return f"town:{self.towns[text]}"
        if text in self.departments:
            return f"department:{self.departments[text]}"
        if text in self.units.villages:
            return f"village:{text}"
        for table, kind in ((self.departments, "department"), (self.towns, "town")):  # a unique part of a name
            hits = {key for name, key in table.items() if len(text) >= 2 and text in name}
            if len(hits) == 1:
                return f"{kind}:{hits.pop()}"
        return None


def check_findings(findings: list[FindingInput], *, where: str, village: str | None, town: str, book: OwnerBook,
                   cfg: DistrictConfig, default_due: int, problems: list[Problem]) -> list[dict]:
    """Validate findings; return them with the owner resolved (problems are appended, nothing raised)."""
    out = []
    for n, f in enumerate(findings, start=1):
        label = f.where or (f"{where}: 第 {n} 条发现问题" if len(findings) > 1 else f"{where}: 发现问题")
        text = (f.text or "").strip()
        if not text:
            problems.append(Problem(label, "发现问题没有内容"))
            continue
        if len(text) > 200:
            problems.append(Problem(label, f"最多 200 个字符（实际 {len(text)} 个）"))
        if not (f.owner or "").strip():
            problems.append(Problem(label, f"{text!r} 没有责任单位；请用 --owner 或责任单位列给出："
                                           "镇街、成员单位或村（社区）的名称或编码，或 村、镇"))
            continue
        owner = book.resolve(f.owner, village=village, town=town)
        if owner is None:
            problems.append(Problem(label, f"责任单位 {f.owner!r} 不是已知的单位；应为镇街、成员单位或"
                                           "村（社区）的名称或编码，或 村、镇、office、leadership，或形如 "
                                           "department:finance 的标签"))
        category = (f.category or "").strip() or "其他"
        if category not in cfg.issues.categories:
            problems.append(Problem(label, f"类别 {category!r} 未知；可选："
                                           f"{'、'.join(cfg.issues.categories)}"))
        due = default_due if f.due_days is None else f.due_days
        if due < 1:
            problems.append(Problem(label, f"整改时限至少 1 个工作日（实际 {due}）"))
        out.append({"text": text, "owner": owner, "category": category, "due_days": due})
    return out


def save_findings(session: Session, rows: list[dict], *, at: datetime, calendar: WorkingCalendar,
                  tz: ZoneInfo) -> list[int]:
    """Insert findings (each dict: visit_id or stop_id, seq, village_id, town_id, text, owner, category,
    due_days); the deadline counts working days from the day they are recorded. Returns the new ids."""
    if not rows:
        return []
    today = at.astimezone(tz).date()
    values = [{"visit_id": None, "stop_id": None, "village_id": None, **r, "found_at": at,
               "deadline": calendar.add_working_days(today, r["due_days"]), "issue_id": None} for r in rows]
    bulk_insert(session, Finding, values)
    keys = [_Place(r["visit_id"], r["stop_id"], r["seq"]) for r in values]
    found = session.execute(sa.select(Finding.visit_id, Finding.stop_id, Finding.seq, Finding.id).where(
        sa.or_(Finding.visit_id.in_({k.visit_id for k in keys if k.visit_id}),
               Finding.stop_id.in_({k.stop_id for k in keys if k.stop_id}))))
    ids = {_Place(v, s, q): i for v, s, q, i in found}
    return [ids[k] for k in keys]


class _Place(NamedTuple):
    """Where a finding belongs: its visit or its trip stop, and its number there."""

    visit_id: int | None
    stop_id: int | None
    seq: int
