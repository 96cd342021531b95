"""Meetings from a spreadsheet (会议记录表): one row per problem raised or settled, grouped into meetings.

Columns: 会议日期, 会议类型 (每周例会/联席会议, weekly/joint), 会议名称 (optional), 参会单位 (、 or , separated),
事项 (提出 / 销号), 问题编号 (销号: the issue id), 村（社区）编码, 镇街编码, 问题 (提出: the title),
责任单位 (audience tag, optional), 整改期限（工作日） (optional), 增收（元） (销号, optional).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from adapters.sheets import Table, cell_day, cell_text
from config.errors import InputError, Problem
from domain.meetings.ledger import MeetingRecord, RaisedProblem, SettledProblem
from models.meetings import MeetingKind

HEADERS = ["会议日期", "会议类型", "会议名称", "参会单位", "事项", "问题编号", "村（社区）编码", "镇街编码", "问题",
           "责任单位", "整改期限（工作日）", "增收（元）"]
REQUIRED = ["会议日期", "会议类型", "事项"]
KINDS = {"每周例会": MeetingKind.weekly, "例会": MeetingKind.weekly, "weekly": MeetingKind.weekly,
         "联席会议": MeetingKind.joint, "joint": MeetingKind.joint}
RAISE, SETTLE = {"提出", "交办", "raise", "raised"}, {"销号", "解决", "settle", "settled"}


class _Key(NamedTuple):
    """The rows of one meeting share its day, kind and name."""

    day: date
    kind: MeetingKind
    title: str


@dataclass
class _Rows:
    """One meeting's rows: who was present and where it starts (from its first row), what it raised and settled."""

    present: list[str]
    where: str
    raised: list[RaisedProblem] = field(default_factory=list)
    settled: list[SettledProblem] = field(default_factory=list)


def parse_meetings(table: Table) -> list[MeetingRecord]:
    name = table.path.name
    missing = [h for h in REQUIRED if h not in table.headers]
    if missing:
        raise InputError("the sheet is not a meeting sheet", [Problem(
            name, f"missing column(s) {', '.join(missing)}; expected: {', '.join(HEADERS)}")])
    col = {h: table.headers.index(h) for h in HEADERS if h in table.headers}
    problems: list[Problem] = []
    groups: dict[_Key, _Rows] = {}
    for n, values in table.rows:
        where = f"{name} row {n}"

        def get(h: str, values=values) -> str:
            return cell_text(values[col[h]]) if h in col else ""

        def bad(h: str, message: str, where=where) -> None:
            problems.append(Problem(f"{where}: {h}", message))

        try:
            day = cell_day(values[col["会议日期"]])
        except ValueError:
            day = None
        if day is None:
            bad("会议日期", f"{get('会议日期')!r} is not a date (YYYY-MM-DD)")
        kind = KINDS.get(get("会议类型"))
        if kind is None:
            bad("会议类型", f"{get('会议类型')!r}: expected 每周例会 or 联席会议")
        action = get("事项")
        if day is None or kind is None:
            continue
        meeting = groups.setdefault(_Key(day, kind, get("会议名称")), _Rows(split_units(get("参会单位")), where))
        if action in RAISE:
            if not get("问题"):
                bad("问题", "a raised problem needs its description")
            if not get("村（社区）编码") and not get("镇街编码"):
                bad("村（社区）编码", "give the village code (or the town code) the problem belongs to")
            due = _int(get("整改期限（工作日）"), "整改期限（工作日）", bad, minimum=1)
            meeting.raised.append(RaisedProblem(get("问题"), get("村（社区）编码") or None, get("镇街编码") or None,
                                                get("责任单位") or None, due, where=where))
        elif action in SETTLE:
            issue = _int(get("问题编号"), "问题编号", bad, minimum=1)
            if issue is None and not get("问题编号"):
                bad("问题编号", "a settled problem needs the id of its issue")
            income = _int(get("增收（元）"), "增收（元）", bad, minimum=0)
            if issue is not None:
                meeting.settled.append(SettledProblem(issue, income, where=where))
        else:
            bad("事项", f"{action!r}: expected 提出 (a new problem) or 销号 (an issue settled)")
    if problems:
        raise InputError(f"{len(problems)} problem(s) in {name}; nothing was written", problems)
    return [MeetingRecord(key.kind, key.day, key.title, g.present, None, g.raised, g.settled, g.where)
            for key, g in sorted(groups.items(), key=lambda kv: kv[0])]


def split_units(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]


def _int(text: str, column: str, bad, *, minimum: int) -> int | None:
    if not text:
        return None
    try:
        value = int(float(text.replace(",", "")))
    except ValueError:
        bad(column, f"{text!r} is not a whole number")
        return None
    if value < minimum:
        bad(column, f"{value} must be ≥ {minimum}")
        return None
    return value
