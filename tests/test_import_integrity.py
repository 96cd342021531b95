"""Imports that silently dropped or doubled rows: now each is read as written, or refused with row and column."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from adapters.sheets import cell_day, read_table
from config.errors import InputError
from tests.conftest import EXAMPLES


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def ready(cli):
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return cli


def issues(cli) -> list[dict]:
    return json.loads(cli("issues", "list", "--json").stdout)


def test_meetings_read_the_half_width_headers_the_issue_sheet_uses(ready, tmp_path):
    cli = ready
    a = json.loads(cli("issues", "open", "--json", "--title", "台账不全", "--village", "330101001",
                       "--as-of", "2022-10-10").stdout)["id"]
    sheet = write_csv(tmp_path / "meetings.csv", [
        ["会议日期", "会议类型", "会议名称", "事项", "问题编号", "村(社区)编码", "问题", "整改期限(工作日)",
         "增收(元)"],
        ["2022-10-28", "联席会议", "第三次联席会议", "销号", a, "", "", "", "120000"],
        ["2022-10-28", "联席会议", "第三次联席会议", "提出", "", "330103001", "冷库闲置", "15", ""]])
    (meeting,) = json.loads(cli("meetings", "import", sheet, "--json", "--by", "测试").stdout)
    (raised,) = meeting["raised"]
    shown = {i["id"]: i for i in issues(cli)}
    assert shown[a]["status"] == "closed" and shown[a]["income_added_yuan"] == 120_000
    assert shown[raised]["deadline"] == "2022-11-18"  # 15 working days from 10-28, not the default


def test_the_same_issue_sheet_imported_twice_opens_its_issues_once(ready, tmp_path):
    cli = ready
    header = ["编号", "镇街", "村社区编码", "问题", "类别", "整改期限"]
    sheet = write_csv(tmp_path / "台账.csv", [header,
                                            ["", "青山镇", "330101001", "公开栏未更新", "财务管理", "2022-10-21"],
                                            ["", "青山镇", "330101002", "合同未备案", "合同管理", "2022-10-21"]])
    first = json.loads(cli("issues", "import", sheet, "--as-of", "2022-10-12", "--json").stdout)
    again = json.loads(cli("issues", "import", sheet, "--as-of", "2022-10-13", "--json").stdout)
    assert len(first["opened"]) == 2 and again["opened"] == [] and sorted(again["already"]) == sorted(first["opened"])
    assert len(issues(cli)) == 2
    row = ["", "青山镇", "330101003", "账目不清", "财务管理", "2022-10-21"]
    doubled = write_csv(tmp_path / "doubled.csv", [header, row, row])
    failed = cli("issues", "import", doubled, "--as-of", "2022-10-12", code=1)
    assert f"{doubled} row 3" in failed.error and "第 2 行" in failed.error
    assert len(issues(cli)) == 2


def test_a_meeting_sheet_with_a_row_twice_is_refused(ready, tmp_path):
    cli = ready
    row = ["2022-10-28", "联席会议", "第三次联席会议", "提出", "", "330103001", "冷库闲置"]
    header = ["会议日期", "会议类型", "会议名称", "事项", "问题编号", "村（社区）编码", "问题"]
    sheet = write_csv(tmp_path / "m.csv", [header, row, row])
    failed = cli("meetings", "import", sheet, "--by", "测试", code=1)
    assert "m.csv row 3" in failed.error and "第 2 行" in failed.error
    assert issues(cli) == []


def test_two_columns_for_one_field_are_refused_not_one_dropped(tmp_path):
    from domain.roster.sheet import parse_roster

    rows = [["镇街", "村社区", "编码", "2022年集体经济收入(万元)", "income_2022_yuan"],
            ["青山镇", "顺乐村", "330101001", "10", "200000"]]
    with pytest.raises(InputError) as err:
        parse_roster(read_table(write_csv(tmp_path / "r.csv", rows)))
    assert "income_2022_yuan" in str(err.value) and "2022年集体经济收入(万元)" in str(err.value)
    same = [["镇街", "村社区", "编码", "问题", "问题"], ["青山镇", "顺乐村", "330101001", "甲", "乙"]]
    with pytest.raises(InputError) as err:
        read_table(write_csv(tmp_path / "same.csv", same))
    assert "问题" in str(err.value) and "D" in str(err.value) and "E" in str(err.value)


def test_working_days_and_dates_are_read_exactly(ready, tmp_path):
    cli = ready
    sheet = write_csv(tmp_path / "m.csv", [
        ["会议日期", "会议类型", "事项", "村（社区）编码", "问题", "整改期限（工作日）"],
        ["2022-10-28", "联席会议", "提出", "330103001", "冷库闲置", "2.9"]])
    failed = cli("meetings", "import", sheet, "--by", "测试", code=1)
    assert "m.csv row 2: 整改期限（工作日）" in failed.error and "2.9" in failed.error
    for text in ("2022-10-12 junk", "2022/10/12 星期三", "2022-10-12Tomorrow"):
        with pytest.raises(ValueError):
            cell_day(text)
    assert cell_day("2022-10-12 00:00:00") == cell_day("2022-10-12T09:30") == date(2022, 10, 12)


def test_a_sheet_row_cannot_close_an_issue_nobody_submitted(ready, tmp_path):
    cli = ready
    a = json.loads(cli("issues", "open", "--json", "--title", "台账不全", "--village", "330101001",
                       "--as-of", "2022-10-10").stdout)["id"]
    sheet = write_csv(tmp_path / "台账.csv", [["编号", "问题", "状态"], [a, "台账不全", "已销号"]])
    failed = cli("issues", "import", sheet, "--as-of", "2022-10-12", code=1)
    assert "row 2: 状态" in failed.error and "待验收" in failed.error
    assert issues(cli)[0]["status"] == "open"
    submitted = write_csv(tmp_path / "s.csv", [["编号", "问题", "状态", "提交整改日期"],
                                               [a, "台账不全", "待验收", "2022-10-11"]])
    cli("issues", "import", submitted, "--as-of", "2022-10-12")
    cli("issues", "import", sheet, "--as-of", "2022-10-13")  # verified as its own step
    assert issues(cli)[0]["status"] == "closed"
