"""The bulletin (通报): every figure against the recorded rows; the .docx in Chinese fonts; closing is idempotent."""

from __future__ import annotations

from datetime import datetime

from config.dates import DISTRICT_TZ
from tests.rounds.bulletin_check import check_bulletin
from tests.rounds.conftest import ROUND, ledger_counts, work

RECORDED_AT = datetime(2022, 10, 21, 17, 0, tzinfo=DISTRICT_TZ)
CLOSED_AT = datetime(2022, 10, 24, 9, 0, tzinfo=DISTRICT_TZ)


def record_some(url, cfg):
    """A deterministic mix: most visits scored, some with findings, a few not visited, some not reported."""
    from domain.rounds import FindingInput, VisitResult, record_visits, round_visits

    with work(url, cfg, at=RECORDED_AT) as uow:
        rows = round_visits(uow, ROUND)
        results = []
        for i, visit in enumerate(rows):
            if i % 10 == 9:
                continue  # not reported
            if i % 17 == 3:
                results.append(VisitResult(visit.village, reason="村干部外出培训"))
                continue
            findings = (FindingInput("合同未备案", "镇", "合同管理"),) if i % 6 == 0 else ()
            findings += (FindingInput("资产台账不全", "村", "资产管理"),) if i % 8 == 0 else ()
            results.append(VisitResult(visit.village, ("座谈了解", "查阅资料"), 60 + (i * 7) % 41, findings=findings))
        record_visits(uow, ROUND, results=results)


def test_bulletin_figures_match_the_recorded_rows(planned, example_cfg, home):
    from domain.rounds import close_round

    record_some(planned, example_cfg)
    with work(planned, example_cfg, at=CLOSED_AT) as uow:
        closed = close_round(uow, ROUND, outputs_dir=home / "outputs")
    assert closed.created and closed.markdown.parent == home / "outputs" / "bulletins"
    exp = check_bulletin(planned, ROUND, closed.markdown, closed.docx)
    assert exp["missed"] and exp["new"]  # the check covered both tables
    text = closed.markdown.read_text(encoding="utf-8")
    assert text.startswith("# 示范区两周一督查通报（R2022-10-10）")
    assert f"已督查{closed.figures.total.done}个" in text


def test_docx_sets_east_asian_fonts(planned, example_cfg, home):
    from docx import Document
    from docx.oxml.ns import qn

    from domain.rounds import close_round

    with work(planned, example_cfg, at=CLOSED_AT) as uow:
        closed = close_round(uow, ROUND)
    assert closed.docx.parent == home / "outputs" / "bulletins"  # the settings' outputs by default
    doc = Document(str(closed.docx))
    fonts = {name: doc.styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) for name in ("Normal", "Heading 1")}
    assert fonts == {"Normal": "仿宋", "Heading 1": "黑体"}
    assert doc.paragraphs[0].text == "示范区两周一督查通报（R2022-10-10）"


def test_close_notifies_towns_and_leadership_once(planned, example_cfg, home, cli, prefect_api):
    import sqlalchemy as sa

    from models.db import session_scope
    from models.outbox import OutboxMessage

    out = cli("rounds", "close", ROUND, "--by", "测试")
    assert "已结束 R2022-10-10" in out.output
    assert "两周一督查结束后：红黑榜 2022-10-10 Completed" in out.output
    before = ledger_counts(planned)
    again = cli("rounds", "close", ROUND)
    assert "已结束过" in again.output and ledger_counts(planned) == before
    with session_scope(planned) as s:
        msgs = s.execute(sa.select(OutboxMessage).where(OutboxMessage.rule == "bulletin")).scalars().all()
    assert sorted(m.recipient for m in msgs) == ["leadership", *sorted(f"town:T{i:02d}" for i in range(1, 11))]
    assert all(m.payload["attachments"][0].endswith("R2022-10-10-督查通报.docx") for m in msgs)
    town = next(m for m in msgs if m.recipient == "town:T01")
    assert town.payload["text"].startswith("R2022-10-10督查通报：青山镇应督查")


def test_closing_a_round_closes_its_occurrence_even_without_followers(planned, example_cfg, home):
    from datetime import date

    from domain.cycles.runs import begin_run, find_run
    from domain.rounds import close_round
    from models.db import session_scope

    occurrence, at = date(2022, 10, 10), datetime(2022, 10, 24, 9, tzinfo=DISTRICT_TZ)
    with session_scope(planned) as s:
        begin_run(s, cycle="biweekly-inspection", occurrence=occurrence, as_of=at, flow_run_id=None,
                  flow_run_name=None, at=at)
    cfg = example_cfg.model_copy(update={"cycles": [c for c in example_cfg.cycles if not c.after]})
    with work(planned, cfg, at=at) as uow:
        close_round(uow, ROUND, outputs_dir=home / "outputs")
    with session_scope(planned) as s:
        assert find_run(s, "biweekly-inspection", occurrence).closed_at == at

