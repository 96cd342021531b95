"""Word documents (.docx) from the bulletins' markdown: headings, paragraphs, bold lines, lists and tables,
with East-Asian fonts set so Chinese does not fall back to the theme font."""

from __future__ import annotations

from pathlib import Path

FONT = "仿宋"
HEADING_FONT = "黑体"


def write_docx(path: Path, markdown: str) -> Path:
    """Render the markdown subset the bulletins use; written to a temp file first, then moved in place."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _font(doc.styles["Normal"], FONT, Pt(12))
    for level in (1, 2, 3):
        _font(doc.styles[f"Heading {level}"], HEADING_FONT, None)
    table_rows: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                table_rows.append(cells)
            continue
        if table_rows:
            _table(doc, table_rows)
            table_rows = []
        if not stripped:
            continue
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            doc.add_heading(stripped[level:].strip(), level=min(level, 3))
        elif stripped.startswith(("- ", "* ")):
            _runs(doc.add_paragraph(style="List Bullet"), stripped[2:])
        else:
            _runs(doc.add_paragraph(), stripped)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


def _runs(paragraph, text: str) -> None:
    """**bold** segments as bold runs."""
    for i, part in enumerate(text.split("**")):
        if part:
            run = paragraph.add_run(part)
            run.bold = i % 2 == 1
            _east_asian(run, FONT)


def _table(doc, rows: list[list[str]]) -> None:
    """Cells are reached through the rows' XML: python-docx's table.cell() rescans the table (quadratic)."""
    from docx.table import _Cell

    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, (tr, row) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, text in zip(tr.tc_lst, row, strict=False):
            run = _Cell(tc, table).paragraphs[0].add_run(text)
            run.bold = i == 0
            _east_asian(run, FONT)


def _font(style, name: str, size) -> None:
    style.font.name = name
    if size is not None:
        style.font.size = size
    _set_east_asia(style.element.get_or_add_rPr(), name)


def _east_asian(run, name: str) -> None:
    run.font.name = name
    _set_east_asia(run._element.get_or_add_rPr(), name)


def _set_east_asia(rpr, name: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
