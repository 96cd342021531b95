"""A team's visit sheet (督查记录表): written with the plan's rows and empty result columns, read back filled in.

One row per assigned village. More findings for a village go on extra rows that repeat its key columns
(round, team, village code) and leave the result columns empty. A row whose result columns are all empty is
not reported yet and is skipped. The file must hold every row of each (round, team) it contains, no row
that is not in the plan, and the planned town, village and date unaltered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from adapters.progress import counted
from adapters.sheets import Table, cell_text, cell_within, write_table
from config.errors import InputError, Problem
from config.limits import SCORE, WORKING_DAYS
from domain.rounds.findings import FindingInput
from domain.rounds.visits import RoundVisit, VisitResult, round_visits
from models.org import InspectionTeam

HEADERS = ["轮次", "督导组", "镇街", "村社区编码", "村社区", "督查日期", "有逾期问题",
           "督查方式", "得分", "未走访原因", "发现问题", "责任单位", "问题类别", "整改时限(工作日)"]
KEYS, PLACE, RESULT, FINDING = HEADERS[0:2] + HEADERS[3:4], ["镇街", "村社区", "督查日期"], HEADERS[7:10], HEADERS[10:]
WIDTHS = [13, 10, 12, 14, 14, 12, 10, 26, 8, 18, 40, 16, 12, 10]
_SPLIT = re.compile(r"[、,，;；/\s]+")


class TeamSheet(NamedTuple):
    """A team's visit sheet written: where, and how many visits it lists."""

    path: Path
    rows: int
    team_name: str = ""  # the team's display name (第一督导组)


def write_team_sheet(session: Session, key: str, team: str, path: Path | str) -> TeamSheet:
    """The team's rows of the round with empty result columns."""
    rows = [[key, v.team, v.town, v.village, v.name, v.day.isoformat(), "是" if v.overdue else "", "", "", "", "", "",
             "", ""] for v in round_visits(session, key, team=team)]
    name = session.scalar(sa.select(InspectionTeam.name).where(InspectionTeam.key == team)) or team
    return TeamSheet(write_table(path, HEADERS, rows, title=f"{key} {team}", widths=WIDTHS), len(rows), name)


def parse_visit_sheet(table: Table, session: Session) -> dict[str, list[VisitResult]]:
    """Round key → the results the sheet reports; raises InputError naming every bad row (nothing written)."""
    name = table.path.name
    missing = [h for h in HEADERS if h not in table.headers]
    extra = [h for h in table.headers if h and h not in HEADERS]
    if missing or extra:
        raise InputError("该表格的列不是督查记录表的列", [
            *(Problem(f"{name}: 列 {h}", "缺少此列") for h in missing),
            *(Problem(f"{name}: 列 {h}", "不是督查记录表的列") for h in extra)])
    col = {h: table.headers.index(h) for h in HEADERS}
    problems: list[Problem] = []
    plans: dict[str, dict[str, RoundVisit] | None] = {}  # round → village code → its planned visit
    seen: dict[tuple[str, str], dict] = {}  # (round, village) → the row's result being built
    teams_in_file: set[tuple[str, str]] = set()
    for row_no, cells in counted(table.rows, "导入督查记录表（行）"):
        where = f"{name} row {row_no}"
        get = {h: cell_text(cells[col[h]]) for h in HEADERS}
        key, team, village = get["轮次"], get["督导组"], get["村社区编码"]
        if key not in plans:
            plans[key] = _plan(session, key, where, problems)
        plan = plans[key]
        if plan is None:
            continue
        if village not in plan:
            problems.append(Problem(where, f"多出的行：村（社区）{village!r} 在轮次 {key} 中没有安排走访"))
            continue
        planned = plan[village]
        teams_in_file.add((key, team))
        wanted = (("督导组", planned.team), ("镇街", planned.town), ("村社区", planned.name),
                  ("督查日期", planned.day.isoformat()))
        altered = [(h, want) for h, want in wanted if _as_day(get[h]) != want]
        if altered:
            problems.append(Problem(where, "行被改动：" + "；".join(
                f"{h} {get[h]!r} 与安排（{want}）不一致" for h, want in altered)))
            continue
        _read_row(get, where, seen.setdefault((key, village), {"where": where, "findings": [], "result": None}),
                  problems)
    for key, team in sorted(teams_in_file):
        for village, planned in sorted((plans.get(key) or {}).items()):
            if planned.team == team and (key, village) not in seen:
                problems.append(Problem(f"{name}", f"缺少行：{key} {team} {planned.town}{planned.name}"
                                                   f"（{village}）"))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处问题，未导入（未写入任何内容）", problems)
    out: dict[str, list[VisitResult]] = {}
    for (key, village), r in seen.items():
        if r["result"] is None:
            if r["findings"]:
                problems.append(Problem(r["where"], "该村（社区）没有走访结果却有发现问题：请填写评分和督查方式，"
                                                    "或以后连同发现问题一起记录"))
            continue
        methods, score, reason = r["result"]
        out.setdefault(key, []).append(VisitResult(village, methods, score, reason, tuple(r["findings"]), r["where"]))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处问题，未导入（未写入任何内容）", problems)
    return out


def split_methods(text: str) -> tuple[str, ...]:
    """'座谈了解、实地查看' → ('座谈了解', '实地查看'); also commas, semicolons, slashes, spaces."""
    return tuple(m for m in _SPLIT.split(text or "") if m)


def _plan(session: Session, key: str, where: str, problems: list[Problem]) -> dict[str, RoundVisit] | None:
    try:
        return {v.village: v for v in round_visits(session, key)}
    except InputError as exc:
        problems.append(Problem(where, f"轮次 {key!r}: {exc.problems[0].message if exc.problems else exc.title}"))
        return None


def _as_day(text: str) -> str:
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$", text) else text


def _read_row(get: dict[str, str], where: str, acc: dict, problems: list[Problem]) -> None:
    has_result = any(get[h] for h in RESULT)
    if has_result and acc["result"] is not None:
        problems.append(Problem(where, f"重复的行：该村（社区）的结果已在 {acc['where']} 给出；"
                                       "多出的行只能补充发现问题（督查方式、得分、未走访原因留空）"))
        return
    if has_result:
        score = None
        if get["得分"]:
            try:
                score = cell_within(get["得分"], SCORE)
            except ValueError as exc:
                problems.append(Problem(f"{where}: 得分", str(exc)))
                return
        methods = split_methods(get["督查方式"])
        acc["result"] = (methods, score, get["未走访原因"] or None)
        acc["where"] = where
    if any(get[h] for h in FINDING):
        due = None
        if get["整改时限(工作日)"]:
            try:  # 2.9 is a typo to report, not 2 working days; inf or 1e9 is out of range
                due = cell_within(get["整改时限(工作日)"], WORKING_DAYS)
            except ValueError as exc:
                problems.append(Problem(f"{where}: 整改时限(工作日)", str(exc)))
                return
        acc["findings"].append(FindingInput(get["发现问题"], get["责任单位"] or None, get["问题类别"] or None, due,
                                           where=where))
