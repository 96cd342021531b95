"""Roster import: all or nothing, errors by row and column, upsert by code, idempotent, .xlsx and .csv."""

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from models.audit import AuditEvent
from models.db import session_scope
from models.org import Contact, Village
from models.records import IncomeRecord, PlanTarget

from .conftest import EXAMPLES

HEADERS = ["镇街", "村社区", "类型", "编码", "2021年集体经济收入(万元)", "2022年集体经济收入(万元)", "2023年目标(万元)",
           "书记", "手机", "状态"]
GOOD = [
    ["青山镇", "安宝村", "村", "330101001", 8.5, 10.2, 11.0, "王伟", "13900001111", "正常"],
    ["青山镇", "长春村", "村", "330101002", 15, 21.05, 23.0, "李芳", "13900002222", "正常"],
    ["东城街道", "大东社区", "社区", "330107001", 6, 7.5, 8.0, "张敏", "", "正常"],
]


def xlsx(path: Path, headers, rows) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def count(url, model) -> int:
    with session_scope(url) as s:
        return s.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def incomes(url) -> dict:
    with session_scope(url) as s:
        rows = s.execute(sa.select(Village.code, IncomeRecord.year, IncomeRecord.amount_yuan)
                         .join(Village, Village.id == IncomeRecord.village_id)).all()
    return {(c, y): a for c, y, a in rows}


def test_good_file(cli, district_db, tmp_path):
    out = cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--by", "测试")
    assert "新增村（社区）3 个" in out.output
    assert incomes(district_db) == {("330101001", 2021): 85_000, ("330101001", 2022): 102_000,
                               ("330101002", 2021): 150_000, ("330101002", 2022): 210_500,
                               ("330107001", 2021): 60_000, ("330107001", 2022): 75_000}
    with session_scope(district_db) as s:
        kinds = dict(s.execute(sa.select(Village.code, Village.kind)).all())
        secretary = s.execute(sa.select(Contact.name, Contact.mobile).where(Contact.unit == "village:330101002")).one()
    assert kinds["330107001"] == "community" and kinds["330101001"] == "village"
    assert tuple(secretary) == ("李芳", "13900002222")
    assert count(district_db, PlanTarget) == 3


def test_example_roster_loads_in_full(example_db):
    assert count(example_db, Village) == 150
    assert count(example_db, IncomeRecord) == 300
    assert count(example_db, PlanTarget) == 450


def test_several_bad_rows_all_reported_nothing_written(cli, district_db, tmp_path):
    rows = [
        GOOD[0],
        ["青山镇", "", "村", "330101003", 8, 9, 10, "", "", "正常"],  # no village name
        ["青山镇", "红星村", "村", "330101004", "八万", 9, 10, "", "", "正常"],  # not an amount
        ["北京镇", "金锦村", "村", "330101005", 8, 9, 10, "", "", "正常"],  # unknown town
        ["青山镇", "康乐村", "村", "330101001", 8, 9, 10, "", "", "正常"],  # duplicate code
        ["青山镇", "联龙村", "镇", "330101006", 8, 9, 10, "", "123", "作废"],  # kind, mobile, status
    ]
    out = cli("roster", "import", xlsx(tmp_path / "bad.xlsx", HEADERS, rows), "--by", "测试", code=1)
    err = out.error
    assert "未写入任何内容" in err
    assert "row 3, column '村社区'" in err and "必填项为空" in err
    assert "row 4, column '2021年集体经济收入(万元)'" in err and "'八万'" in err
    assert "row 5, column '镇街'" in err and "'北京镇' 不是本区的镇街" in err
    assert "row 6, column '编码'" in err and "已在第 2 行使用" in err
    assert "row 7, column '类型'" in err and "row 7, column '手机'" in err and "row 7, column '状态'" in err
    assert count(district_db, Village) == 0 and count(district_db, IncomeRecord) == 0


def test_unknown_and_unitless_columns(cli, district_db, tmp_path):
    headers = ["镇街", "村社区", "编码", "2022年集体经济收入", "人口"]
    out = cli("roster", "import", xlsx(tmp_path / "c.xlsx", headers, [["青山镇", "安宝村", "1", 5, 100]]),
              "--by", "测试", code=1)
    assert "column D '2022年集体经济收入'" in out.error and "金额列须注明单位" in out.error
    assert "column E '人口'" in out.error and "未知的列" in out.error


