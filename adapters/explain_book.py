"""The explain workbook (.xlsx): an index sheet and one sheet per figure with the rows behind it.

Streamed straight into the package's XML parts (SpreadsheetML, inline strings) rather than through openpyxl's
cell objects: a 20,000-village report lists some 300,000 rows, and a cell object each was most of the report's
time. Rows are written as they are read (memory stays flat), and every sheet is bounded: it lists at most
`MAX_ROWS` rows — what dudao itself reads back from a sheet — and the index says when a sheet stops short.
Text that a spreadsheet would take for a formula is written as text (quote prefix); dates and moments are
spreadsheet dates.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from xml.sax.saxutils import quoteattr

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

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
            written_rows: dict[str, tuple[int, object, bool]] = {}
            for number, sheet in enumerate(sheets, start=2):
                col = None if sheet.measure == "count" else list(sheet.headers).index(sheet.measure)
                tally = _Tally(col, sheet.aggregate, max_rows)
                _sheet_part(book, number, sheet.headers, tally.rows(sheet.rows))
                written_rows[sheet.name] = (tally.n, tally.total, tally.cut)
            by_name = {s.name: s for s in sheets}
            lines = []
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
                lines.append((line.slot, line.kind, line.definition, line.written,
                              "" if line.exact is None else line.exact, line.sheet or "", "" if n is None else n,
                              check, line.note))
            _sheet_part(book, 1, INDEX_HEADERS, lines)  # the index first
            _package(book, ["索引", *(_title(s.name) for s in sheets)])

    return write_atomically(path, write)


class _Tally:
    """Counts (and adds up, or takes the smallest of, one column of) the rows a sheet lists, stopping at the
    bound."""

    def __init__(self, col: int | None, aggregate: str, max_rows: int):
        self.col, self.aggregate, self.max_rows = col, aggregate, max_rows
        self.n, self.total, self.cut = 0, None, False

    def rows(self, rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
        col, smallest = self.col, self.aggregate == "min"
        for row in rows:
            if self.n >= self.max_rows:
                self.cut = True
                return
            self.n += 1
            if col is not None and row[col] is not None:
                v = row[col]
                self.total = v if self.total is None else (min(self.total, v) if smallest else self.total + v)
            yield row


# styles (xl/styles.xml cellXfs): 0 plain, 1 bold header, 2 text with a quote prefix, 3 a moment, 4 a date
_BOLD, _QUOTED, _MOMENT, _DAY = 1, 2, 3, 4
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                         **{c: None for c in [*range(0, 9), 11, 12, *range(14, 32)]}})  # XML 1.0 forbids these
_EPOCH = date(1899, 12, 30).toordinal()  # spreadsheet day 0
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


_COLUMNS = [_column(n) for n in range(1, 65)]


def _text(ref: str, value: str, style: int = 0) -> str:
    if style == 0 and value.startswith(FORMULA_START):
        style = _QUOTED
    s = f' s="{style}"' if style else ""
    if _SPECIAL.search(value):
        value = value.translate(_ESCAPE)
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'


def _cell(ref: str, value: object) -> str:
    """A cell of any other type than the common ones `_sheet_part` writes itself."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):  # the moment as it reads where it was recorded (its time zone dropped)
        serial = value.toordinal() - _EPOCH + (
            value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86_400
        return f'<c r="{ref}" s="{_MOMENT}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{_DAY}"><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, Enum):
        return _cell(ref, value.value)
    if isinstance(value, str):
        return _text(ref, str(value)) if value else f'<c r="{ref}"/>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, list | tuple):
        joined = "、".join(str(v) for v in value)
        return _text(ref, joined) if joined else f'<c r="{ref}"/>'
    return _text(ref, str(value))


def _sheet_part(book: zipfile.ZipFile, number: int, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """xl/worksheets/sheet<number>.xml: the bold header row, then the rows, streamed in chunks. Text and whole
    numbers (most cells) are written inline. As openpyxl writes them, an empty value (None) has no cell and an
    empty text an empty one, and the sheet states no dimension (a read-only reader returns each row up to its last
    cell)."""
    columns, special, text, cell = _COLUMNS, _SPECIAL.search, _text, _cell
    with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
        head = "".join(_text(f"{columns[i]}1", str(h), _BOLD) for i, h in enumerate(headers))
        chunk = [f'{_XML}<worksheet {_NS}><sheetData><row r="1">{head}</row>']
        r = 1
        for row in rows:
            r += 1
            cells = [f'<row r="{r}">']
            for i, v in enumerate(row):
                kind = type(v)
                if kind is str:
                    if not v:
                        cells.append(f'<c r="{columns[i]}{r}"/>')
                    elif v[0] in "=+-@" or special(v):  # FORMULA_START, or a character to escape
                        cells.append(text(f"{columns[i]}{r}", v))
                    else:
                        cells.append(f'<c r="{columns[i]}{r}" t="inlineStr"><is><t xml:space="preserve">{v}</t>'
                                     '</is></c>')
                elif kind is int:
                    cells.append(f'<c r="{columns[i]}{r}"><v>{v}</v></c>')
                elif v is not None:
                    cells.append(cell(f"{columns[i]}{r}", v))
            cells.append("</row>")
            chunk.append("".join(cells))
            if len(chunk) >= 2_000:
                part.write("".join(chunk).encode())
                chunk = []
        chunk.append("</sheetData></worksheet>")
        part.write("".join(chunk).encode())


_STYLES = (
    f'{_XML}<styleSheet {_NS}>'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)
_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _package(book: zipfile.ZipFile, titles: Sequence[str]) -> None:
    """The workbook around the sheets: the sheet list (in order), relationships, content types, styles."""
    n = len(titles)
    sheets = "".join(f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(titles, 1))
    book.writestr("xl/workbook.xml", f'{_XML}<workbook {_NS} xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    book.writestr("xl/_rels/workbook.xml.rels",
                  f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}'
                  f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    book.writestr("xl/styles.xml", _STYLES)
    book.writestr("_rels/.rels", f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                                 f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_MAIN}.worksheet+xml"/>'
                        for i in range(1, n + 1))
    book.writestr("[Content_Types].xml",
                  f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  f'<Override PartName="/xl/workbook.xml" ContentType="{_MAIN}.sheet.main+xml"/>'
                  f'<Override PartName="/xl/styles.xml" ContentType="{_MAIN}.styles+xml"/>{overrides}</Types>')


def _title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31]
