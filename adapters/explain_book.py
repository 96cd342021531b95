"""The explain workbook (.xlsx): an index sheet and one sheet per figure with the rows behind it.

Written in openpyxl's write-only mode (rows are streamed, memory stays flat) and bounded: a sheet lists at most
`MAX_ROWS` rows — what dudao itself reads back from a sheet — and the index says when a sheet stops short.
Text that a spreadsheet would take for a formula is written as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from adapters.files import write_atomically
from adapters.sheet_bounds import MAX_ROWS

FORMULA_START = ("=", "+", "-", "@")
INDEX_HEADERS = ("序号", "类别", "定义", "文中写法", "精确值", "明细表", "明细行数", "核对", "说明")


@dataclass(frozen=True)
class IndexLine:
    slot: int
    kind: str  # 名称 / 数字
    definition: str
    written: str
    exact: object
    sheet: str | None
    note: str
    denominator: int | None = None  # a percentage: the sheet's rows ÷ this


@dataclass(frozen=True)
class DetailSheet:
    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    measure: str  # "count", or the header summed (or whose smallest value is the figure)
    aggregate: str = "sum"  # or "min"


def write_explain(path: Path | str, index: Sequence[IndexLine], sheets: Sequence[DetailSheet],
                  *, max_rows: int = MAX_ROWS) -> Path:
    """Write the workbook; the index's 明细行数 and 核对 columns say how each sheet adds up to its figure."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        ws_index = wb.create_sheet("索引")
        bold = Font(bold=True)
        written_rows: dict[str, tuple[int, float, bool]] = {}
        detail = []
        for sheet in sheets:
            ws = wb.create_sheet(_title(sheet.name))
            ws.append([_bold(WriteOnlyCell(ws, h), bold) for h in sheet.headers])
            col = None if sheet.measure == "count" else list(sheet.headers).index(sheet.measure)
            n, total, cut = 0, None, False
            for row in sheet.rows:
                if n >= max_rows:
                    cut = True
                    break
                n += 1
                if col is not None and row[col] is not None:
                    total = row[col] if total is None else (
                        min(total, row[col]) if sheet.aggregate == "min" else total + row[col])
                ws.append([_cell(ws, v, WriteOnlyCell) for v in row])
            written_rows[sheet.name] = (n, total, cut)
            detail.append(ws)
        ws_index.append([_bold(WriteOnlyCell(ws_index, h), bold) for h in INDEX_HEADERS])
        by_name = {s.name: s for s in sheets}
        for line in index:
            n, total, cut = written_rows.get(line.sheet, (None, None, False)) if line.sheet else (None, None, False)
            sheet = by_name.get(line.sheet) if line.sheet else None
            check = ""
            if sheet is not None:
                if line.denominator:
                    check = f"行数 {n} ÷ {line.denominator}"
                elif sheet.measure == "count":
                    check = f"行数 {n}"
                else:
                    check = f"「{sheet.measure}」{'最小值' if sheet.aggregate == 'min' else '合计'} {total or 0}"
                if cut:
                    check += f"（仅列前{max_rows}行，其余未列出）"
            ws_index.append([_cell(ws_index, v, WriteOnlyCell) for v in (
                line.slot, line.kind, line.definition, line.written,
                "" if line.exact is None else line.exact, line.sheet or "", "" if n is None else n, check, line.note)])
        # the index first
        wb._sheets.sort(key=lambda ws: 0 if ws is ws_index else 1)
        wb.save(tmp)

    return write_atomically(path, write)


def _title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31]


def _bold(cell, font):
    cell.font = font
    return cell


def _cell(ws, value, make):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell = make(ws, value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value
