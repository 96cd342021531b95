"""The written report read back: the .docx (python-docx), its charts, the Markdown beside it and the explain
workbook (openpyxl), on the hand-computed fixture ledger."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from domain.report import compile_report, write_report
from domain.unit_of_work import unit_of_work
from tests.report import ledger
from tests.report.test_figures import end_of

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def written(db_url, tmp_path):
    from models.db import session_scope

    with session_scope(db_url) as s:
        ledger.build(s)
    with unit_of_work(as_of=end_of(2022, 12, 31), actor="测试", config=ledger.config(), url=db_url) as uow:
        rep = compile_report(uow, "2022")
        files = write_report(uow, rep, out=tmp_path / "out" / "report.docx", explain=tmp_path / "explain.xlsx")
    return rep, files


def test_the_docx_says_every_figure_in_its_sentence(written):
    rep, files = written
    doc = Document(str(files.docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "*" not in text and "{{" not in text and "{%" not in text
    assert doc.paragraphs[0].text == "关于发展壮大村级集体经济工作情况的汇报"
    for sentence in (
        "样板区认真按照中央、样板省委和市委",
        "全区6个村（社区）集体经济年收入有1个尚未达到5万元以上的目标",
        "年收入10万以上的村（社区）4个，占66.7％；年收入20万以上的村（社区）2个，占33.3％。",
        "《样板区发展壮大村级集体经济三年规划》",
        "今年以来共研究解决问题2个，推动1个村（社区）增收8余万元。",
        "打造了幸福小区党支部、金牛屯党支部以及乙镇“红色管家”等一批",
        "结合开展“不忘初心、牢记使命”主题教育",
        "共召开联席会议3次，共推进解决问题6个，推动4个村（社区）增收120余万元。",
        "自然资源局样板区分局",
        "《样板区2022年发展壮大村级集体经济百日攻坚行动方案》",
        "组织2个督导组",
        "共开展了2次专项督导，推动解决问题2个。",
        "全区6个村（社区）党组织中获评为市级五星级党组织2个、四星级党组织1个、三星级党组织1个；",
        "目前排查出的1个村（社区）党委已完成整顿销号工作",
        "对全区3名村（社区）干部进行了任职资格审查，并对有违法记录的1名村（社区）干部进行了会商处理",
        "目前已开展2期，轮训150多名村（社区）干部和1200多名农村党员",
        "2021年度共评选出优秀村（社区）书记2名、优秀村（社区）干部3名",
        "组织系统牵头的2个中央扶持壮大村级集体经济项目将于年底前建成，预计帮助3个村（社区）每年分别获得8万元以上的收益；"
        "财政系统牵头的1个集体经济试点村（社区）项目已基本建成。今年申报的1个村级集体经济试点项目和1个样板省扶持",
        "共排查清理不规范不合理合同2份。",
    ):
        assert sentence in text, sentence
    assert text.count("（无数据）") == sum(1 for s in rep.slots if s.value is None)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、高位推动，整合力量促发展", "二、党建驱动，夯实堡垒促提质", "三、部门齐动，集智聚力促振兴",
                        "四、督导催动，精准指导促落实", "附图"]


def test_the_docx_follows_the_official_format(written):
    _, files = written
    doc = Document(str(files.docx))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    with zipfile.ZipFile(files.docx) as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    for font in ("仿宋_GB2312", "黑体", "方正小标宋简体", "楷体_GB2312"):
        assert f'w:eastAsia="{font}"' in styles + body, font
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == 28
    assert doc.styles["Title"].font.size.pt == 22
    assert "PAGE" in footers and 'w:eastAsia="宋体"' in footers
    assert doc.settings.odd_and_even_pages_header_footer


def test_the_charts_are_non_empty_pngs_embedded_and_beside(written):
    _, files = written
    assert len(files.charts) == 3
    for png in files.charts:
        data = png.read_bytes()
        assert data.startswith(PNG) and len(data) > 5_000
    with zipfile.ZipFile(files.docx) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 3
        assert all(z.read(n).startswith(PNG) for n in media)


def test_the_markdown_beside_says_the_same(written):
    _, files = written
    md = files.markdown.read_text(encoding="utf-8")
    assert md.startswith("# 关于发展壮大村级集体经济工作情况的汇报")
    assert "共召开联席会议3次，共推进解决问题6个，推动4个村（社区）增收120余万元。" in md
    assert all(f"]({png.name})" in md for png in files.charts)
    assert "*" not in md


def test_each_explain_sheet_adds_up_to_its_figure(written):
    rep, files = written
    wb = load_workbook(files.explain, read_only=True)
    index = list(wb["索引"].iter_rows(values_only=True))
    assert index[0][:5] == ("序号", "类别", "定义", "文中写法", "精确值")
    rows = {r[0]: r for r in index[1:]}
    assert sorted(rows) == list(range(1, 47))
    checked = 0
    for s in rep.slots:
        line = rows[s.slot]
        assert line[3] == s.text
        if s.value is None:
            assert line[3] == "（无数据）" and line[4] is None
            continue
        if s.kind.value != "figure":
            continue
        sheet = wb[line[5]]
        table = list(sheet.iter_rows(values_only=True))
        headers, data = table[0], table[1:]
        if s.slot in (6, 8):  # a percentage: rows ÷ #3
            whole = rep.slot(3).exact
            assert f"{Decimal(len(data) * 100) / whole:.1f}" == s.value
        elif s.rows.measure == "count":
            assert len(data) == s.exact, s.slot
        elif s.rows.aggregate == "min":
            col = headers.index(s.rows.measure)
            assert min(r[col] for r in data) == s.exact, s.slot
        else:
            col = headers.index(s.rows.measure)
            assert sum(r[col] for r in data) == s.exact, s.slot
        assert line[6] == len(data)
        checked += 1
    assert checked == sum(1 for s in rep.slots if s.kind.value == "figure") == 35  # every figure has data here


def test_the_issue_on_both_agendas_is_listed_once_under_joint(written):
    _, files = written
    wb = load_workbook(files.explain, read_only=True)
    weekly = [r[0] for r in list(wb["10 例会解决问题"].iter_rows(values_only=True))[1:]]
    joint = [r[0] for r in list(wb["29 联席会议解决问题"].iter_rows(values_only=True))[1:]]
    assert sorted(weekly) == [1, 3] and sorted(joint) == [2, 4, 5, 7, 9, 15]
    assert not set(weekly) & set(joint)
