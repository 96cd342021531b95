"""How big a sheet really is, found before any reader allocates it (工作表大小).

python-calamine builds the whole grid of a sheet's used range at once: one stray cell at XFD1048576 next to
A1 asks for 1,048,576 × 16,384 cells (512 GiB) and the process dies on signal 6. The `<dimension>` element
of a sheet is optional and often wrong, so `check_xlsx` reads the worksheet's XML itself for the cells that
hold something — as calamine counts them: a cell element with content, not one that only carries a style
(`<c r="B2" s="1"/>` or `<c …></c>`) — without building anything, and refuses a sheet over
MAX_ROWS × MAX_COLUMNS, naming its size. Streamed in chunks: memory stays flat whatever the sheet's size.

Two passes of different cost: the fast check looks only at cells far enough out to matter, in the form Excel
and openpyxl write (`<c r="…"`), with C-speed searches (~0.1 s for a 20,000-village roster); anything else —
a cell beyond the limits, a cell without `r`, a namespace prefix — goes to the exact scan, which places every
cell as a reader does and gives the size the message names.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from config.errors import InputError, Problem

MAX_ROWS = 100_000  # rows from the top of the sheet to its last row holding a value
MAX_COLUMNS = 64  # columns from A to the last column holding a value (the widest sheet we write has 25)
_CHUNK = 1 << 20

# a <row …> or <c …> start tag (any namespace prefix), its attributes, whether it closes itself, and whether
# the next tag closes it (<c r="B2" s="1"></c>: a styled cell without content)
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)((?:\s[^>]*?)?)(/?)>(?=(\s*</)?)")
_ROW_ATTR = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_CELL_ATTR = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']""")


@dataclass(frozen=True)
class Extent:
    """The rows and columns a reader's grid spans: from A1 to the last row and last column holding a value."""

    rows: int
    columns: int

    @property
    def ref(self) -> str:
        return f"A1:{column_letters(self.columns)}{self.rows}" if self.rows and self.columns else "A1"


def column_letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - ord("A") + 1
    return n


def check_extent(path: Path, extent: Extent, sheet: str | None = None) -> None:
    """Refuse a sheet whose grid would exceed the limits, naming its size and the limits."""
    if extent.rows <= MAX_ROWS and extent.columns <= MAX_COLUMNS:
        return
    name = f"工作表「{sheet}」" if sheet else "工作表"
    raise InputError("表格过大，未导入", [Problem(str(path), (
        f"{name}的已用区域为 {extent.ref}（{extent.rows} 行 × {extent.columns} 列），"
        f"超出上限 {MAX_ROWS} 行 × {MAX_COLUMNS} 列；请删除多余的行、列和远处的零散单元格后再导入"))])


def check_xlsx(path: Path) -> None:
    """Refuse an .xlsx/.xlsm workbook whose first sheet (the one `read_table` reads) is over the limits.
    If the workbook does not say which part that is, every worksheet part is checked."""
    with zipfile.ZipFile(path) as z:
        name, part = _first_sheet(z)
        parts = [part] if part else [n for n in z.namelist()
                                     if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for p in parts:
            with z.open(p) as f:
                if _plainly_within(f):
                    continue
            with z.open(p) as f:
                check_extent(path, Extent(*_scan(f)), name)


def _first_sheet(z: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """The first <sheet> of xl/workbook.xml and the part its relationship points at (None when unsure)."""
    try:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None, None
    sheet = re.search(rb"<(?:[\w.-]+:)?sheet\s[^>]*>", book)
    if sheet is None:
        return None, None
    name = re.search(rb"""\sname\s*=\s*["']([^"']*)["']""", sheet[0])
    rid = re.search(rb"""\s[\w.-]+:id\s*=\s*["']([^"']+)["']""", sheet[0])
    label = unescape(name[1].decode("utf-8", "replace")) if name else None
    if rid is None:
        return label, None
    for rel in re.finditer(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>", rels):
        if re.search(rb"""\sId\s*=\s*["']""" + re.escape(rid[1]) + rb"""["']""", rel[0]):
            target = re.search(rb"""\sTarget\s*=\s*["']([^"']+)["']""", rel[0])
            if target is None:
                break
            t = target[1].decode("utf-8", "replace")
            part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
            return label, part if part in z.namelist() else None
    return label, None


def _chunks(f):
    """The part in pieces of about _CHUNK bytes, each (data, end): tags before `end` are whole and so is the
    start of the tag after them (`data[end:]` comes again at the head of the next piece)."""
    tail = b""
    while True:
        chunk = f.read(_CHUNK)
        data = tail + chunk
        end = max(0, data.rfind(b"<", 0, max(0, data.rfind(b"<")))) if chunk else len(data)
        yield data, end
        if not chunk:
            return
        tail = data[end:]


_W, _T = len(column_letters(MAX_COLUMNS)), len(str(MAX_ROWS))
_FAR = re.compile(rb'<c r="([A-Z]{%d,}|[A-Z]+(?=\d{%d}))(\d+)"' % (_W, _T))  # wide or tall enough to check
_ODD = (re.compile(rb'<c(?=[\s>/])(?! r="[A-Z])'),  # a cell without `r` first: the exact scan places it
        re.compile(rb":c[\s>/]"))  # a namespace prefix on cells (or text that looks like one)


def _plainly_within(f) -> bool:
    """The fast check, a few C-speed passes per chunk: True when every cell is written `<c r="…"` (Excel's and
    openpyxl's form) and none with content lies beyond the limits; False when unsure (the exact scan decides)."""
    for data, end in _chunks(f):
        if any(odd.search(data, 0, end) for odd in _ODD):
            return False
        for m in _FAR.finditer(data, 0, end):
            if (_column_number(m[1]) > MAX_COLUMNS or int(m[2]) > MAX_ROWS) and _has_content(data, m.end()):
                return False
    return True


def _has_content(data: bytes, at: int) -> bool:
    """Whether the cell whose start tag runs on from `at` holds something (is not `<c …/>` nor `<c …></c>`)."""
    gt = data.find(b">", at)
    return gt >= 0 and data[gt - 1:gt] != b"/" and not data[gt + 1:gt + 64].lstrip().startswith(b"</")


def _scan(f) -> tuple[int, int]:
    """The last row and column (1-based) of a worksheet part's cells that hold something."""
    row = col = 0  # position of the current row / the previous cell, for elements without an `r`
    max_row = max_col = 0
    for data, end in _chunks(f):
        for m in _TAG.finditer(data):  # not endpos=end: the look-ahead at a closing tag may pass `end`
            if m.start() >= end:
                break
            attrs = m[2]
            if m[1] == b"row":
                r = _ROW_ATTR.search(attrs)
                row, col = (int(r[1]) if r else row + 1), 0
                continue
            cell = _CELL_ATTR.search(attrs)
            if cell:
                col, row = _column_number(cell[1]), int(cell[2])
            else:
                col += 1
            if not m[3] and not m[4]:  # a cell without content only carries a style: readers skip it
                max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col