def test_numeric_codes_and_yuan_amounts(cli, district_db, tmp_path):
    headers = ["town", "village", "code", "income_2022_yuan", "target_2023_wan", "secretary", "mobile"]
    rows = [["青山镇", "安宝村", 330101001, 102345, 11.5, "王伟", 13900001111],
            ["青山镇", "长春村", 330101002.0, 210000.0, 23, "", ""]]
    cli("roster", "import", xlsx(tmp_path / "n.xlsx", headers, rows), "--by", "测试")
    assert incomes(district_db) == {("330101001", 2022): 102_345, ("330101002", 2022): 210_000}
    out = cli("roster", "show", "--json")
    data = json.loads(out.output)
    assert [d["code"] for d in data] == ["330101001", "330101002"]
    assert data[0]["mobile"] == "13900001111" and data[1]["target_yuan"] is None


def test_fraction_of_a_yuan_refused(cli, district_db, tmp_path):
    rows = [["青山镇", "安宝村", "村", "1", 8.123456, 9, 10, "", "", ""]]
    out = cli("roster", "import", xlsx(tmp_path / "f.xlsx", HEADERS, rows), "--by", "测试", code=1)
    assert "精确到元" in out.error


def test_reimport_changes_nothing_and_changed_income_updates_that_year_only(cli, district_db, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", HEADERS, GOOD)
    cli("roster", "import", path, "--by", "测试")
    events = count(district_db, AuditEvent)
    again = cli("roster", "import", path, "--by", "测试")
    assert "新增村（社区）0 个，更新 0 个，未变 3 个；写入收入 0 条、目标 0 条" in again.output
    assert count(district_db, AuditEvent) == events
    changed = [list(r) for r in GOOD]
    changed[1][5] = 22.0  # 2022 income of 330101002
    cli("roster", "import", xlsx(tmp_path / "r2.xlsx", HEADERS, changed), "--by", "测试")
    now = incomes(district_db)
    assert now[("330101002", 2022)] == 220_000 and now[("330101002", 2021)] == 150_000
    assert count(district_db, IncomeRecord) == 6


def test_absent_village_reported_not_deleted(cli, district_db, tmp_path):
    cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--by", "测试")
    out = cli("roster", "import", xlsx(tmp_path / "r2.xlsx", HEADERS, GOOD[:2]), "--by", "测试")
    assert "1 个在册村（社区）不在此文件中" in out.output and "330107001" in out.output
    assert count(district_db, Village) == 3


def test_deactivate(cli, district_db, tmp_path):
    cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--by", "测试")
    cli("roster", "deactivate", "330101002", "--reason", "并入安宝村", "--by", "测试")
    with session_scope(district_db) as s:
        v = s.execute(sa.select(Village).where(Village.code == "330101002")).scalar_one()
        event = s.execute(sa.select(AuditEvent).where(AuditEvent.entity_id == "330101002")).scalar_one()
    assert not v.active and v.deactivated_reason == "并入安宝村"
    assert (event.action, event.from_state, event.to_state, event.actor) == ("deactivate", "active", "inactive", "测试")
    assert [d["code"] for d in json.loads(cli("roster", "show", "--json").output)] == ["330101001", "330107001"]
    assert len(json.loads(cli("roster", "show", "--json", "--inactive").output)) == 3
    assert "已撤并" in cli("roster", "deactivate", "330101002", "--reason", "x", "--by", "t", code=1).error
    assert "没有这个编码的村（社区）" in cli("roster", "deactivate", "999", "--reason", "x", "--by", "t", code=1).error
    # re-importing a file that still lists it as 正常 reactivates it, with an audit event
    out = cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--by", "测试")
    assert "已恢复：330101002" in out.output


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv(cli, district_db, tmp_path, encoding):
    path = tmp_path / "r.csv"
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        w.writerows(GOOD)
    cli("roster", "import", path, "--by", "测试")
    assert incomes(district_db)[("330101002", 2022)] == 210_500
    shown = {d["village"] for d in json.loads(cli("roster", "show", "--json").output)}
    assert shown == {"安宝村", "长春村", "大东社区"}


def test_dry_run_writes_nothing(cli, district_db, tmp_path):
    out = cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--dry-run")
    assert "3 行均有效" in out.output
    assert count(district_db, Village) == 0


def test_unreadable_and_missing_files(cli, district_db, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not a workbook")
    assert "无法读取文件" in cli("roster", "import", tmp_path / "x.xlsx", code=1).error
    assert "文件不存在" in cli("roster", "import", tmp_path / "none.xlsx", code=1).error
    assert "不支持的文件类型" in cli("roster", "import", EXAMPLES / "district.toml", code=1).error


def test_mobile_without_secretary_refused(cli, district_db, tmp_path):
    rows = [["青山镇", "安宝村", "村", "1", 8, 9, 10, "", "13900001111", ""]]
    out = cli("roster", "import", xlsx(tmp_path / "m.xlsx", HEADERS, rows), "--by", "测试", code=1)
    assert "row 2, column '手机'" in out.error and "secretary" in out.error


def test_commands_before_init_say_so(cli, home):
    assert "请先运行 `dudao init`" in cli("roster", "show", code=1).error


def test_shipped_roster_matches_its_generator(tmp_path):
    import importlib.util

    from adapters.sheets import read_table

    spec = importlib.util.spec_from_file_location("make_roster", EXAMPLES / "make_roster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = read_table(module.write(tmp_path / "roster.xlsx"))
    shipped = read_table(EXAMPLES / "roster.xlsx")
    assert fresh.headers == shipped.headers and fresh.rows == shipped.rows


# ---- the use cases on a unit of work (what the commands above call) ---------------------------------------

def _work(url, cfg, **kw):
    from domain.unit_of_work import unit_of_work

    from .conftest import AT

    return unit_of_work(as_of=AT, actor="测试", config=cfg, url=url, **kw)


def test_set_up_ledger_migrates_loads_and_imports_once(home, example_cfg):
    from adapters.sheets import read_table
    from config.settings import get_settings
    from domain.roster import district_summary, set_up_ledger

    url = get_settings().db_url
    roster = read_table(EXAMPLES / "roster.xlsx")
    with _work(url, example_cfg, check_schema=False) as uow:  # no ledger yet: the use case creates it
        first = set_up_ledger(uow, EXAMPLES / "district.toml", roster=roster)
        summary = district_summary(uow, 2022)
    assert first.villages_created == 150
    assert (summary.towns, summary.subdistricts, summary.villages + summary.communities) == (6, 4, 150)
    assert summary.targets and all(t.villages and t.total_yuan for t in summary.targets.values())
    assert [c.key for c in summary.cycles] == [c.key for c in example_cfg.cycles]
    with _work(url, example_cfg) as uow:
        again = set_up_ledger(uow, EXAMPLES / "district.toml", roster=roster)
        assert set_up_ledger(uow, EXAMPLES / "district.toml") is None  # the config alone
    assert (again.villages_created, again.villages_unchanged, again.changed) == (0, 150, False)


@pytest.mark.sqlite_only
def test_a_bad_roster_leaves_no_ledger_behind(home, example_cfg, tmp_path):
    from adapters.sheets import read_table
    from config.errors import InputError
    from config.settings import get_settings
    from domain.roster import set_up_ledger

    url = get_settings().db_url
    bad = read_table(xlsx(tmp_path / "bad.xlsx", HEADERS, [["无此镇", "安宝村", "村", "1", 1, 1, 1, "", "", ""]]))
    with pytest.raises(InputError, match="未写入任何内容"), _work(url, example_cfg, check_schema=False) as uow:
        set_up_ledger(uow, EXAMPLES / "district.toml", roster=bad)
    from models.migrate import current

    assert current(url) is None  # validated before the migration ran


def test_import_roster_dry_run_and_deactivate(district_db, example_cfg, tmp_path):
    from adapters.sheets import read_table
    from config.errors import InputError
    from domain.roster import deactivate_village, import_roster, list_roster

    roster = read_table(xlsx(tmp_path / "r.xlsx", HEADERS, GOOD))
    with _work(district_db, example_cfg) as uow:
        dry = import_roster(uow, roster, dry_run=True)
    assert (dry.rows, dry.changed) == (3, False) and count(district_db, Village) == 0
    with _work(district_db, example_cfg) as uow:
        assert import_roster(uow, roster).villages_created == 3
        village = deactivate_village(uow, "330101001", reason="并入长春村")
        assert (village.name, village.active) == ("安宝村", False)
        with pytest.raises(InputError, match="已撤并"):
            deactivate_village(uow, "330101001", reason="again")
        listing = list_roster(uow, town="青山镇")
        everyone = list_roster(uow, include_inactive=True, year=2021)
    assert listing.year == 2022 and [line.village for line in listing.lines] == ["长春村"]
    assert listing.lines[0].secretary == "李芳" and listing.lines[0].income_yuan == 210_500
    assert everyone.year == 2021 and len(everyone.lines) == 3


@pytest.mark.sqlite_only
def test_dry_run_before_init_creates_no_ledger(cli, home, tmp_path):
    out = cli("roster", "import", xlsx(tmp_path / "r.xlsx", HEADERS, GOOD), "--dry-run")
    assert "3 行均有效" in out.output
    assert not (home / "dudao.db").exists()
