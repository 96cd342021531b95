"""Ledger sheets by column spec (台账表格): a sheet is described once — its columns (header, field, parser,
required), its natural key — and the same description reads an import, names every bad cell, and writes the
blank template users fill in.

    spec = SheetSpec("星级评定", (Column("村（社区）编码", "village", lookup(codes, "村编码")),
                                  Column("年度", "year", whole(2000, 2100)), …), key=("village", "year", "level"))
    rows = parse_sheet(table, spec)        # InputError naming every bad cell, with its row number and column
    write_template(path, spec)             # the header and one example row

A parser takes a cell's value and returns the field's value, or raises ValueError with a message in Chinese
saying what was expected. Headers match in folded form (full-width brackets = half-width, spaces dropped);
a column the spec does not know is refused, not dropped; two rows with the same natural key are refused with
both row numbers.

A ledger whose rows need more than a spec (a project over several rows, a contract's review stages in order) reads
its cells through the same pieces: `match_columns` (headers in folded form → column index, the unknown ones
listed), `row_texts` (each used cell's text, read once), `cell` (a cell's text) and `text_day` (a date's text
parsed once per sheet).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from adapters.sheets import Table, cell_day, cell_text, cell_whole, header_key, write_table
from config.errors import InputError, Problem

Parser = Callable[[object], Any]
IGNORED = {"序号", "备注"}


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Parser
    required: bool = False
    example: object = ""
    default: Any = None


@dataclass(frozen=True)
class SheetSpec:
    """What one ledger's sheet holds. `check` sees a parsed row (fields → values) and returns the problems no
    single cell shows, each as (header, message)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None
    widths: tuple[int, ...] = field(default=())

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def header_of(self, field_name: str) -> str:
        return next(c.header for c in self.columns if c.field == field_name)


class Row(NamedTuple):
    """One parsed data row: its 1-based row number in the file and its fields."""

    n: int
    values: dict[str, Any]


def parse_sheet(table: Table, spec: SheetSpec) -> list[Row]:
    """Every data row parsed, or InputError naming every bad cell (file, row, column) — nothing half-read."""
    rows, problems = collect_sheet(table, spec)
    if problems:
        raise InputError(f"{table.path.name} 有 {len(problems)} 处错误，未写入任何数据", problems)
    return rows


def collect_sheet(table: Table, spec: SheetSpec) -> tuple[list[Row], list[Problem]]:
    """The rows that parsed and the problems of the others, for a caller that checks across rows too (the
    problems of both reported at once). A sheet that is not this spec's raises at once."""
    name = table.path.name
    known = {header_key(c.header): c for c in spec.columns}
    at: dict[str, int] = {}
    problems: list[Problem] = []
    for i, h in enumerate(table.headers):
        k = header_key(h)
        if k in known:
            at[known[k].field] = i
        elif k and k not in IGNORED:
            problems.append(Problem(f"{name}：列“{h}”", f"不是{spec.name}的列；应为：{'、'.join(spec.headers)}"))
    missing = [c.header for c in spec.columns if c.required and c.field not in at]
    if missing:
        problems.insert(0, Problem(name, f"缺少必填列：{'、'.join(missing)}；"
                                         f"{spec.name}的列为：{'、'.join(spec.headers)}"))
    if problems:
        raise InputError(f"{name} 不是{spec.name}表，未写入任何数据", problems)
    out: list[Row] = []
    first: dict[tuple, int] = {}
    for n, cells in table.rows:
        values: dict[str, Any] = {}
        ok = True
        for c in spec.columns:
            raw = cells[at[c.field]] if c.field in at else None
            if not cell(raw):
                if c.required:
                    problems.append(Problem(f"{name} 第{n}行 “{c.header}”", "必填，不能为空"))
                    ok = False
                values[c.field] = c.default
                continue
            try:
                values[c.field] = c.parse(raw)
            except ValueError as exc:
                problems.append(Problem(f"{name} 第{n}行 “{c.header}”", f"“{cell_text(raw)}”：{exc}"))
                ok = False
        if not ok:
            continue
        if spec.check is not None:
            found = spec.check(values)
            problems += [Problem(f"{name} 第{n}行 “{h}”", m) for h, m in found]
            if found:
                continue
        key = tuple(values[k] for k in spec.key)
        if key in first:
            same = "、".join(spec.header_of(k) for k in spec.key)
            problems.append(Problem(f"{name} 第{n}行", f"与第{first[key]}行重复（{same}相同）；请删除或合并重复行"))
            continue
        first[key] = n
        out.append(Row(n, values))
    return out, problems


