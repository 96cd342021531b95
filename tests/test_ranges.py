"""Every number and date has a stated range (config/limits.py), implausible values are refused, declared lengths
are enforced at the door, and database refusals a user can cause are named — exit 1, a Chinese message, the
ledger unchanged (issue 15, items 4, 5, 6 and 9)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

VILLAGE = "330101001"

# a refusal is checked on the SQLite file's bytes: a PostgreSQL ledger has no file to compare
pytestmark = pytest.mark.sqlite_only


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def ledger_bytes(home: Path) -> str:
    """The ledger file's digest, every connection closed first (WAL checkpointed)."""
    from models.db import dispose_engines

    dispose_engines()
    return hashlib.sha256((home / "dudao.db").read_bytes()).hexdigest()


@pytest.fixture
def ready(cli):
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return cli


def refused(cli, home, *args) -> str:
    """Run a command that must be refused: exit 1, a message, and the ledger byte-for-byte as it was."""
    before = ledger_bytes(home)
    result = cli(*args, code=1)
    assert result.error, result.output
    assert ledger_bytes(home) == before
    return result.error


# --- item 4: overflows -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["--due-days", "100000000"],
    ["--due-days", "0"],
    ["--income", "1000000000000000"],
    ["--income", "99999999999999999999999"],
    ["--deadline", "9999-12-31"],
    ["--deadline", "0001-01-01"],
])
def test_issue_options_out_of_range_are_refused_with_the_range(ready, home, args):
    error = refused(ready, home, "issues", "open", "--title", "台账不全", "--village", VILLAGE,
                    "--as-of", "2022-10-10", *args)
    assert args[0] in error and ("超出范围" in error or "2000" in error)


@pytest.mark.parametrize("args", [
    ["issues", "show", "99999999999999999999"],
    ["issues", "update", "9223372036854775808", "--action", "start"],
    ["notify", "retry", "99999999999999999999"],
    ["notify", "outbox", "--limit", "99999999999999999999"],
    ["history", "--limit", "0"],
    ["roster", "show", "--year", "1"],
    ["meetings", "list", "--year", "99999"],
])
def test_ids_limits_and_years_have_a_range(ready, home, args):
    assert "超出范围" in refused(ready, home, *args)


def test_meeting_settle_with_a_huge_income_or_id_is_refused(ready, home):
    issue = json.loads(ready("issues", "open", "--json", "--title", "台账不全", "--village", VILLAGE,
                             "--as-of", "2022-10-10").stdout)["id"]
    for settle in (f"{issue}=1000000000000000", "99999999999999999999", "²"):
        error = refused(ready, home, "meetings", "record", "--kind", "joint", "--date", "2022-10-20",
                        "--title", "联席会议", "--settle", settle)
        assert "--settle" in error


@pytest.mark.parametrize("period", ["0001", "9999-12", "R0001-01-01"])
def test_a_period_outside_the_years_is_refused(ready, home, period):
    assert "超出范围" in refused(ready, home, "ranking", "compute", "--period", period)


def test_sheet_cells_out_of_range_name_row_and_column(ready, home, tmp_path):
    sheet = write_csv(tmp_path / "issues.csv", [
        ["编号", "问题", "村社区编码", "整改期限", "增收(元)"],
        ["", "台账不全", VILLAGE, "9999-12-31", ""],
        ["", "账目不清", VILLAGE, "2022-11-30", "1e15"],
        ["²", "资产不明", VILLAGE, "", ""],
        ["", "合同不全", VILLAGE, "", "100000000000000000000"],
    ])
    error = refused(ready, home, "issues", "import", sheet, "--as-of", "2022-10-10")
    for row, column in ((2, "整改期限"), (3, "增收(元)"), (4, "编号"), (5, "增收(元)")):
        assert f"row {row}: {column}" in error, error


def test_visit_sheet_score_and_due_days_inf_are_refused():
    from domain.rounds.sheet import _read_row

    problems: list = []
    _read_row({"督查方式": "实地查看", "得分": "inf", "未走访原因": "", "发现问题": "", "整改时限(工作日)": ""},
              "r2", {"result": None}, problems)
    get = {"督查方式": "", "得分": "", "未走访原因": "", "发现问题": "台账不全", "整改时限(工作日)": "inf"}
    _read_row({**get, **{k: "" for k in ("责任单位", "问题类别")}}, "r3", {"result": None}, problems)
    assert [p.where for p in problems] == ["r2: 得分", "r3: 整改时限(工作日)"], problems


