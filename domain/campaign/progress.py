"""Recording campaign progress (攻坚进度填报): one record from the CLI, or a sheet filled in by the towns.

All or nothing: every row is checked (village, checklist item, date, duplicates) before anything is
written; every problem is reported with its row and column. Each new or changed record writes an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from adapters.progress import counted
from adapters.sheets import Table, cell_day, cell_text, write_table
from config.dates import DISTRICT_TZ
from config.errors import InputError, Problem
from config.ranking import CampaignConfig
from domain.calendar import WorkingCalendar
from domain.campaign.milestones import active_villages, milestone_dates
from models.audit import record_audits
from models.campaign import CampaignProgress
from models.db import upsert

HEADERS = ["镇街", "村（社区）编码", "村（社区）", "节点", "事项", "截止日期", "完成日期", "佐证材料"]
REQUIRED = ["村（社区）编码", "事项", "完成日期"]


@dataclass(frozen=True)
class ProgressRow:
    """One line of progress: where it came from (for errors), the village, the item, the day and the evidence."""

    where: str
    village: str  # code (or an unambiguous name)
    item: str  # milestone key or checklist item
    done_on: date | None
    evidence: str | None = None


class Change(NamedTuple):
    """A record written: the village, the checklist item, the day it was done."""

    code: str
    name: str
    item: str
    done_on: date


class Recorded(NamedTuple):
    """What the ledger holds for a village and milestone."""

    done_on: date
    evidence: str | None


@dataclass
class ProgressReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    blank: int = 0
    changes: list[Change] = field(default_factory=list)


def record_progress(session: Session, cfg: CampaignConfig, rows: list[ProgressRow], *, at: datetime, actor: str,
                    source: str) -> ProgressReport:
    """Validate every row, then write the new and changed ones in one go (upsert + audit events)."""
    villages = active_villages(session)
    by_code = {v.code: v for v in villages}
    by_name: dict[str, list] = {}
    for v in villages:
        by_name.setdefault(v.name, []).append(v)
    today = at.astimezone(DISTRICT_TZ).date()
    problems: list[Problem] = []
    seen: dict[tuple[int, str], str] = {}
    valid = []
    report = ProgressReport(rows=len(rows))
    for r in rows:
        named = by_name.get(r.village, [])
        village = by_code.get(r.village) or (named[0] if len(named) == 1 else None)
        if village is None:
            hint = "多个村（社区）同名，请填编码" if len(named) > 1 else \
                "应为在册村（社区）的编码（见 `dudao roster show`）"
            problems.append(Problem(f"{r.where}: 村（社区）编码", f"{r.village!r}: {hint}"))
        milestone = cfg.milestone(r.item)
        if milestone is None:
            known = "、".join(f"{m.item}（{m.key}）" for m in cfg.milestones)
            problems.append(Problem(f"{r.where}: 事项", f"{r.item!r} 不是百日攻坚的清单事项"
                                                       f"（可选：{known}）"))
        if r.done_on is None:
            report.blank += 1
            continue
        if not cfg.start <= r.done_on <= today:
            problems.append(Problem(f"{r.where}: 完成日期", f"{r.done_on} 应在百日攻坚开始日 "
                                                           f"{cfg.start} 与今天 {today} 之间"))
        if r.evidence and len(r.evidence) > 500:
            problems.append(Problem(f"{r.where}: 佐证材料", "最多 500 个字符"))
        if village is None or milestone is None:
            continue
        key = (village.id, milestone.key)
        if key in seen:
            problems.append(Problem(f"{r.where}", f"{village.name}（{village.code}）的「{milestone.item}」"
                                                  f"在 {seen[key]} 已出现过"))
        seen[key] = r.where
        valid.append((village, milestone, r))
    if problems:
        raise InputError(f"{source} 的百日攻坚进度未记录（未写入任何内容）", problems)
    existing = _existing(session, cfg.campaign_key)
    writes, audits = [], []
    for village, milestone, r in valid:
        before = existing.get((village.id, milestone.key))
        if before == (r.done_on, r.evidence or None):
            report.unchanged += 1
            continue
        if before is None:
            report.created += 1
        else:
            report.updated += 1
        writes.append({"campaign": cfg.campaign_key, "village_id": village.id, "milestone": milestone.key,
                       "done_on": r.done_on, "evidence": r.evidence or None, "recorded_at": at, "recorded_by": actor})
        audits.append({"at": at, "actor": actor, "entity": "campaign_progress",
                       "entity_id": f"{cfg.campaign_key}:{village.code}:{milestone.key}",
                       "action": "record" if before is None else "update",
                       "from_state": before.done_on.isoformat() if before else None, "to_state": r.done_on.isoformat(),
                       "note": f"{source}" + (f"; 佐证: {r.evidence}" if r.evidence else "")})
        report.changes.append(Change(village.code, village.name, milestone.item, r.done_on))
    upsert(session, CampaignProgress, writes, keys=["campaign", "village_id", "milestone"],
           update=["done_on", "evidence", "recorded_at", "recorded_by"])
    record_audits(session, audits)
    return report


def _existing(session: Session, campaign: str) -> dict[tuple[int, str], Recorded]:
    rows = session.execute(sa.select(CampaignProgress.village_id, CampaignProgress.milestone,
                                     CampaignProgress.done_on, CampaignProgress.evidence)
                           .where(CampaignProgress.campaign == campaign)).all()
    return {(v, m): Recorded(d, e) for v, m, d, e in rows}


def write_campaign_sheet(session: Session, cfg: CampaignConfig, cal: WorkingCalendar, path: Path,
                         *, town: str | None = None) -> tuple[Path, int]:
    """The progress sheet (攻坚进度表): a row per village and checklist item, prefilled with what is recorded."""
    existing = _existing(session, cfg.campaign_key)
    done = {k: x.done_on for k, x in existing.items()}
    evidence = {k: x.evidence for k, x in existing.items()}
    dates = milestone_dates(cfg, cal)
    rows = []
    for v in active_villages(session):
        if town and town not in (v.town_code, v.town_name):
            continue
        for d in dates:
            rows.append([v.town_name, v.code, v.name, d.key, d.milestone.item, d.due.isoformat(),
                         (x.isoformat() if (x := done.get((v.id, d.key))) else None), evidence.get((v.id, d.key))])
    if town and not rows:
        raise InputError("没有可列出的村（社区）", [Problem("--town", f"{town!r} 不是有在册村（社区）的镇街")])
    write_table(path, HEADERS, rows, title="攻坚进度", widths=[12, 14, 14, 14, 14, 12, 12, 30])
    return path, len(rows)


def parse_campaign_sheet(table: Table) -> list[ProgressRow]:
    """Rows of a filled-in progress sheet; a missing column or a bad date is reported by row and column."""
    where = str(table.path.name)
    missing = [h for h in REQUIRED if h not in table.headers]
    if missing:
        raise InputError("该表格不是百日攻坚进度表", [Problem(
            where, f"缺少列 {'、'.join(missing)}；应为 `dudao campaign sheet` 生成的列："
                   f"{'、'.join(HEADERS)}")])
    col = {h: table.headers.index(h) for h in HEADERS if h in table.headers}
    rows, problems = [], []
    for n, values in counted(table.rows, "导入百日攻坚进度表（行）"):
        def get(h: str, values=values) -> str:
            return cell_text(values[col[h]]) if h in col else ""
        raw = values[col["完成日期"]]
        try:
            done_on = cell_day(raw)
        except ValueError:
            problems.append(Problem(f"{where} row {n}: 完成日期", f"{cell_text(raw)!r} 不是日期（应为 YYYY-MM-DD）"))
            continue
        rows.append(ProgressRow(f"{where} row {n}", get("村（社区）编码"), get("事项") or get("节点"), done_on,
                                get("佐证材料") or None))
    if problems:
        raise InputError("表格中有无效日期（未写入任何内容）", problems)
    return rows