def write_template(path: Path | str, spec: SheetSpec, rows: Sequence[Sequence[object]] | None = None) -> Path:
    """The sheet's blank template: its header (required columns marked in the example row's order) and one
    example row, or the rows given (an export in the same layout, ready to be imported again)."""
    example = [c.example for c in spec.columns]
    return write_table(path, spec.headers, list(rows) if rows is not None else [example], title=spec.name,
                       widths=spec.widths or None)


# ---- reading cells: shared by the spec'd sheets above and the ledgers that check across rows ----

def cell(value: object) -> str:
    """A cell's text (`cell_text`), with the common cells — blank, text, whole numbers — first."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value.strip()  # type: ignore[union-attr]
    if kind is int:
        return str(value)
    return cell_text(value)


_DAYS: dict[str, date | None] = {}


def text_day(text: str) -> date | None:
    """`cell_day` of a cell's text, remembered: a sheet repeats a few hundred dates over thousands of rows.
    ValueError as cell_day's."""
    try:
        return _DAYS[text]
    except KeyError:
        pass
    if len(_DAYS) > 100_000:
        _DAYS.clear()
    found = _DAYS[text] = cell_day(text)
    return found


def match_columns(table: Table, known: Sequence[str], *, skip: Collection[str] = (),
                  also: Callable[[str], str | None] | None = None) -> tuple[dict[str, int], list[str]]:
    """The sheet's columns by the headers `known` (compared in folded form: 全角/半角 brackets, spaces): known header →
    column index, and the headers not known (blank ones and those in `skip` — shown for people, not read — left
    out). `also(header)` names a header of a family the fixed list cannot hold (`2023年实际收益（元）`), or None."""
    canonical = {header_key(h): h for h in known}
    col: dict[str, int] = {}
    unknown: list[str] = []
    for i, h in enumerate(table.headers):
        if not h.strip() or h.strip() in skip:
            continue
        found = canonical.get(header_key(h))
        if found is None and also is not None:
            found = also(h)
        if found is None:
            unknown.append(h)
        else:
            col[found] = i
    return col, unknown


def row_texts(values: Sequence[object], col: Mapping[str, int]) -> dict[str, str]:
    """One data row's used cells as text (header → text; a blank cell is ''), each cell read once."""
    return {h: cell(values[i]) for h, i in col.items()}


# ---- parsers: each returns the value or raises ValueError saying what was expected ----

def text(max_len: int = 64) -> Parser:
    def parse(value: object) -> str:
        s = cell(value)
        if len(s) > max_len:
            raise ValueError(f"最多{max_len}个字（现有{len(s)}个）")
        return s
    return parse


def whole(lo: int | None = None, hi: int | None = None) -> Parser:
    def parse(value: object) -> int:
        try:
            n = cell_whole(value)
        except ValueError:
            raise ValueError("应为整数") from None
        if n is None:
            raise ValueError("应为整数")
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            lo_s = "" if lo is None else f"不小于{lo}"
            hi_s = "" if hi is None else f"不大于{hi}"
            raise ValueError(f"应为{lo_s}{'、' if lo_s and hi_s else ''}{hi_s}的整数")
        return n
    return parse


def day(value: object) -> date:
    try:
        d = text_day(value.strip()) if type(value) is str else cell_day(value)
    except ValueError:
        d = None
    if d is None:
        raise ValueError("应为日期（如 2022-10-08）")
    return d


def choice(options: Mapping[str, Any], what: str) -> Parser:
    """One of the names in `options` (the first name of each value is the one the message suggests)."""
    shown: dict[Any, str] = {}
    for k, v in options.items():
        shown.setdefault(v, k)

    def parse(value: object) -> Any:
        s = cell(value)
        if s not in options:
            raise ValueError(f"不是有效的{what}；应为：{'、'.join(shown.values())}")
        return options[s]
    return parse


def lookup(table: Mapping[str, Any], what: str) -> Parser:
    """A code that must name something (a village, a town, a session …)."""
    def parse(value: object) -> Any:
        s = cell(value)
        if s not in table:
            raise ValueError(f"不是{what}")
        return table[s]
    return parse
