"""The work report rendered from its Word template (docxtpl: Jinja placeholders in a .docx a clerk edits in
Word or WPS), with its charts embedded, and the same text written as Markdown beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from adapters.files import write_atomically
from config.errors import InputError, Problem

CHART_WIDTH_MM = 150  # the type area of GB/T 9704 is 156 mm wide


def render_report(template: Path, context: Mapping[str, object], charts: Sequence[tuple[Path, str]],
                  out: Path) -> Path:
    """Fill the template with `context` (plus `charts`: the PNG files and their captions) and write `out`."""
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    if not Path(template).is_file():
        raise InputError("报告模板不存在",
                         [Problem(str(template), "找不到该 .docx 模板文件（见配置 [report].template）")])
    try:
        tpl = DocxTemplate(str(template))
        images = [{"image": InlineImage(tpl, str(png), width=Mm(CHART_WIDTH_MM)), "caption": caption}
                  for png, caption in charts]
        tpl.render({**context, "charts": images}, autoescape=True)
    except jinja2.TemplateError as exc:
        where = f"{template}" + (f"，第{exc.lineno}行" if getattr(exc, "lineno", None) else "")
        raise InputError("报告模板有误，未生成报告", [Problem(where, f"{type(exc).__name__}: {exc}")]) from None
    return write_atomically(out, lambda tmp: tpl.save(str(tmp)))


def docx_markdown(docx: Path, charts: Sequence[tuple[Path, str]]) -> str:
    """The rendered document's text as Markdown: title, headings, paragraphs, the charts as image links."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(docx))
    lines: list[str] = []
    pictures = iter(charts)
    for p in doc.paragraphs:
        style = p.style.name if p.style is not None else ""
        if p._p.findall(".//" + qn("w:drawing")):
            png, caption = next(pictures, (None, ""))
            if png is not None:
                lines += [f"![{caption}]({png.name})", ""]
            continue
        text = p.text.strip()
        if not text:
            continue
        if style == "Title":
            lines += [f"# {text}", ""]
        elif style.startswith("Heading"):
            lines += [f"{'#' * (int(style[-1]) + 1 if style[-1].isdigit() else 2)} {text}", ""]
        elif style == "Caption":
            continue  # the image link carries it
        else:
            lines += [text, ""]
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(path: Path, text: str) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
