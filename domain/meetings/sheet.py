"""Meetings from a spreadsheet (会议记录表): one row per problem raised or settled, grouped into meetings.

Columns: 会议日期, 会议类型 (每周例会/联席会议, weekly/joint), 会议名称 (optional), 参会单位 (、 or , separated),
事项 (提出 / 销号 / 列入议程), 问题编号 (销号, 列入议程: the issue id), 村（社区）编码, 镇街编码,
问题 (提出: the title), 责任单位 (audience tag, optional), 整改期限（工作日） (optional), 增收（元） (销号, optional).
Headers match in full-width or half-width form (`增收(元)` as the issue sheet writes it, or `增收（元）`); a column
the sheet does not know is refused, not dropped. A row that repeats another of the same meeting (the same
problem raised twice, the same issue settled twice) is refused with both rows named; amounts and working days
are whole numbers (2.9 is a typo to fix, not 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from adapters.progress import counted
from adapters.sheets import Table, cell_day, cell_text, cell_within, header_key
from config.errors import InputError, Problem
from config.limits import ID, WORKING_DAYS, YEARS, YUAN, Range
from domain.meetings.ledger import MeetingRecord, RaisedProblem, SettledProblem
from models.meetings import MeetingKind

HEADERS = ["会议日期", "会议类型", "会议名称", "参会单位", "事项", "问题编号", "村（社区）编码", "镇街编码", "问题",
           "责任单位", "整改期限（工作日）", "增收（元）"]
REQUIRED = ["会议日期", "会议类型", "事项"]
KINDS = {"每周例会": MeetingKind.weekly, "例会": MeetingKind.weekly, "weekly": MeetingKind.weekly,
         "联席会议": MeetingKind.joint, "joint": MeetingKind.joint}
RAISE, SETTLE = {"提出", "交办", "raise", "raised"}, {"销号", "解决", "settle", "settled"}
AGENDA = {"列入议程", "议程", "agenda"}
IGNORED = {"序号", "备注"}


def _columns(table: Table, name: str) -> dict[str, int]:
    """Each known column's index, its header compared in folded form; unknown columns are refused."""
    known = {header_key(h): h for h in HEADERS}
    col, unknown = {}, []
    for i, h in enumerate(table.headers):
        key = header_key(h)
        if key in known:
            col[known[key]] = i
        elif key and key not in IGNORED:
            unknown.append(h)
    missing = [h for h in REQUIRED if h not in col]
    problems = [Problem(f"{name}: 列 {h!r}", f"未知的列；应为：{'、'.join(HEADERS)}") for h in unknown]
    if missing:
        problems.insert(0, Problem(name, f"缺少列 {'、'.join(missing)}；应为：{'、'.join(HEADERS)}"))
    if problems:
        raise InputError("该表格不是会议表", problems)
    return col


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
    agenda: list[int] = field(default_factory=list)


def parse_meetings(table: Table) -> list[MeetingRecord]:
    name = table.path.name
    col = _columns(table, name)
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}  # (meeting, what, problem) → the row that gave it first
    groups: dict[_Key, _Rows] = {}
    for n, values in counted(table.rows, "导入会议（行）"):
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
            bad("会议日期", f"{get('会议日期')!r} 不是日期（应为 {YEARS.lo}–{YEARS.hi} 年间的日期，例如 2022-10-12）")
        kind = KINDS.get(get("会议类型"))
        if kind is None:
            bad("会议类型", f"{get('会议类型')!r}：应为 每周例会 或 联席会议")
        action = get("事项")
        if day is None or kind is None:
            continue
        key = _Key(day, kind, get("会议名称"))
        line = (key, "settle", get("问题编号")) if action in SETTLE else (key, "agenda", get("问题编号")) \
            if action in AGENDA else (key, "raise", get("问题"), get("村（社区）编码"), get("镇街编码"))
        if line in seen:
            bad("事项", f"与第 {seen[line]} 行重复（同一会议提出同一问题或销号同一问题两次）；请删除重复行")
            continue
        seen[line] = n
        meeting = groups.setdefault(key, _Rows(split_units(get("参会单位")), where))
        if action in RAISE:
            if not get("问题"):
                bad("问题", "提出的问题须写明问题")
            if not get("村（社区）编码") and not get("镇街编码"):
                bad("村（社区）编码", "请填写问题所属村（社区）编码（或镇街编码）")
            due = _int(get("整改期限（工作日）"), "整改期限（工作日）", bad, WORKING_DAYS)
            meeting.raised.append(RaisedProblem(get("问题"), get("村（社区）编码") or None, get("镇街编码") or None,
                                                get("责任单位") or None, due, where=where))
        elif action in SETTLE:
            issue = _int(get("问题编号"), "问题编号", bad, ID)
            if issue is None and not get("问题编号"):
                bad("问题编号", "销号须填写问题编号")
            income = _int(get("增收（元）"), "增收（元）", bad, YUAN)
            if issue is not None:
                meeting.settled.append(SettledProblem(issue, income, where=where))
        elif action in AGENDA:
            issue = _int(get("问题编号"), "问题编号", bad, ID)
            if issue is None and not get("问题编号"):
                bad("问题编号", "列入议程的问题需填写问题编号")
            if issue is not None:
                meeting.agenda.append(issue)
        else:
            bad("事项", f"{action!r}：应为 提出（新问题）、销号（研究解决的问题）或 列入议程")
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处问题，未导入（未写入任何内容）", problems)
    return [MeetingRecord(key.kind, key.day, key.title, g.present, None, g.raised, g.settled, g.where, g.agenda)
            for key, g in sorted(groups.items(), key=lambda kv: kv[0])]


def split_units(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]


def _int(text: str, column: str, bad, limits: Range) -> int | None:
    try:
        return cell_within(text, limits)
    except ValueError as exc:
        bad(column, str(exc))
        return None
