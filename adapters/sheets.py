"""Reading and writing the spreadsheets coordinators exchange (.xlsx, .csv).

Cells come back as Python values; `cell_text` normalises codes that Excel turned into numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from adapters.files import write_atomically
from adapters.sheet_bounds import MAX_COLUMNS, MAX_ROWS, Extent, check_extent, check_xlsx, column_letters
from config.errors import InputError, Problem
from config.limits import Range, check_year
from config.text import CONTROL, control_character

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".csv")


@dataclass(frozen=True)
class Table:
    """A sheet's header and its data rows, each with its 1-based row number in the file."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, list[object]]]


def read_table(path: Path | str) -> Table:
    path = Path(path)
    try:
        found = path.is_file()
    except OSError as exc:  # a name too long, a loop of links …
        raise InputError("无法读取文件", [Problem(str(path)[:200], exc.strerror or str(exc))]) from None
    if not found:
        raise InputError("找不到文件", [Problem(str(path)[:200], "是文件夹" if path.is_dir() else "文件不存在")])
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError("不支持的文件类型", [Problem(str(path), f"应为以下之一：{'、'.join(SUPPORTED)}")])
    try:
        grid = _read_csv(path) if suffix == ".csv" else _read_excel(path)
    except InputError:
        raise
    except Exception as exc:  # any reader failure is the file's fault, not a bug of ours
        what = "CSV 文件（UTF-8 或 GBK 编码）" if suffix == ".csv" else f"保存为 {suffix} 的 Excel 工作簿"
        raise InputError("无法读取文件", [Problem(str(path), f"应为{what}；读取时出错："
                                                                     f"{type(exc).__name__}: {exc}")]) from None
    header_at = next((i for i, row in enumerate(grid) if any(cell_text(c) for c in row)), None)
    if header_at is None:
        raise InputError("文件是空的", [Problem(str(path), "应有表头行和数据行")])
    headers = [cell_text(c) for c in grid[header_at]]
    _refuse_repeated_headers(path, headers)
    width = len(headers)
    rows = []
    for i, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        values = list(row[:width]) + [""] * (width - len(row))
        if any(cell_text(v) for v in values):
            rows.append((i, values))
    _refuse_control(path, headers, [(header_at + 1, grid[header_at]), *rows])
    return Table(path, headers, rows)


def header_key(text: str) -> str:
    """A header as the parsers compare it: full-width forms folded (（元） = (元)), spaces dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _refuse_repeated_headers(path: Path, headers: list[str]) -> None:
    """A header that appears twice is ambiguous: a parser would read one of the columns and drop the other."""
    first: dict[str, int] = {}
    problems = []
    for i, h in enumerate(headers):
        key = header_key(h)
        if not key:
            continue
        if key in first:
            problems.append(Problem(f"{path}: 列 {column_letters(i + 1)}「{h}」",
                                    f"与列 {column_letters(first[key] + 1)}「{headers[first[key]]}」同名；"
                                    "每个表头只能出现一次（否则其中一列会被忽略）"))
        else:
            first[key] = i
    if problems:
        raise InputError("表头重复，未导入（未写入任何内容）", problems)


def _refuse_control(path: Path, headers: list[str], rows: list[tuple[int, list[object]]]) -> None:
    """No cell may hold a control character (config/text.py): every one is named by row and column."""
    problems = []
    for n, values in rows:
        texts = [v for v in values if isinstance(v, str)]
        if not CONTROL.search("\t".join(texts)):  # one search a row: the usual case
            continue
        for c, value in enumerate(values):
            problem = control_character(value) if isinstance(value, str) else None
            if problem:
                column = (headers[c] if c < len(headers) else "") or f"第 {c + 1} 列"
                problems.append(Problem(f"{path} row {n}: {column}", f"{problem}；请删除后再导入"))
    if problems:
        raise InputError("表格含控制字符，未导入（未写入任何内容）", problems)


def _read_excel(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() in (".xlsx", ".xlsm"):  # the reader builds the whole grid: measure it first
        check_xlsx(path)
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


def _read_csv(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("无法解码文件", [Problem(str(path), "应为 UTF-8 或 GBK 编码的文本")])
    grid: list[list[object]] = []
    rows = columns = 0  # the used range: the last row and the widest row holding a value
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        while row and not row[-1].strip():
            row.pop()
        if row:
            rows, columns = n, max(columns, len(row))
        if rows <= MAX_ROWS and columns <= MAX_COLUMNS:
            grid.append(row)
        else:
            grid = []  # over the limit: count on to name the size, keep nothing
    check_extent(path, Extent(rows, columns))
    return grid


def cell_text(value: object) -> str:
    """A cell as text: 110101001.0 → '110101001', None → '', dates → ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def write_table(
    path: Path | str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    widths: Sequence[int] | None = None,
) -> Path:
    """Write one formatted sheet (header bold and frozen, set to print landscape on A4, fitting the width).
    Every str value is written as text, never as a formula (see `_as_text`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("表格以 .xlsx 格式写出", [Problem(str(path), "请给出 .xlsx 文件名")])
    wb = Workbook()
    ws = wb.active
    ws.title = (title or "Sheet1")[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        ws.append(list(row))
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value:
                _as_text(ws.cell(r, c))
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, min(40, len(str(header)) * 2 + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    return write_atomically(path, lambda tmp: wb.save(tmp))


FORMULA_START = ("=", "+", "-", "@")  # what a spreadsheet takes for a formula when the cell is typed in


def _as_text(cell) -> None:
    """Keep a text cell text: openpyxl writes any string starting with `=` as a live formula (a title `=1+2`,
    a village named `=HYPERLINK(…)`); a text that looks like a formula also gets Excel's quote prefix, so
    that editing the cell in Excel does not turn it into one either."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


# a date, optionally with a time of day (Excel's "2022-10-12 00:00:00", "2022-10-12T09:30"), and nothing else
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def cell_day(value: object) -> date | None:
    """A cell or an argument as a date: Excel dates, 2022-10-08, 2022/10/8, 2022年10月8日; blank → None.
    ValueError also for a year outside config.limits.YEARS (0001-01-01, 9999-12-31 are mistakes)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = cell_text(value)
        if not text:
            return None
        m = _DAY.match(text)
        if not m:
            raise ValueError(text)
        day = date(int(m[1]), int(m[2]), int(m[3]))
    check_year(day.year)
    return day


def cell_whole(value: object) -> int | None:
    """A cell as a whole number: 15, 15.0, '15', '1,500'; blank → None; 2.9 or 'abc' → ValueError (never
    rounded or cut: '2.9 working days' is a typo to report, not 2)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = cell_text(value).replace(",", "")
    if not text:
        return None
    if not re.fullmatch(r"-?\d+(?:\.0*)?", text, re.ASCII):  # '²' is a digit to str.isdigit, not a number
        raise ValueError(text)
    return int(text.split(".")[0])


def cell_within(value: object, limits: Range) -> int | None:
    """A cell as a whole number within `limits` (config/limits.py); blank → None; ValueError saying what is
    wrong in the user's words otherwise."""
    try:
        number = cell_whole(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{cell_text(value)!r} 不是整数（{limits.what}须为 {limits.span} 之间的整数）") from None
    if number is not None and (problem := limits.problem(number)):
        raise ValueError(problem)
    return number
