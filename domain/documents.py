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
    """The rows are written as one XML fragment (the run properties set once per cell, bold on the header):
    python-docx's per-cell API is far too slow for a list of thousands of units."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    font = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/>'
    parts = []
    for i, row in enumerate(rows):
        props = f"<w:rPr>{font}{'<w:b/>' if i == 0 else ''}</w:rPr>"
        cells = "".join(f'<w:tc><w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
                        for text in [*row, *[""] * (width - len(row))])
        parts.append(f"<w:tr>{cells}</w:tr>")
    fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(parts)}</w:tbl>")
    for tr in list(fragment):
        table._tbl.append(tr)


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
