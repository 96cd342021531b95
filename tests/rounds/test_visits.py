"""Recording visits through the CLI and through a filled-in sheet; bad input is named and writes nothing."""

from __future__ import annotations

import json

import pytest

from tests.rounds.conftest import ROUND, ledger_counts, team_visits


def fill_sheet(src, dst, edit):
    """Load the sheet written by `dudao rounds sheet`, let `edit(ws)` change it, save it as a coordinator would."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    edit(wb.active)
    wb.save(dst)
    return dst


def cols(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def test_record_through_the_cli(cli, planned):
    first = team_visits(planned, "team-1")[0]
    code, town = first.village, first.town
    out = cli("visits", "record", ROUND, code, "--methods", "座谈了解、实地查看", "--score", "86",
              "--finding", "合同未备案", "--owner", "镇", "--category", "合同管理",
              "--finding", "资产台账不全", "--owner", "department:finance", "--due-days", "5", "--by", "第一督导组",
              "--json")
    report = json.loads(out.stdout)
    assert report["recorded"] == [code] and len(report["findings"]) == 2
    shown = json.loads(cli("rounds", "show", ROUND, "--team", "team-1", "--json").stdout)
    visit = next(v for v in shown["visits"] if v["village"] == code)
    assert (visit["status"], visit["score"], visit["methods"]) == ("done", 86, ["座谈了解", "实地查看"])
    assert [(f["text"], f["owner"], f["category"]) for f in visit["findings"]] == [
        ("合同未备案", f"town:{town_code(planned, town)}", "合同管理"),
        ("资产台账不全", "department:finance", "合同管理")]  # one --category applies to all
    again = cli("visits", "record", ROUND, code, "--methods", "座谈了解,实地查看", "--score", "86",
                "--finding", "合同未备案", "--owner", "镇", "--category", "合同管理",
                "--finding", "资产台账不全", "--owner", "department:finance", "--due-days", "5", "--json")
    assert json.loads(again.stdout)["unchanged"] == [code]  # the same result again changes nothing
    changed = cli("visits", "record", ROUND, code, "--methods", "座谈了解", "--score", "70", code=1)
    assert "记录了不同的结果" in changed.error


def town_code(url, name):
    import sqlalchemy as sa

    from models.db import session_scope
    from models.org import Town

    with session_scope(url) as s:
        return s.execute(sa.select(Town.code).where(Town.name == name)).scalar_one()


def test_not_visited_with_reason(cli, planned):
    code = team_visits(planned, "team-2")[0].village
    cli("visits", "record", ROUND, code, "--not-visited", "村两委换届选举")
    shown = json.loads(cli("rounds", "show", ROUND, "--json").stdout)
    visit = next(v for v in shown["visits"] if v["village"] == code)
    assert (visit["status"], visit["reason"], visit["score"]) == ("not_visited", "村两委换届选举", None)


@pytest.mark.parametrize(("args", "expected"), [
    (["R2022-10-11", "{v}", "--methods", "座谈了解", "--score", "80"], "ROUND R2022-10-11: 未安排该轮次"),
    (["2022-10-10", "{v}", "--methods", "座谈了解", "--score", "80"], "应为 R<发生日>"),
    ([ROUND, "999999", "--methods", "座谈了解", "--score", "80"], "花名册中没有村（社区）编码 '999999'"),
    ([ROUND, "{v}", "--methods", "座谈了解", "--score", "101"], "101 超出范围：得分须在 0 至 100 之间"),
    ([ROUND, "{v}", "--methods", "座谈了解", "--score", "-1"], "-1 超出范围：得分须在 0 至 100 之间"),
    ([ROUND, "{v}", "--methods", "座谈了解", "--score", "80", "--finding", "账目不清"], "没有责任单位"),
    ([ROUND, "{v}", "--methods", "座谈了解", "--score", "80", "--finding", "账目不清", "--owner", "火星局"],
     "责任单位 '火星局' 不是已知的单位"),
    ([ROUND, "{v}", "--methods", "走马观花", "--score", "80"], "未知的督查方式 走马观花"),
    ([ROUND, "{v}", "--score", "80"], "没有督查方式"),
    ([ROUND, "{v}", "--methods", "座谈了解"], "没有评分"),
    ([ROUND, "{v}", "--not-visited", "下雨", "--score", "80"], "不能两者都给"),
    ([ROUND, "{v}", "--not-visited", "下雨", "--finding", "x", "--owner", "镇"], "不能有发现问题"),
])
def test_bad_input_is_named_and_nothing_is_written(cli, planned, args, expected):
    code = team_visits(planned, "team-3")[0].village
    before = ledger_counts(planned)
    result = cli("visits", "record", *(a.format(v=code) for a in args), code=1)
    assert expected in result.error
    assert ledger_counts(planned) == before


def test_a_closed_round_takes_no_results(cli, planned, prefect_api):
    cli("rounds", "close", ROUND)
    code = team_visits(planned, "team-1")[0].village
    before = ledger_counts(planned)
    result = cli("visits", "record", ROUND, code, "--methods", "座谈了解", "--score", "80", code=1)
    assert "已结束" in result.error
    assert ledger_counts(planned) == before


def test_sheet_round_trip(cli, planned, tmp_path):
    cli("rounds", "sheet", ROUND, "--team", "team-4", "--out", tmp_path / "t4.xlsx")
    rows = team_visits(planned, "team-4")

    def fill(ws):
        c = cols(ws)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c["督查方式"], "座谈了解、查阅资料")
            ws.cell(r, c["得分"], 60 + r)
        ws.cell(2, c["发现问题"], "项目进度滞后")
        ws.cell(2, c["责任单位"], "区农业农村局")
        ws.cell(2, c["问题类别"], "项目建设")
        ws.cell(3, c["得分"]).value = None
        ws.cell(3, c["督查方式"]).value = None
        ws.cell(3, c["未走访原因"], "道路施工")
        ws.append([ws.cell(2, i).value for i in range(1, 8)] + [None, None, None, "账目公开不及时", "村", None, 3])

    filled = fill_sheet(tmp_path / "t4.xlsx", tmp_path / "t4-filled.xlsx", fill)
    report = json.loads(cli("visits", "import", filled, "--json").stdout)[0]
    assert len(report["recorded"]) == len(rows) and len(report["findings"]) == 2
    again = json.loads(cli("visits", "import", filled, "--json").stdout)[0]
    assert len(again["unchanged"]) == len(rows) and again["recorded"] == []
    shown = json.loads(cli("rounds", "show", ROUND, "--team", "team-4", "--json").stdout)["visits"]
    by_code = {v["village"]: v for v in shown}
    first = by_code[rows[0].village]
    assert [f["text"] for f in first["findings"]] == ["项目进度滞后", "账目公开不及时"]
    assert [f["owner"] for f in first["findings"]] == ["department:agriculture", f"village:{rows[0].village}"]
    assert by_code[rows[1].village]["reason"] == "道路施工"


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda ws, c: ws.delete_rows(5), "缺少行"),
    (lambda ws, c: ws.append(["R2022-10-10", "team-4", "青山镇", "999999", "无名村", "2022-10-10"]), "多出的行"),
    (lambda ws, c: ws.cell(4, c["督查日期"], "2022-10-31"), "row 4: 行被改动：督查日期"),
    (lambda ws, c: ws.cell(4, c["镇街"], "火星镇"), "row 4: 行被改动：镇街"),
    (lambda ws, c: ws.cell(4, c["督导组"], "team-1"), "row 4: 行被改动：督导组"),
    (lambda ws, c: ws.cell(6, c["得分"], 120), "row 6: 得分: 120 超出范围"),
    (lambda ws, c: ws.cell(6, c["得分"], "优"), "row 6: 得分"),
    (lambda ws, c: ws.cell(7, c["发现问题"], "无台账"), "row 7: '无台账' 没有责任单位"),
    (lambda ws, c: ws.cell(1, c["得分"], "分数"), "列 得分"),
    (lambda ws, c: ws.cell(8, c["轮次"], "R2099-01-05"), "row 8: 轮次 'R2099-01-05'"),
])
def test_bad_sheet_is_named_and_nothing_is_written(cli, planned, tmp_path, edit, expected):
    cli("rounds", "sheet", ROUND, "--team", "team-4", "--out", tmp_path / "t4.xlsx")

    def fill(ws):
        c = cols(ws)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c["督查方式"], "实地查看")
            ws.cell(r, c["得分"], 90)
        edit(ws, c)

    filled = fill_sheet(tmp_path / "t4.xlsx", tmp_path / "bad.xlsx", fill)
    before = ledger_counts(planned)
    result = cli("visits", "import", filled, code=1)
    assert expected in result.error, result.error
    assert "未写入任何内容" in result.error or "列" in result.error
    assert ledger_counts(planned) == before


def test_sheet_for_unknown_team_or_round(cli, planned, tmp_path):
    assert "没有这个督导组" in cli("rounds", "sheet", ROUND, "--team", "team-9", "--out", tmp_path / "x.xlsx",
                                 code=1).error
    assert "没有这个轮次" in cli("rounds", "sheet", "R2022-10-11", "--team", "team-1", "--out",
                                  tmp_path / "x.xlsx", code=1).error
    assert not (tmp_path / "x.xlsx").exists()


def test_a_finding_due_in_a_fraction_of_a_working_day_is_refused_not_cut(cli, planned, tmp_path):
    cli("rounds", "sheet", ROUND, "--team", "team-4", "--out", tmp_path / "t4.xlsx")

    def fill(ws):
        c = cols(ws)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c["督查方式"], "座谈了解")
            ws.cell(r, c["得分"], 80)
        ws.cell(2, c["发现问题"], "项目进度滞后")
        ws.cell(2, c["整改时限(工作日)"], 2.9)

    before = ledger_counts(planned)
    failed = cli("visits", "import", fill_sheet(tmp_path / "t4.xlsx", tmp_path / "bad.xlsx", fill), code=1)
    assert "bad.xlsx row 2: 整改时限(工作日)" in failed.error and "2.9" in failed.error
    assert ledger_counts(planned) == before
