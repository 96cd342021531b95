"""The project sheet (扶持项目台账): one row per project and benefiting village.

Columns: 项目编号, 项目名称, 项目类型 (the config's kind, by name or key), 牵头部门 (department name or key; default
the kind's lead), 申报年度, 状态 (blank or the computed status; 撤销 withdraws the project), 镇街 and 村（社区）
(shown, not read), 村（社区）编码, 预计年收益（元）, one column per configured fund source `<source>（元）`, two per
milestone (`立项计划日期`, `立项完成日期` … `投产完成日期`), any number of `<year>年实际收益（元）`, 备注.

A project's own fields (name, kind, lead, year, status, funds, milestones, note) are given on its first row; its
other rows repeat them or leave them blank (a different value is refused, naming both rows). Parsing checks every
cell and names each bad one by row and column; nothing is written until every row is good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from adapters.ledger_sheet import match_columns, row_texts, text_day
from adapters.sheets import Table, cell_whole
from config.errors import InputError, Problem
from config.ledgers import ProjectRules
from domain.projects.rules import MILESTONES, STATUS_BY_TEXT, order_problems
from models.projects import ProjectStatus

CODE, NAME, KIND, LEAD, YEAR, STATUS = "项目编号", "项目名称", "项目类型", "牵头部门", "申报年度", "状态"
TOWN, VILLAGE_CODE, VILLAGE, EXPECTED, NOTE = "镇街", "村（社区）编码", "村（社区）", "预计年收益（元）", "备注"
INCOME = re.compile(r"^(\d{4})年实际收益（元）$")
SHOWN = {TOWN, VILLAGE, "序号"}  # written for people, not read back


def fund_column(source: str) -> str:
    return f"{source}（元）"


def milestone_columns() -> list[tuple[str, str, str]]:
    """(milestone key, planned column, done column) in order."""
    return [(m.key, f"{m.name}计划日期", f"{m.name}完成日期") for m in MILESTONES]


def headers(rules: ProjectRules, years: list[int]) -> list[str]:
    cols = [CODE, NAME, KIND, LEAD, YEAR, STATUS, TOWN, VILLAGE_CODE, VILLAGE, EXPECTED]
    cols += [fund_column(s) for s in rules.fund_sources]
    cols += [c for _, planned, done in milestone_columns() for c in (planned, done)]
    cols += [f"{y}年实际收益（元）" for y in years]
    return [*cols, NOTE]


@dataclass
class ProjectRecord:
    """One project as the sheet gives it (validated values; codes and keys, not ids)."""

    code: str
    where: str  # its first row, for messages
    name: str = ""
    kind: str = ""
    lead: str = ""
    applied_year: int | None = None
    withdrawn: bool = False
    note: str | None = None
    villages: dict[str, int | None] = field(default_factory=dict)  # village code → expected yuan a year
    funds: dict[str, int] = field(default_factory=dict)  # source → yuan
    milestones: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)  # key → (planned, done)
    incomes: dict[tuple[str, int], int] = field(default_factory=dict)  # (village code, year) → yuan


@dataclass(frozen=True)
class Known:
    """What the parser checks names against: the active villages' codes, the departments (key → name)."""

    villages: set[str]
    departments: dict[str, str]
    today: date


