"""The contract clean-up (合同清理): the sheet in (good, bad, again, changed), the three-level review with
working-day deadlines across National Day 2022, reminders and overdue notices each sent once, the clean-up by
rectification (an issue, cleaned when it closes) or termination, and the year's figures."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.ledgers.conftest import EXAMPLES, at, count, outbox, table, write_sheet

VILLAGE = "330101001"  # 青山镇 (T01)


def headers(cfg):
    from domain.contracts.sheet import headers as contract_headers

    return contract_headers(cfg.contracts)


def row(h: list[str], **cells) -> list[object]:
    base = {"合同编号": "HT-T-01", "村（社区）编码": VILLAGE, "承包方": "某某农业发展有限公司", "合同标的": "鱼塘承包",
            "合同金额（元）": 300000, "年租金（元）": 30000, "签订日期": "2018-03-01", "起始日期": "2018-03-01",
            "终止日期": "2028-02-28", "清理启动日期": "2022-09-20"}
    base.update(cells)
    return [base.get(c) for c in h]


def test_example_sheet_imports_and_again_changes_nothing(work, example_db):
    from domain.contracts import contract_figures, import_contracts
    from models.audit import AuditEvent
    from models.contracts import Contract, ContractReview
    from models.issues import Issue

    sheet = table(EXAMPLES / "contracts.xlsx")
    with work(at(2022, 11, 30, 10)) as uow:
        first = import_contracts(uow, sheet)
        figures = contract_figures(uow, 2022)
    assert len(first.created) == len(sheet.rows) == count(example_db, Contract)
    assert count(example_db, ContractReview) == 3 * len(sheet.rows)
    col = {h: i for i, h in enumerate(sheet.headers)}
    cleaned = [v for _, v in sheet.rows if v[col["清理完成日期"]]]
    rectified = [v for _, v in sheet.rows if v[col["清理方式"]] == "整改"]
    assert figures.cleaned == len(cleaned) > 0  # the report's slot #41
    assert figures.non_compliant == len([v for _, v in sheet.rows if "不合规" in v])
    assert len(first.issues_opened) == len(rectified) == count(example_db, Issue, Issue.source == "contract")
    events, issues = count(example_db, AuditEvent), count(example_db, Issue)
    with work(at(2022, 11, 30, 15)) as uow:
        again = import_contracts(uow, sheet)
    assert (again.created, again.changed, again.unchanged, again.issues_opened) == ([], {}, len(sheet.rows), [])
    assert (count(example_db, AuditEvent), count(example_db, Issue)) == (events, issues)


def test_a_sheet_with_bad_rows_names_each_and_writes_nothing(work, example_db, example_cfg, tmp_path):
    from config.errors import InputError
    from domain.contracts import import_contracts
    from models.contracts import Contract

    h = headers(example_cfg)
    rows = [row(h),
            row(h, **{"合同编号": "HT-B-1", "村（社区）编码": "999999999"}),
            row(h, **{"合同编号": "HT-B-2", "村级自查完成日期": "2022-09-22", "村级自查结论": "合规",
                      "村级自查问题类型": "未备案"}),
            row(h, **{"合同编号": "HT-B-3", "村级自查完成日期": "2022-09-22", "村级自查结论": "不合规"}),
            row(h, **{"合同编号": "HT-B-4", "镇级初审完成日期": "2022-09-23", "镇级初审结论": "合规"}),
            row(h, **{"合同编号": "HT-B-5", "村级自查完成日期": "2022-09-22", "村级自查结论": "合规",
                      "清理方式": "终止", "清理完成日期": "2022-09-23"}),
            row(h, **{"合同编号": "HT-B-6", "签订日期": "去年", "年租金（元）": "三万",
                      "村级自查完成日期": "2022-09-22", "村级自查结论": "不合规", "村级自查问题类型": "看着不顺眼"}),
            row(h)]  # the same contract twice
    with work(at(2022, 9, 30)) as uow, pytest.raises(InputError) as err:
        import_contracts(uow, table(write_sheet(tmp_path / "bad.xlsx", h, rows)))
    where = [p.where for p in err.value.problems]
    for n, column in ((3, "村（社区）编码"), (4, "村级自查问题类型"), (5, "村级自查问题类型"), (6, "镇级初审完成日期"),
                      (7, "清理方式"), (8, "签订日期"), (8, "年租金（元）"), (8, "村级自查问题类型"), (9, "合同编号")):
        assert f"bad.xlsx 第{n}行: {column}" in where, (n, column, where)
    assert count(example_db, Contract) == 0


def test_review_deadlines_cross_national_day_and_each_notice_goes_once(work, example_db, example_cfg, tmp_path,
                                                                       channels_at_sink):
    """Self-check: 10 working days from Tuesday 2022-09-20 end on Sunday 10-09 (a make-up working day, after
    国庆 10-01..07 and the working Saturday 10-08). Reminder 2 working days before: 09-30; overdue on 10-10."""
    from domain.contracts import contract_detail, import_contracts, record_review, sweep_contracts
    from domain.outbox import deliver_outbox

    with work(at(2022, 9, 20, 10)) as uow:
        h = headers(example_cfg)
        import_contracts(uow, table(write_sheet(tmp_path / "c.xlsx", h, [row(h)])))
        detail = contract_detail(uow, "HT-T-01")
    assert [(s["stage"], s["owner"], s["deadline"]) for s in detail.stages] == [
        ("self-check", f"village:{VILLAGE}", date(2022, 10, 9)), ("town-review", "town:T01", None),
        ("joint-review", "department:rural-work", None)]
    item = "contract:HT-T-01:self-check"
    queued = {}
    for day in ((9, 29), (9, 30), (10, 8), (10, 9), (10, 10), (10, 11)):
        with work(at(2022, *day)) as uow:
            s = sweep_contracts(uow)
            deliver_outbox(uow)
        queued[day] = (s.reminders_queued, s.overdue_queued)
    assert queued == {(9, 29): (0, 0), (9, 30): (1, 0), (10, 8): (0, 0), (10, 9): (0, 0), (10, 10): (0, 1),
                      (10, 11): (0, 0)}
    assert outbox(example_db, item) == [
        (f"village:{VILLAGE}", item, "contract-remind", "2022-10-09", "sent"),
        (f"village:{VILLAGE}", item, "contract-overdue", "2022-10-09", "sent")]
    posts = [p.body for p in channels_at_sink.posts if "HT-T-01" in p.body]
    assert len(posts) == 2 and "【合同清理提醒】" in posts[0] and "【合同清理逾期】" in posts[1]
    with work(at(2022, 10, 11, 10)) as uow:
        record_review(uow, "HT-T-01", "村级自查", result="合规", reasons=[], done_on=date(2022, 10, 9))
        after = contract_detail(uow, "HT-T-01")
    # the town's 10 working days count from the day the self-check was done
    assert [s["deadline"] for s in after.stages] == [date(2022, 10, 9), date(2022, 10, 21), None]
    assert after.state == "审查中（镇级初审）"


def test_a_non_compliant_contract_is_cleaned_by_rectification_or_termination(work, example_db, example_cfg,
                                                                            tmp_path):
    from domain.contracts import (
        clean_contract,
        contract_detail,
        contract_figures,
        import_contracts,
        record_review,
        sweep_contracts,
    )
    from domain.issues import update_issue, verify_issue
    from models.audit import AuditEvent
    from models.issues import Issue

    h = headers(example_cfg)
    with work(at(2022, 9, 20, 10)) as uow:
        import_contracts(uow, table(write_sheet(tmp_path / "c.xlsx", h, [row(h), row(h, **{"合同编号": "HT-T-02"})])))
    for code in ("HT-T-01", "HT-T-02"):
        for stage, day in (("村级自查", 22), ("镇级初审", 26), ("区级联审", 29)):
            with work(at(2022, 9, day, 10)) as uow:
                record_review(uow, code, stage, result="不合规", reasons=["租金明显偏低", "未公开招标"])
    with work(at(2022, 9, 30, 10)) as uow:
        rectify = clean_contract(uow, "HT-T-01", outcome="rectify", added_yuan_per_year=12000)
        clean_contract(uow, "HT-T-02", outcome="terminate", cleaned_on=date(2022, 9, 30), recovered_yuan=8000)
    (issue_id,) = rectify.issues_opened
    with work(at(2022, 10, 9)) as uow:
        assert contract_detail(uow, "HT-T-01").state == "整改中"
        assert sweep_contracts(uow).cleaned == []
        update_issue(uow, issue_id, action="start")
        update_issue(uow, issue_id, action="submit")
    with work(at(2022, 10, 10, 16)) as uow:
        verify_issue(uow, issue_id, passed=True)
    with work(at(2022, 10, 11)) as uow:
        swept = sweep_contracts(uow)
        one, two = contract_detail(uow, "HT-T-01"), contract_detail(uow, "HT-T-02")
        f = contract_figures(uow, 2022)
        issue = uow.session.get(Issue, issue_id)
        source, category = issue.source, issue.category
    assert swept.cleaned == ["HT-T-01"]
    assert (one.state, one.cleaned_on, one.issue_id, one.added_yuan_per_year) == (
        "已清理（整改）", date(2022, 10, 10), issue_id, 12000)
    assert (two.state, two.cleaned_on, two.recovered_yuan) == ("已清理（终止）", date(2022, 9, 30), 8000)
    assert (source, category) == ("contract", "合同管理")
    assert (f.non_compliant, f.cleaned, f.rectified, f.terminated) == (2, 2, 1, 1)
    assert (f.recovered_yuan, f.added_yuan_per_year) == (8000, 12000)
    assert f.reasons == {"租金明显偏低": 2, "未公开招标": 2}
    with work(at(2022, 10, 12)) as uow:
        actions = uow.session.execute(sa.select(AuditEvent.action).where(
            AuditEvent.entity == "contract", AuditEvent.entity_id == "HT-T-01").order_by(AuditEvent.id)).scalars().all()
    assert actions == ["create", "update", "update", "update", "update", "clean"]


def test_cleaning_a_compliant_contract_is_refused(work, example_cfg, tmp_path):
    from config.errors import InputError
    from domain.contracts import clean_contract, import_contracts

    h = headers(example_cfg)
    with work(at(2022, 9, 30, 10)) as uow:
        import_contracts(uow, table(write_sheet(tmp_path / "c.xlsx", h, [row(h, **{
            "村级自查完成日期": "2022-09-22", "村级自查结论": "合规"})])))
    with work(at(2022, 9, 30, 11)) as uow, pytest.raises(InputError) as err:
        clean_contract(uow, "HT-T-01", outcome="terminate")
    assert "不合规" in str(err.value)


@pytest.mark.rules
def test_stage_deadlines_count_working_days_from_the_previous_stage():
    from config.ledgers import ContractRules
    from domain.calendar import WorkingCalendar
    from domain.contracts import stage_deadlines

    stages = ContractRules().stages
    cal = WorkingCalendar()
    assert stage_deadlines(date(2022, 9, 20), stages, [None, None, None], cal) == [date(2022, 10, 9), None, None]
    assert stage_deadlines(date(2022, 9, 20), stages, [date(2022, 9, 28), date(2022, 9, 30), None], cal) == [
        date(2022, 10, 9), date(2022, 10, 17), date(2022, 10, 26)]


def test_cli_lists_as_json_and_shows_one(cli, example_db):
    import json

    cli("contracts", "import", str(EXAMPLES / "contracts.xlsx"), "--as-of", "2022-11-30T10:00", "--by", "组织科")
    rows = json.loads(cli("contracts", "list", "--result", "不合规", "--json", "--as-of", "2022-11-30").output)
    assert rows and all(r["verdict"] == "non_compliant" and r["reasons"] for r in rows)
    shown = cli("contracts", "show", rows[0]["code"], "--as-of", "2022-11-30")
    assert "村级自查" in shown.output and rows[0]["counterparty"] in shown.output
    figures = json.loads(cli("contracts", "figures", "--year", "2022", "--json", "--as-of", "2022-11-30").output)
    assert figures["cleaned"] == len([r for r in rows if r["cleaned_on"]])
