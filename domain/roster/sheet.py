"""The roster sheet (花名册): its columns, Chinese or English, and the validation of each row.

Pure: takes a `Table`, returns validated `RosterRow`s or raises InputError listing every bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from adapters.progress import counted
from adapters.sheets import Table, cell_text
from config.errors import InputError, Problem
from config.limits import YUAN
from models.db import length_problem
from models.org import Contact, Town, Village

COLUMNS: dict[str, tuple[str, ...]] = {
    "town": ("town", "镇街", "镇/街道", "镇（街道）", "镇(街道)", "乡镇", "镇街名称", "所属镇街"),
    "village": ("village", "name", "村社区", "村（社区）", "村(社区)", "村名", "村社区名称", "名称"),
    "kind": ("kind", "类型", "村社区类型"),
    "code": ("code", "编码", "代码", "村社区编码", "统一编码"),
    "secretary": ("secretary", "书记", "党组织书记", "村书记"),
    "mobile": ("mobile", "手机", "手机号", "手机号码", "联系电话"),
    "status": ("status", "状态"),
}
IGNORED = {"序号", "备注", "no", "#", "remark", "remarks", "note", "notes"}
REQUIRED = ("town", "village", "code")

_YEAR_COLUMN = re.compile(
    r"^(?P<year>20\d\d)\s*年?\s*(?:度)?\s*(?P<what>村级集体经济收入|集体经济收入|集体经济年收入|年收入|收入|目标|收入目标|计划)"
    r"\s*[（(]\s*(?P<unit>万元|元)\s*[）)]$"
)
_YEAR_COLUMN_EN = re.compile(r"^(?P<what>income|target)_(?P<year>20\d\d)_(?P<unit>yuan|wan)$")
_KINDS = {"村": "village", "village": "village", "社区": "community", "community": "community"}
_ACTIVE = {"正常": True, "在册": True, "有效": True, "active": True, "": True,
           "撤并": False, "撤销": False, "停用": False, "inactive": False}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$")
_MOBILE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class YearColumn:
    index: int
    header: str
    year: int
    is_target: bool
    per_wan: bool  # amounts in 万元 (×10,000) rather than 元


@dataclass
class RosterRow:
    row: int
    town: str
    village: str
    kind: str
    code: str
    active: bool
    secretary: str | None
    mobile: str | None
    incomes: dict[int, int] = field(default_factory=dict)  # year → yuan
    targets: dict[int, int] = field(default_factory=dict)


def parse_roster(table: Table, *, known_towns: set[str] | None = None) -> list[RosterRow]:
    """Validate every row; raise InputError with each bad row's number, column and reason."""
    where = str(table.path)
    columns, years, problems = _map_headers(table.headers, where)
    if problems:
        raise InputError(f"花名册 {where} 的列无法使用", problems)
    rows: list[RosterRow] = []
    first_code: dict[str, int] = {}
    first_name: dict[tuple[str, str], int] = {}
    for number, values in counted(table.rows, "检查花名册（行）"):
        parsed = _parse_row(number, values, columns, years, known_towns, table, problems)
        if parsed is None:
            continue
        if parsed.code in first_code:
            problems.append(_at(table, number, table.headers[columns["code"]],
                                f"编码 {parsed.code!r} 已在第 {first_code[parsed.code]} 行使用"))
        else:
            first_code[parsed.code] = number
        key = (parsed.town, parsed.village)
        if key in first_name:
            problems.append(_at(table, number, table.headers[columns["village"]],
                                f"{parsed.town}{parsed.village} 已在第 {first_name[key]} 行列出"))
        else:
            first_name[key] = number
        rows.append(parsed)
    if problems:
        raise InputError(f"花名册 {where} 有 {len(problems)} 处问题，未导入（未写入任何内容）", problems)
    if not rows:
        raise InputError("花名册没有数据行", [Problem(where, "应每个村（社区）一行")])
    return rows