def parse_projects(table: Table, rules: ProjectRules, known: Known) -> list[ProjectRecord]:
    name = table.path.name
    col = _columns(table, rules, name)
    years = sorted(int(m[1]) for h in col if (m := INCOME.match(h)))
    dept_by_name = {n: k for k, n in known.departments.items()}
    problems: list[Problem] = []
    projects: dict[str, ProjectRecord] = {}
    given: dict[tuple[str, str], tuple[object, int]] = {}  # (project, column) → (value, row)
    seen_village: dict[tuple[str, str], int] = {}
    for n, values in table.rows:
        where = f"{name} 第{n}行"
        cells = row_texts(values, col)

        def text(h: str, cells=cells) -> str:
            return cells.get(h, "")

        def bad(h: str, message: str, where=where) -> None:
            problems.append(Problem(f"{where}: {h}", message))

        def whole(h: str, *, low: int = 0, high: int | None = None, cells=cells) -> int | None:
            if not cells.get(h):
                return None
            try:
                v = cell_whole(cells[h])
            except ValueError:
                bad(h, f"{text(h)!r} 不是整数")
                return None
            if v is not None and (v < low or (high is not None and v > high)):
                bad(h, f"{v} 超出范围（应在 {low}–{high if high is not None else '∞'} 之间）")
                return None
            return v

        def day(h: str, cells=cells) -> date | None:
            if not cells.get(h):
                return None
            try:
                d = text_day(cells[h])
            except ValueError:
                bad(h, f"{text(h)!r} 不是日期（应为 2022-10-08 这样的格式）")
                return None
            return d

        code = text(CODE)
        if not code:
            bad(CODE, "必填：项目编号是项目的唯一标识")
            continue
        if len(code) > 32:
            bad(CODE, f"最长32个字符（现为{len(code)}个）")
            continue
        rec = projects.get(code)
        first = rec is None
        if first:
            rec = projects[code] = ProjectRecord(code, where)

        def same(h: str, value: object, rec=rec, n=n, bad=bad) -> bool:
            """The project's field on this row: set on its first row, repeated (or blank) on the others."""
            key = (rec.code, h)
            if key not in given:
                given[key] = (value, n)
                return True
            if value != given[key][0]:
                bad(h, f"与第{given[key][1]}行（同一项目）不一致：{given[key][0]!r} ≠ {value!r}；"
                       "项目信息只填一次或各行相同")
            return False

        title = text(NAME)
        if title:
            if len(title) > 128:
                bad(NAME, f"最长128个字符（现为{len(title)}个）")
            elif same(NAME, title):
                rec.name = title
        elif first:
            bad(NAME, "必填（项目的第一行）")
        kind_text = text(KIND)
        if kind_text:
            kind = rules.kind(kind_text)
            if kind is None:
                bad(KIND, f"{kind_text!r} 不是配置的项目类型；应为：{'、'.join(k.name for k in rules.kinds)}")
            elif same(KIND, kind.key):
                rec.kind = kind.key
                if not rec.lead and kind.lead and not text(LEAD):
                    rec.lead = kind.lead
        elif first:
            bad(KIND, f"必填（项目的第一行）；应为：{'、'.join(k.name for k in rules.kinds)}")
        lead_text = text(LEAD)
        if lead_text:
            lead = lead_text if lead_text in known.departments else dept_by_name.get(lead_text)
            if lead is None:
                bad(LEAD, f"{lead_text!r} 不是成员单位；应为：{'、'.join(known.departments.values())}")
            elif same(LEAD, lead):
                rec.lead = lead
        year = whole(YEAR, low=2000, high=known.today.year)
        if year is not None and same(YEAR, year):
            rec.applied_year = year
        elif year is None and first and not text(YEAR):
            bad(YEAR, "必填（项目的第一行），如 2022")
        status_text = text(STATUS)
        if status_text:
            status = STATUS_BY_TEXT.get(status_text)
            if status is None:
                bad(STATUS, f"{status_text!r} 不是项目状态；留空（按节点自动判断）或填 撤销")
            elif status is ProjectStatus.withdrawn and same(STATUS, status):
                rec.withdrawn = True
        note = text(NOTE)
        if note:
            if len(note) > 500:
                bad(NOTE, "最长500个字符")
            elif same(NOTE, note):
                rec.note = note
        for source in rules.fund_sources:
            yuan = whole(fund_column(source))
            if yuan is not None and same(fund_column(source), yuan):
                rec.funds[source] = yuan
        planned_done: dict[str, tuple[date | None, date | None]] = {}
        for key, planned_col, done_col in milestone_columns():
            planned, done = day(planned_col), day(done_col)
            if done is not None and done > known.today:
                bad(done_col, f"{done} 晚于今天（{known.today}）：完成日期只填已完成的节点")
                done = None
            if planned is not None or done is not None:
                planned_done[key] = (planned, done)
        if planned_done:
            for k, h in ((0, "计划日期"), (1, "完成日期")):
                for issue in order_problems({m: v[k] for m, v in planned_done.items()}):
                    bad(h, f"节点顺序不对：{issue}")
            if same("节点", planned_done):
                rec.milestones = planned_done
        village = text(VILLAGE_CODE)
        if not village:
            bad(VILLAGE_CODE, "必填：受益村（社区）的编码（一个项目惠及几个村就填几行）")
            continue
        if village not in known.villages:
            bad(VILLAGE_CODE, f"{village!r} 不是花名册中在册村（社区）的编码（见 `dudao roster show`）")
            continue
        if (code, village) in seen_village:
            bad(VILLAGE_CODE, f"与第{seen_village[(code, village)]}行重复（同一项目、同一村）；请删除重复行")
            continue
        seen_village[(code, village)] = n
        rec.villages[village] = whole(EXPECTED)
        for y in years:
            h = f"{y}年实际收益（元）"
            if y > known.today.year:
                if text(h):
                    bad(h, f"{y}年尚未到来，不能填实际收益")
                continue
            yuan = whole(h)
            if yuan is not None:
                rec.incomes[(village, y)] = yuan
    for rec in projects.values():
        if rec.kind and not rec.lead:
            problems.append(Problem(f"{rec.where}: {LEAD}", "必填：该项目类型未配置默认牵头部门"))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处问题，未写入任何数据", problems)
    return list(projects.values())


def _columns(table: Table, rules: ProjectRules, name: str) -> dict[str, int]:
    """Each known column's index (headers compared in folded form: 全角/半角 brackets); unknown ones refused."""
    fixed = headers(rules, [])

    def income_year(h: str) -> str | None:
        m = re.match(r"^(\d{4})年实际收益[(（]元[)）]$", h.strip())
        return f"{m[1]}年实际收益（元）" if m else None

    col, unknown = match_columns(table, fixed, also=income_year)
    problems = [Problem(f"{name}: 列 {h!r}", f"不认识的列；应为：{'、'.join(fixed)}，"
                                           "及“2022年实际收益（元）”这样的年度列") for h in unknown]
    missing = [h for h in (CODE, NAME, KIND, YEAR, VILLAGE_CODE) if h not in col]
    if missing:
        problems.insert(0, Problem(name, f"缺少列：{'、'.join(missing)}（用 `dudao projects template` 生成模板）"))
    if problems:
        raise InputError(f"{name} 不是扶持项目台账", problems)
    return col
