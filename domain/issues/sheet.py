"""The ledger as a spreadsheet (问题台账): export one row per issue (light, history) for printing; import a
filled-in sheet — rows without 编号 open new issues, rows with 编号 apply status changes and edits — all or
nothing, every bad row reported.

A new row is opened once: its source_ref is a digest of what it says (place, 问题, 类别, 整改期限), so importing
the same sheet again finds the issues it opened (reported as `already`), and a row repeated within one sheet
is refused. A row may take an issue up to 待验收 (the village's steps: start, submit); 已销号 is the
coordinators' verification and is taken only from 待验收, never walked through in one import."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from adapters.files import evidence_problem
from adapters.progress import counted
from adapters.sheets import Table, cell_day, cell_text, cell_within, header_key, write_table
from config.dates import at_time
from config.errors import DudaoError, InputError, Problem
from config.limits import ID, YEARS, YUAN
from domain.issues.lifecycle import edit_issue, get_issue, walk_to
from domain.issues.query import STATUS_BY_NAME, IssueRow, history_summary, names
from domain.issues.raising import SEVERITY_NAMES, SOURCE_NAMES, IssuePolicy, NewIssue, open_issues
from domain.issues.transitions import STATUS_NAMES
from models.issues import Issue, IssueEvent, IssueSource, IssueStatus, Severity

COLUMNS = ["编号", "来源", "镇街", "村社区", "村社区编码", "责任单位", "责任单位代码", "类别", "严重程度", "问题",
           "问题描述", "交办日期", "整改期限", "状态", "灯", "逾期工作日", "提交整改日期", "验收期限", "销号日期",
           "按期", "增收(元)", "黑榜预警", "整改历程", "说明", "证明材料"]
WIDTHS = [6, 8, 10, 12, 12, 14, 18, 10, 8, 30, 30, 11, 11, 8, 10, 8, 11, 11, 11, 6, 10, 8, 40, 20, 20]
SEVERITY_BY_NAME = {**{s.value: s for s in Severity}, **{n: s for s, n in SEVERITY_NAMES.items()}}
SOURCE_BY_NAME = {**{s.value: s for s in IssueSource}, **{n: s for s, n in SOURCE_NAMES.items()}}


def export_ledger(path: Path, rows: list[IssueRow], events: dict[int, list[IssueEvent]], policy: IssuePolicy,
                  *, title: str = "问题台账") -> Path:
    def yn(v):
        return "" if v is None else ("是" if v else "否")

    table = []
    for r in rows:
        n = names(r)
        table.append([r.id, n["source"], r.town, r.village or "", r.village_code or "", r.owner_name, r.owner,
                      r.category, n["severity"], r.title, r.description or "", r.opened, r.deadline, n["status"],
                      n["light"], r.overdue_days or "", r.submitted or "", r.verify_deadline or "", r.closed or "",
                      yn(r.closed_on_time), r.income_added_yuan if r.income_added_yuan is not None else "",
                      "是" if r.blacklisted else "", history_summary(events.get(r.id, []), policy), "", ""])
    return write_table(path, COLUMNS, table, title=title, widths=WIDTHS)


@dataclass
class SheetReport:
    opened: list[int] = field(default_factory=list)
    changed: dict[int, list[str]] = field(default_factory=dict)  # issue id → actions / edits applied
    unchanged: int = 0
    already: list[int] = field(default_factory=list)  # new rows an earlier import of the same sheet opened


class RowUpdate(NamedTuple):
    """A sheet row that names an existing issue: what it asks to change."""

    where: str  # "<file> row N", for messages
    issue_id: int
    status: IssueStatus | None  # the status the row asks for, if any
    submitted: date | None  # 提交整改日期
    edits: dict[str, Any]  # field → new value
    note: str | None
    evidence: list[str]


def import_ledger(session: Session, table: Table, *, at: datetime, actor: str, policy: IssuePolicy) -> SheetReport:
    """Apply a filled-in 问题台账 in the caller's unit of work; raise InputError listing every bad row
    (the caller's transaction then rolls back: nothing is written)."""
    where = str(table.path)
    col = _columns(table, where)
    report, problems = SheetReport(), []
    new: list[NewIssue] = []
    new_where: list[str] = []
    first_row: dict[str, int] = {}  # a new row's source_ref → the row that gave it first
    updates: list[RowUpdate] = []
    for number, values in counted(table.rows, "导入问题台账（行）"):
        label = f"{where} row {number}"

        def cell(name: str, values=values) -> str:
            return cell_text(values[col[name]]) if name in col else ""

        def raw(name: str, values=values):
            return values[col[name]] if name in col else None

        before = len(problems)
        deadline = _date(raw("整改期限"), f"{label}: 整改期限", problems)
        income = _income(cell("增收(元)"), f"{label}: 增收(元)", problems)
        severity = _choice(cell("严重程度"), SEVERITY_BY_NAME, f"{label}: 严重程度", problems)
        evidence = _evidence(cell("证明材料"), table.path.parent, f"{label}: 证明材料", problems)
        if not cell("编号"):
            source = _choice(cell("来源"), SOURCE_BY_NAME, f"{label}: 来源", problems) or IssueSource.manual
            ref = _sheet_ref(cell("村社区编码"), cell("镇街"), cell("问题"), cell("类别") or "其他", deadline)
            if ref in first_row:
                problems.append(Problem(label, f"与第 {first_row[ref]} 行重复（村社区编码、镇街、问题、类别、"
                                               "整改期限相同）；同一问题只交办一次，请删除重复行"))
                continue
            first_row[ref] = number
            if len(problems) == before:
                new.append(NewIssue(title=cell("问题"), village=cell("村社区编码") or None, town=cell("镇街") or None,
                                    owner=cell("责任单位代码") or None, category=cell("类别") or "其他",
                                    severity=severity or Severity.normal, description=cell("问题描述") or None,
                                    deadline=deadline, source=source, source_ref=ref, income_added_yuan=income,
                                    evidence=evidence))
                new_where.append(label)
            continue
        try:
            issue_id = cell_within(cell("编号"), ID)
        except ValueError as exc:
            problems.append(Problem(f"{label}: 编号", f"不是问题编号：{exc}"))
            continue
        status = STATUS_BY_NAME.get(cell("状态")) if cell("状态") else None
        if cell("状态") and status is None:
            problems.append(Problem(f"{label}: 状态", f"{cell('状态')!r}：应为 交办、整改中、待验收 或 已销号"))
        submitted = _date(raw("提交整改日期"), f"{label}: 提交整改日期", problems)
        edits = {k: v for k, v in (("title", cell("问题")), ("category", cell("类别")), ("severity", severity),
                                   ("owner", cell("责任单位代码")), ("income_added_yuan", income)) if v}
        updates.append(RowUpdate(label, issue_id, status, submitted, edits, cell("说明") or None, evidence))
    if new:
        town_codes = {t: c for c, t in _town_names(session).items()}
        new = [_town_code(n, town_codes) for n in new]
        before = _opened_before(session, new)
        try:
            ids = open_issues(session, new, at=at, actor=actor, policy=policy, where=new_where)
        except InputError as err:
            problems += err.problems
        else:
            report.opened = [i for i, n in zip(ids, new, strict=True) if (str(n.source), n.source_ref) not in before]
            report.already = [i for i, n in zip(ids, new, strict=True) if (str(n.source), n.source_ref) in before]
    loaded = _preload(session, [u.issue_id for u in updates])  # held until the loop ends: see _preload
    for update in updates:
        try:
            done = _update(session, update, at=at, actor=actor, policy=policy)
        except DudaoError as err:
            problems += ([Problem(f"{update.where}: {p.where}", p.message) for p in err.problems]
                         or [Problem(update.where, err.title)])
            continue
        if done:
            report.changed[update.issue_id] = done
        else:
            report.unchanged += 1
    del loaded
    if problems:
        raise InputError(f"表格 {where} 有 {len(problems)} 处问题，未导入（未写入任何内容）", problems)
    return report


PRELOAD_CHUNK = 5000


def _preload(session: Session, ids: list[int]) -> dict[int, Issue]:
    """Load the issues a sheet names, a chunk of ids per query, so that `get_issue` finds each one in the
    session's identity map instead of selecting it row by row. The identity map holds weak references only:
    the caller keeps the returned dict alive while it works. Ids with no issue are left out (`get_issue`
    still reports them)."""
    wanted = sorted(set(ids))
    loaded: dict[int, Issue] = {}
    for start in range(0, len(wanted), PRELOAD_CHUNK):
        chunk = wanted[start:start + PRELOAD_CHUNK]
        loaded.update({i.id: i for i in session.scalars(sa.select(Issue).where(Issue.id.in_(chunk)))})
    return loaded


def _sheet_ref(village: str, town: str, title: str, category: str, deadline: date | None) -> str:
    """What a new row says, as a key: the same row imported again is the same issue."""
    said = "\x1f".join(" ".join(t.split()) for t in (village, town, title, category, str(deadline or "")))
    return "sheet:" + hashlib.sha256(said.encode("utf-8")).hexdigest()[:24]


def _opened_before(session: Session, rows: list[NewIssue]) -> set[tuple[str, str]]:
    refs = [r.source_ref for r in rows if r.source_ref]
    found = set()
    for start in range(0, len(refs), PRELOAD_CHUNK):
        found |= {(str(s), ref) for s, ref in session.execute(sa.select(Issue.source, Issue.source_ref).where(
            Issue.source_ref.in_(refs[start:start + PRELOAD_CHUNK])))}
    return found


def _update(session: Session, row: RowUpdate, *, at: datetime, actor: str, policy: IssuePolicy) -> list[str]:
    issue = get_issue(session, row.issue_id)
    if row.status is IssueStatus.closed and issue.status not in (IssueStatus.awaiting_verification, IssueStatus.closed):
        raise InputError("已销号只能从待验收开始", [Problem("状态", (
            f"问题 {row.issue_id} 目前为{STATUS_NAMES[issue.status]}：已销号是验收通过，须先提交整改（填 待验收 和 "
            "提交整改日期）并导入，验收时再填 已销号；一次导入不能跳过提交与验收"))])
    changed = {k: v for k, v in row.edits.items() if getattr(issue, k) != v}
    done = []
    if changed:
        edit_issue(session, row.issue_id, at=at, actor=actor, policy=policy, note=row.note, **changed)
        done += [f"edit {k}" for k in changed]
    if row.status is not None and row.status != issue.status:
        submitted_at = None if row.submitted is None else min(at, at_time(row.submitted, 12))
        done += [a.value for a in walk_to(session, row.issue_id, row.status, at=at, actor=actor, policy=policy,
                                          note=row.note, evidence=row.evidence, submitted_at=submitted_at)]
    return done


def _columns(table: Table, where: str) -> dict[str, int]:
    canonical = {header_key(c): c for c in COLUMNS}  # 增收（元） is 增收(元)
    col = {canonical.get(header_key(h), h.strip()): i for i, h in enumerate(table.headers) if h.strip()}
    unknown = sorted(set(col) - set(COLUMNS))
    problems = [Problem(f"{where}: 列 {h!r}", f"未知的列；应为：{'、'.join(COLUMNS)}") for h in unknown]
    problems += [Problem(where, f"缺少列 {h}") for h in ("编号", "问题") if h not in col]
    if problems:
        raise InputError(f"表格 {where} 的列无法使用", problems)
    return col


def _date(value, where: str, problems: list[Problem]) -> date | None:
    try:
        return cell_day(value)
    except ValueError:
        problems.append(Problem(where, f"{cell_text(value)!r} 不是日期（应为 {YEARS.lo}–{YEARS.hi} 年间的日期，"
                                       "例如 2022-10-14）"))
        return None


def _income(text: str, where: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    try:
        return cell_within(text, YUAN)
    except ValueError as exc:
        problems.append(Problem(where, f"{exc}；应为整数元，例如 50000"))
        return None


def _choice(text: str, table: dict, where: str, problems: list[Problem]):
    if not text:
        return None
    if text not in table:
        problems.append(Problem(where, f"{text!r}：应为以下之一：{'、'.join(k for k in table if not k.isascii())}"))
    return table.get(text)


def _evidence(text: str, base: Path, where: str, problems: list[Problem]) -> list[str]:
    paths = [p.strip() for p in re.split(r"[;；\n]", text) if p.strip()]
    found = []
    for p in paths:
        path = base / p  # relative to the sheet's folder, and inside it
        if problem := evidence_problem(path, inside=base):
            problems.append(Problem(where, f"{p}：{problem}（路径相对于表格所在文件夹）"))
        found.append(str(path.resolve()))
    return found


def _town_names(session: Session) -> dict[str, str]:
    from models.units import UnitDirectory

    return {code: town.name for code, town in UnitDirectory.of(session).towns.items()}


def _town_code(row: NewIssue, by_name: dict[str, str]) -> NewIssue:
    """The sheet's 镇街 column holds a name (as exported) or a code."""
    from dataclasses import replace

    return replace(row, town=by_name.get(row.town, row.town)) if row.town else row