def _map_headers(headers: list[str], where: str) -> tuple[dict[str, int], list[YearColumn], list[Problem]]:
    columns: dict[str, int] = {}
    years: list[YearColumn] = []
    problems: list[Problem] = []
    alias = {a.lower(): name for name, aliases in COLUMNS.items() for a in aliases}
    for i, raw in enumerate(headers):
        header = re.sub(r"\s+", "", raw)
        low = header.lower()
        if not header or low in IGNORED:
            continue
        if low in alias:
            if alias[low] in columns:  # 镇街 and town: one would be read, the other dropped
                first = columns[alias[low]]
                problems.append(Problem(f"{where}: column {_col(i)} '{raw}'",
                                        f"与第 {_col(first)} 列 '{headers[first]}' 是同一字段；请只保留一列"))
            columns.setdefault(alias[low], i)
            continue
        m = _YEAR_COLUMN.match(header) or _YEAR_COLUMN_EN.match(low)
        if m:
            what, unit = m.group("what"), m.group("unit")
            column = YearColumn(i, raw, int(m.group("year")), what in {"目标", "收入目标", "计划", "target"},
                                unit in {"万元", "wan"})
            twin = next((y for y in years if (y.year, y.is_target) == (column.year, column.is_target)), None)
            if twin is not None:  # two incomes (or targets) for one year: the last would win
                problems.append(Problem(f"{where}: column {_col(i)} '{raw}'",
                                        f"{column.year}年{'目标' if column.is_target else '收入'}已由第 "
                                        f"{_col(twin.index)} 列 '{twin.header}' 给出；请只保留一列"))
            years.append(column)
            continue
        if re.match(r"^20\d\d", header) and not re.search(r"万元|元|yuan|wan", header):
            problems.append(Problem(f"{where}: column {_col(i)} '{raw}'",
                                    "金额列须注明单位，例如 2022年集体经济收入(万元) 或 (元)"))
        else:
            problems.append(Problem(f"{where}: column {_col(i)} '{raw}'",
                                    "未知的列；应为 镇街、村社区、类型、编码、20XX年集体经济收入(万元)、"
                                    "20XX年目标(万元)、书记、手机、状态（或对应的英文列名）"))
    for name in REQUIRED:
        if name not in columns:
            problems.append(Problem(where, f"缺少列 {COLUMNS[name][1]}（{name}）"))
    return columns, years, problems


def _parse_row(number, values, columns, years, known_towns, table, problems) -> RosterRow | None:
    before = len(problems)

    def text(name: str) -> str:
        return cell_text(values[columns[name]]) if name in columns else ""

    def bad(name_or_header: str, message: str) -> None:
        header = table.headers[columns[name_or_header]] if name_or_header in columns else name_or_header
        problems.append(_at(table, number, header, message))

    town, village, code = text("town"), text("village"), text("code")
    for name, value in (("town", town), ("village", village), ("code", code)):
        if not value:
            bad(name, "必填项为空")
    for name, value, column in (("town", town, Town.name), ("village", village, Village.name),
                                ("secretary", text("secretary"), Contact.name)):
        if problem := length_problem(column, value):  # the length the model declares (PostgreSQL enforces it)
            bad(name, problem)
    if code and not _CODE.match(code):
        bad("code", f"{code!r} 不是有效编码（字母、数字、'-' 或 '_'，最多 32 个字符）")
    if town and known_towns is not None and town not in known_towns:
        bad("town", f"{town!r} 不是本区的镇街（可选：{'、'.join(sorted(known_towns))}）")
    kind_text = text("kind")
    kind = _KINDS.get(kind_text.lower()) if kind_text else ("community" if village.endswith("社区") else "village")
    if kind is None:
        bad("kind", f"{kind_text!r} 不是有效类型；应为 村 或 社区")
    status = text("status").lower()
    active = _ACTIVE.get(status)
    if active is None:
        bad("status", f"{text('status')!r} 不是有效状态；应为 正常 或 撤并/撤销/停用")
    mobile = text("mobile") or None
    if mobile and not _MOBILE.match(mobile):
        bad("mobile", f"{mobile!r} 不是大陆手机号（以 1 开头的 11 位数字）")
    elif mobile and not text("secretary"):
        bad("mobile", "填了手机号，同一行须填书记姓名")
    incomes: dict[int, int] = {}
    targets: dict[int, int] = {}
    for col in years:
        raw = values[col.index]
        if cell_text(raw) == "":
            continue
        yuan = _yuan(raw, col.per_wan)
        if yuan is None:
            bad(col.header, f"{cell_text(raw)!r} 不是以{'万元' if col.per_wan else '元'}计的金额"
                            "（应为非负数，精确到元）")
            continue
        (targets if col.is_target else incomes)[col.year] = yuan
    if len(problems) > before:
        return None
    return RosterRow(number, town, village, kind or "village", code, bool(active), text("secretary") or None,
                     mobile, incomes, targets)


def _yuan(value: object, per_wan: bool) -> int | None:
    try:
        amount = Decimal(cell_text(value).replace(",", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    yuan = amount * 10_000 if per_wan else amount
    if yuan != yuan.to_integral_value() or int(yuan) not in YUAN:
        return None
    return int(yuan)


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _at(table: Table, row: int, header: str, message: str) -> Problem:
    return Problem(f"{table.path.name} row {row}, column '{header}'", message)