def test_meeting_sheet_huge_numbers_and_dates_name_the_row(ready, home, tmp_path):
    sheet = write_csv(tmp_path / "meetings.csv", [
        ["会议日期", "会议类型", "会议名称", "事项", "问题编号", "村(社区)编码", "问题", "整改期限(工作日)",
         "增收(元)"],
        ["0001-01-01", "联席会议", "第一次", "提出", "", VILLAGE, "台账不全", "5", ""],
        ["2022-10-28", "联席会议", "第二次", "提出", "", VILLAGE, "账目不清", "100000000", ""],
        ["2022-10-28", "联席会议", "第二次", "销号", "99999999999999999999", "", "", "", "1e15"],
    ])
    error = refused(ready, home, "meetings", "import", sheet)
    assert "row 2: 会议日期" in error and "row 3: 整改期限（工作日）" in error and "row 4: 问题编号" in error


def test_roster_income_beyond_the_range_is_refused(ready, home, tmp_path):
    sheet = write_csv(tmp_path / "roster.csv", [
        ["镇街", "村社区", "编码", "2022年集体经济收入(元)"],
        ["青山镇", "顺乐村", VILLAGE, "1e15"],
    ])
    error = refused(ready, home, "roster", "import", sheet)
    assert "row 2" in error or "第 2 行" in error


# --- item 5: implausible values -------------------------------------------------------------------------------------

@pytest.mark.parametrize("period", ["2023-05", "2023", "2099", "R2023-01-02"])
def test_publishing_a_period_that_has_not_begun_is_refused(ready, home, period):
    error = refused(ready, home, "ranking", "publish", "--period", period, "--as-of", "2022-10-25", "--by", "组织科")
    assert "--period" in error


def test_a_future_period_is_refused_by_the_use_case_too(example_db, example_cfg):
    from config.errors import InputError
    from domain.calendar import parse_period
    from domain.ranking import publish_period
    from domain.unit_of_work import unit_of_work
    from tests.conftest import AT

    with pytest.raises(InputError, match="尚未开始"), \
            unit_of_work(as_of=AT, actor="测试", config=example_cfg, url=example_db) as uow:
        publish_period(uow, parse_period("2023-05"))


# --- item 9: declared lengths ---------------------------------------------------------------------------------------

def test_a_long_acting_user_is_refused_at_the_door(ready, home):
    error = refused(ready, home, "issues", "open", "--title", "台账不全", "--village", VILLAGE, "--by", "张" * 5000)
    assert "--by" in error and "64" in error


def test_a_long_village_name_in_a_roster_is_refused_with_its_row(ready, home, tmp_path):
    sheet = write_csv(tmp_path / "roster.csv", [["镇街", "村社区", "编码"], ["青山镇", "村" * 10_000, "330101999"]])
    error = refused(ready, home, "roster", "import", sheet)
    assert "64" in error and "10,000" in error


def test_a_long_calendar_note_is_refused(ready, home):
    error = refused(ready, home, "calendar", "set", "2027-10-08", "workday", "--note", "注" * 300, "--by", "组织科")
    assert "200" in error


def test_a_long_title_through_any_door_is_refused_before_the_database(ready, home):
    error = refused(ready, home, "issues", "open", "--title", "题" * 300, "--village", VILLAGE, "--by", "组织科")
    assert "200" in error and "title" in error


def test_declared_length_is_read_from_the_model():
    from models.db import declared_length, length_problem
    from models.org import Village

    assert declared_length(Village.name) == 64
    assert length_problem(Village.name, "村" * 64) is None
    assert "65" in length_problem(Village.name, "村" * 65)


# --- item 6: database refusals a user can cause ---------------------------------------------------------------------

def test_a_village_renamed_onto_another_villages_name_is_named(ready, home, tmp_path):
    listing = json.loads(ready("roster", "show", "--json").stdout)
    rows = listing["villages"] if isinstance(listing, dict) else listing
    a, b = next((x, y) for x in rows for y in rows
                if x["town"] == y["town"] and x["code"] != y["code"])
    sheet = write_csv(tmp_path / "roster.csv", [["镇街", "村社区", "编码"], [a["town"], b["village"], a["code"]]])
    error = refused(ready, home, "roster", "import", sheet)
    assert b["village"] in error and b["code"] in error and "UNIQUE" not in error


def test_a_ledger_that_is_a_folder_is_named_by_init_too(cli, home):
    (home / "dudao.db").mkdir(parents=True)
    result = cli("init", code=1)
    assert "账本" in result.error and str(home / "dudao.db") in result.error


def test_a_postgresql_url_without_its_driver_is_named_by_init(cli, home, monkeypatch):
    monkeypatch.setenv("DUDAO_DATABASE_URL", "postgresql+nodriver://dudao:secret@127.0.0.1:1/dudao")
    result = cli("init", code=1)
    assert "缺少数据库驱动" in result.error and "secret" not in result.error
