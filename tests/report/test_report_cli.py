"""`dudao report` on the example district (config and roster loaded): the files, --json, the slots with no
data listed with exit 0, the quarterly brief, the shipped template and a district's own."""

from __future__ import annotations

import json
import shutil
import zipfile

from docx import Document

from tests.conftest import ROOT

TEMPLATES = ROOT / "config" / "templates"


def test_json_lists_the_46_slots(cli, example_db):
    out = cli("report", "--period", "2022", "--json")
    slots = json.loads(out.output)
    assert [s["slot"] for s in slots] == list(range(1, 47))
    assert {s["kind"] for s in slots} == {"name", "figure"}
    by = {s["slot"]: s for s in slots}
    assert by[1]["value"] == "示范区" and by[2]["value"] == "示范省"
    assert by[3]["exact"] == 150 and by[3]["value"] == "150"
    assert by[6]["value"] == f"{100 * by[5]['exact'] / 150:.1f}"
    assert by[10]["value"] is None and by[10]["exact"] is None  # the roster alone holds no meeting: no data
    assert all(set(s) == {"slot", "kind", "definition", "value", "exact"} for s in slots)


def test_report_writes_the_files_and_lists_what_has_no_data(cli, example_db, tmp_path):
    out = cli("report", "--period", "2022", "--out", tmp_path / "r.docx", "--explain", tmp_path / "r.xlsx")
    assert (tmp_path / "r.docx").stat().st_size > 0 and (tmp_path / "r.md").exists()
    assert (tmp_path / "r.xlsx").exists()
    assert len(list(tmp_path.glob("r-*.png"))) == 3
    assert "无数据的空位" in out.output and "#10 " in out.output and "#28 " in out.output


def test_default_out_is_under_outputs(cli, example_db, home):
    cli("report", "--period", "2022")
    assert (home / "outputs" / "work-report-2022.docx").exists()


def test_the_quarterly_brief(cli, example_db, tmp_path):
    cli("report", "--period", "2022-Q4", "--out", tmp_path / "b.docx")
    doc = Document(str(tmp_path / "b.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "示范区2022年第四季度村级集体经济工作调度情况"
    assert "全区新交办问题0个" in text and "组织5个督导组" in text
    assert "召开每周例会0次，研究解决问题（无数据）" in text  # the roster alone keeps no meeting
    assert "{{" not in text and "*" not in text
    assert len(list(tmp_path.glob("b-*.png"))) == 2  # no income chart in a quarter


def test_mistakes_are_named(cli, example_db, tmp_path):
    bad = cli("report", "--period", "2022-10", code=1)
    assert "--period" in bad.error
    bad = cli("report", "--period", "2022", "--as-of", "2021-06-30", code=1)
    assert "--as-of" in bad.error
    bad = cli("report", "--period", "2022", "--out", tmp_path / "r.pdf", code=1)
    assert ".docx" in bad.error


def test_a_district_template_replaces_the_shipped_one(cli, example_db, tmp_path, monkeypatch):
    from cli import context

    own = tmp_path / "mine.docx"
    doc = Document(str(TEMPLATES / "work-report.docx"))
    doc.paragraphs[0].text = "{{ s1 }}工作汇报（{{ year }}）"
    doc.save(str(own))
    config = tmp_path / "district.toml"
    text = (ROOT / "config" / "examples" / "district.toml").read_text(encoding="utf-8")
    config.write_text(text.replace('# template = "my-work-report.docx"', 'template = "mine.docx"'), encoding="utf-8")
    shutil.copy(ROOT / "config" / "examples" / "roster.xlsx", tmp_path / "roster.xlsx")
    monkeypatch.setenv("DUDAO_CONFIG_PATH", str(config))
    context.district.cache_clear()
    from config.settings import get_settings

    get_settings.cache_clear()
    cli("report", "--period", "2022", "--out", tmp_path / "r.docx")
    assert Document(str(tmp_path / "r.docx")).paragraphs[0].text == "示范区工作汇报（2022）"


def test_a_broken_template_is_named(cli, example_db, tmp_path, monkeypatch):
    from cli import context
    from config.settings import get_settings

    own = tmp_path / "broken.docx"
    doc = Document(str(TEMPLATES / "work-report.docx"))
    doc.paragraphs[0].text = "{{ s1 "
    doc.save(str(own))
    config = tmp_path / "district.toml"
    text = (ROOT / "config" / "examples" / "district.toml").read_text(encoding="utf-8")
    config.write_text(text.replace('# template = "my-work-report.docx"', f'template = "{own}"'), encoding="utf-8")
    monkeypatch.setenv("DUDAO_CONFIG_PATH", str(config))
    context.district.cache_clear()
    get_settings.cache_clear()
    bad = cli("report", "--period", "2022", "--out", tmp_path / "r.docx", code=1)
    assert "broken.docx" in bad.error
    assert not (tmp_path / "r.docx").exists()


def test_the_shipped_templates_are_what_the_script_writes(tmp_path):
    from config.templates.make_templates import main

    for made in main(tmp_path):
        with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(TEMPLATES / made.name) as shipped:
            for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
                assert fresh.read(part) == shipped.read(part), (made.name, part)


def test_every_slot_has_a_placeholder_in_the_report_template():
    doc = Document(str(TEMPLATES / "work-report.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert all(f"{{{{ s{n} }}}}" in text for n in range(1, 47))
    assert "*" not in text.replace("{{", "").replace("}}", "")


