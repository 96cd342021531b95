"""A small document model (公文) rendered two ways: markdown (artifacts, chat) and .docx (python-docx).

Chinese text needs East-Asian fonts set explicitly (`w:eastAsia` on rFonts), or Word falls back to the
theme's Latin font: body 仿宋, headings 黑体, title 方正小标宋简体 with 宋体 as the fallback name Word uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from adapters.files import write_atomically


@dataclass
class Document:
    title: str
    blocks: list[tuple] = field(default_factory=list)  # ("h", text) | ("p", text) | ("table", headers, rows)

    def heading(self, text: str) -> Document:
        self.blocks.append(("h", text))
        return self

    def para(self, text: str) -> Document:
        self.blocks.append(("p", text))
        return self

    def table(self, headers: list[str], rows: list[list[object]]) -> Document:
        self.blocks.append(("table", headers, [["" if c is None else str(c) for c in r] for r in rows]))
        return self

    def markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for block in self.blocks:
            if block[0] == "h":
                out += [f"## {block[1]}", ""]
            elif block[0] == "p":
                out += [block[1], ""]
            else:
                _, headers, rows = block
                out.append("| " + " | ".join(headers) + " |")
                out.append("|" + "|".join("---" for _ in headers) + "|")
                out += ["| " + " | ".join(c.replace("|", "｜") for c in r) + " |" for r in rows]
                out.append("")
        return "\n".join(out).rstrip() + "\n"

    def write_markdown(self, path: Path) -> Path:
        return write_atomically(path, lambda p: p.write_text(self.markdown(), encoding="utf-8"))

    def write_docx(self, path: Path) -> Path:
        from docx import Document as Docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        doc = Docx()
        _font(doc.styles["Normal"], "仿宋", 12)
        for style, size in (("Heading 1", 14), ("Title", 20)):
            _font(doc.styles[style], "黑体" if style != "Title" else "宋体", size, bold=True)
        title = doc.add_paragraph(self.title, style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for block in self.blocks:
            if block[0] == "h":
                doc.add_paragraph(block[1], style="Heading 1")
            elif block[0] == "p":
                p = doc.add_paragraph(block[1])
                p.paragraph_format.first_line_indent = Pt(24)
            else:
                _, headers, rows = block
                _table(doc, headers, rows)
                doc.add_paragraph()
        return write_atomically(path, lambda p: doc.save(str(p)))


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    """A "Table Grid" table, header bold, written as one XML fragment: python-docx's per-cell API takes
    seconds for a few thousand rows (a red/black list of a large district has tens of thousands of cells)."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    t = doc.add_table(rows=0, cols=len(headers))
    t.style = "Table Grid"
    lines = []
    for i, row in enumerate([headers, *rows]):
        props = "<w:rPr><w:b/></w:rPr>" if i == 0 else ""
        lines.append("<w:tr>" + "".join(f'<w:tc><w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t>'
                                        "</w:r></w:p></w:tc>" for text in row) + "</w:tr>")
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(lines)}</w:tbl>"):
        t._tbl.append(tr)


def _font(style, name: str, size: int, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
