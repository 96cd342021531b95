"""Regenerate the work report's Word templates (work-report.docx, work-brief.docx):

    .venv/bin/python config/templates/make_templates.py

The templates are what an office clerk edits in Word or WPS: the wording of the seed's report with a
placeholder for each slot (`{{ s12 }}` is slot #12 of SEED_FIGURES.md, said with its unit: "30余万元"), a loop
for the charts, and the official document format of GB/T 9704-2012 in their styles: A4; margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm type area); title 方正小标宋简体 2号 (22 pt) centred;
body 仿宋_GB2312 3号 (16 pt) with a fixed 28 pt line spacing and a two-character first-line indent; first-level
headings 黑体 3号, second-level 楷体_GB2312 3号; page numbers 4号 (14 pt) 宋体 "— N —", odd pages right and even
pages left, one character in. Every font is set for East Asian text too (`w:eastAsia`), so Word and WPS show
it. A test checks that the shipped files carry every placeholder this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"

OPENING = (
    "{{ s1 }}认真按照中央、{{ s2 }}委和市委关于发展壮大村级集体经济的部署和要求，坚持组织引领、因地制宜、市场主导、稳妥推进的原则，"
    "把发展壮大村级集体经济作为推进乡村振兴的重要举措，通过“四动”齐抓增强村级集体经济发展动力活力，实现村级集体经济高质量发展。"
    "目前，全区{{ s3 }}村（社区）集体经济年收入{% if below %}有{{ below }}个尚未达到{{ s4 }}以上的目标"
    "{% else %}全部达到{{ s4 }}以上的目标{% endif %}。其中，年收入{{ band1 }}以上的村（社区）{{ s5 }}，占{{ s6 }}；"
    "年收入{{ band2 }}以上的村（社区）{{ s7 }}，占{{ s8 }}。"
)
PARTS = [
    ("一、高位推动，整合力量促发展",
     "通过完善规划、两委推动、配强人员、加强考核等举措，自上而下推进村级集体经济各项工作。",
     [("一是健全完善规划，", "研究制定《{{ s9 }}发展壮大村级集体经济三年规划》，明确近三年的发展目标，同时每年结合实际制定具体可行的区、镇、"
       "村（社区）三级实施方案，确保村级集体经济高效发展。"),
      ("二是“两委”牵头推动，", "区每周例会专门听取村级集体经济工作进度情况汇报，及时分析研究和推进解决发展中遇到的困难和问题，"
       "{{ since }}共研究解决问题{{ s10 }}，推动{{ s11 }}村（社区）增收{{ s12 }}。"),
      ("三是配足配强人员，", "制定《{{ s13 }}发展壮大村级集体经济工作领导小组工作规则》，及时充实区发展壮大村级集体经济工作领导小组，"
       "并从党群、财政、农村等部门挑选精兵强将，努力提高村级集体经济工作实效。"),
      ("四是倒逼压实责任。", "将发展村级集体经济纳入书记抓基层党建述职评议考核主要内容和抓党建促乡村振兴、促乡村振兴成效的重要指标，"
       "有效发挥各基层党组织书记“关键少数”作用，带头推进集体经济攻坚。")]),
    ("二、党建驱动，夯实堡垒促提质",
     "坚持抓规范、抓整治、抓管理、抓培训，切实建强村（社区）党组织这一拉动村级集体经济发展的“火车头”。",
     [("一是深化“党支部规范建设攻坚”。", "细化量化建设清单，全面推进村（社区）党组织标准化规范化建设。目前，全区{{ s14 }}村（社区）"
       "党组织中获评为市级五星级党组织{{ s15 }}、四星级党组织{{ s16 }}、三星级党组织{{ s17 }}；打造了{{ s18 }}、{{ s19 }}以及"
       "{{ s20 }}等一批村（社区）党建品牌。"),
      ("二是整治软弱涣散基层党组织。", "结合开展{{ s21 }}主题教育，在全区开展软弱涣散基层党组织整顿工作，目前排查出的{{ s22 }}"
       "村（社区）党委已完成整顿销号工作，村（社区）党组织组织力进一步提升。"),
      ("三是开展“两委”干部任职审查。", "定期开展村（社区）“两委”换届“回头看”，今年年初区、镇两级分别对全区{{ s23 }}村（社区）"
       "干部进行了任职资格审查，并对有违法记录的{{ s24 }}村（社区）干部进行了会商处理，做到了应清尽清。"),
      ("四是加强农村党员培训力度。", "分类分层次开展农村党员大培训，目前已开展{{ s25 }}，轮训{{ s26 }}村（社区）干部和{{ s27 }}"
       "农村党员，为打好村级集体经济发展攻坚战培养储备了后备力量。")]),
    ("三、部门齐动，集智聚力促振兴", "",
     [("一是建立联动机制，", "区发展壮大村级集体经济工作领导小组各成员单位定期召开联席会议，共同对各村（社区）集体经济发展问题"
       "进行分析研判，精准施策，逐一破解发展难题。{{ since }}，共召开联席会议{{ s28 }}，共推进解决问题{{ s29 }}，推动{{ s30 }}"
       "村（社区）增收{{ s31 }}。"),
      ("二是深化工作考核，", "印发了专项考核工作方案，将村（社区）干部的业绩考核、奖惩与基层党建、乡村振兴、集体经济等中心工作挂钩，"
       "{{ last_year }}年度共评选出优秀村（社区）书记{{ s32 }}、优秀村（社区）干部{{ s33 }}，激发了村（社区）干部工作积极性。"),
      ("三是开展攻坚行动。", "坚持“抓两头、促中间”工作思路，由组织部、财政局、农村工作局等部门牵头，共同谋划推进一批村级集体经济"
       "项目建设。其中，组织系统牵头的{{ s34 }}中央扶持壮大村级集体经济项目将于年底前建成，预计帮助{{ s35 }}村（社区）每年分别获得"
       "{{ s36 }}以上的收益；财政系统牵头的{{ s37 }}集体经济试点村（社区）项目已基本建成。今年申报的{{ s38 }}村级集体经济试点项目和"
       "{{ s39 }}{{ s40 }}扶持壮大村级集体经济项目正按照要求加快推进建设。同时，区、镇、村（社区）三级共同开展村级集体经济经营合同"
       "清理工作，经过村（社区）自查、镇级初审、区级联审，共排查清理不规范不合理合同{{ s41 }}。")]),
    ("四、督导催动，精准指导促落实", "",
     [("一是抓好基层党建巡回督导，", "把基层党组织抓村级集体经济发展作为党建督导的重要内容，落实“红黑榜”制度，切实督促基层党组织"
       "特别是村（社区）党组织把发展村级集体经济作为重大工作加以推进。坚持每季度到各镇街、各村（社区）开展督导调研，{{ since }}，"
       "分别会同区财政局、住建局、生态环境分局、农业农村局、自然资源局{{ s42 }}分局、各镇街等部门开展多次村级集体经济调研。8月份制定印发"
       "《{{ s43 }}{{ year }}年发展壮大村级集体经济百日攻坚行动方案》，在全区大力开展村级集体经济百日攻坚行动。"),
      ("二是强力推进“两周一督查”。", "今年10月份起，区发展壮大村级集体经济工作领导小组组织{{ s44 }}督导组，以座谈了解、实地查看、"
       "查阅资料等方式，每两周对各村（社区）集体经济发展进度进行督查、指导和通报，有效推动集体经济各项工作落地见效。截至{{ as_of }}，"
       "共开展了{{ s45 }}专项督导，推动解决问题{{ s46 }}。")]),
]

BRIEF = [
    ("一、问题整改", "",
     [("", "{{ period }}（截至{{ as_of }}），全区新交办问题{{ raised }}个，销号{{ closed }}个；截至{{ as_of }}未销号{{ open_end }}个，"
       "其中逾期{{ overdue }}个。")]),
    ("二、会议调度", "",
     [("", "召开每周例会{{ weekly_held }}次，研究解决问题{{ s10 }}，推动{{ s11 }}村（社区）增收{{ s12 }}；召开联席会议{{ s28 }}，"
       "推进解决问题{{ s29 }}，推动{{ s30 }}村（社区）增收{{ s31 }}。")]),
    ("三、督导推进", "",
     [("", "组织{{ s44 }}督导组，开展专项督导{{ s45 }}，推动解决问题{{ s46 }}。")]),
]


def _fonts(rpr_owner, east_asia: str, size_pt: float, *, bold: bool = False, latin: str = LATIN) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = rpr_owner.font
    font.name = latin
    font.size = Pt(size_pt)
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner.element, "get_or_add_rPr") else rpr_owner._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _run_fonts(run, east_asia: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def _page_number(footer, align) -> None:
    """— PAGE — in 宋体 4号, one character in from the outer edge."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = footer.paragraphs[0]
    p.alignment = align
    p.paragraph_format.left_indent = Pt(14) if align == 0 else None
    p.paragraph_format.right_indent = Pt(14) if align == 2 else None

    def text(t: str) -> None:
        _run_fonts(p.add_run(t), PAGE_FONT, 14)

    text("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        _run_fonts(run, PAGE_FONT, 14)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif instr.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)
        else:
            run.text = instr
    text(" —")


def build(title: str, parts: list, path: Path, *, opening: str | None) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits 7 mm below the type area
    doc.settings.odd_and_even_pages_header_footer = True

    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, 16)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32)  # two characters of 3号
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    styles = {"Title": (TITLE_FONT, 22), "Heading 1": (H1_FONT, 16), "Heading 2": (H2_FONT, 16)}
    for name, (east, size) in styles.items():
        style = doc.styles[name]
        _fonts(style, east, size)
        spf = style.paragraph_format
        spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spf.line_spacing = Pt(28 if name != "Title" else 36)
        spf.space_before = spf.space_after = Pt(0)
        spf.first_line_indent = Pt(0) if name == "Title" else Pt(32)
        spf.keep_with_next = True
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Title"].paragraph_format.space_after = Pt(28)
    caption = doc.styles["Caption"]
    _fonts(caption, BODY_FONT, 14)
    caption.font.italic = False
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)

    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    doc.add_paragraph(title, style="Title")
    if opening:
        doc.add_paragraph(opening)
    for heading, intro, items in parts:
        doc.add_paragraph(heading, style="Heading 1")
        if intro:
            doc.add_paragraph(intro)
        for lead, text in items:
            p = doc.add_paragraph()
            if lead:
                _run_fonts(p.add_run(lead), H2_FONT, 16)
            p.add_run(text)
    if opening:
        doc.add_paragraph("汇报完毕。")
    doc.add_paragraph("{%p if charts %}")
    doc.add_paragraph("附图", style="Heading 1")
    doc.add_paragraph("{%p for c in charts %}")
    pic = doc.add_paragraph("{{ c.image }}")
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.first_line_indent = Pt(0)
    pic.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    doc.add_paragraph("{{ c.caption }}", style="Caption")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def main(out: Path = HERE) -> list[Path]:
    return [build("{{ title }}", PARTS, out / "work-report.docx", opening=OPENING),
            build("{{ title }}", BRIEF, out / "work-brief.docx", opening=None)]


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
