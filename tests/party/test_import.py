"""Each ledger's import: the example sheet loads, a sheet with several bad rows names every one and writes
nothing, loading it again changes nothing (no row, no audit event, no message)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from adapters.sheets import read_table
from config.errors import InputError
from models.audit import AuditEvent
from models.db import session_scope
from models.issues import Issue
from models.outbox import OutboxMessage
from models.party import (
    CadreReview,
    ExcellentCadre,
    OrgRating,
    PartyBrand,
    PartyOrg,
    SecretaryAssessment,
    TrainingAttendance,
    TrainingSession,
    WeakDesignation,
)
from tests.party.conftest import FILES, LOADED, PARTY, count, load, sheet, work

MODELS = {"orgs": PartyOrg, "ratings": OrgRating, "weak": WeakDesignation, "brands": PartyBrand,
          "reviews": CadreReview, "assessments": SecretaryAssessment, "excellent": ExcellentCadre,
          "sessions": TrainingSession, "attendance": TrainingAttendance}

# per ledger: rows with several mistakes, and the (row, column) each must be named by
BAD = {
    "orgs": ([["999999999", "某村党支部", "党支部", "", ""], ["330101001", "", "党小组", "", "-3"],
              ["330101002", "青山镇某村党支部", "", "", ""], ["330101002", "重复", "", "", ""]],
             ["第2行 “村（社区）编码”", "第3行 “党组织名称”", "第3行 “组织类型”", "第3行 “党员数”", "第5行"]),
    "ratings": ([["330101001", 2022, "六星", "市级", ""], ["330101002", "", "五星", "省级", "2022-13-01"]],
                ["第2行 “星级”", "第3行 “年度”", "第3行 “评定层级”", "第3行 “评定日期”"]),
    "weak": ([["330101001", 2022, "2022-03-15", "", "张明", "", "2022-10-03", ""],
              ["330101002", 2022, "2021-12-01", "问题", "李红", "", "", 10],
              ["330101003", 2022, "2022-03-15", "问题", "", "", "2022-10-10", 10]],
             ["第2行 “主要问题”", "第2行 “整顿期限”", "第3行 “认定日期”", "第4行 “联系区领导”"]),
    "brands": ([["", "330101001", 2022, 1], ["某品牌", "nope", 2022, 2]],
               ["第2行 “品牌名称”", "第3行 “村（社区）编码”"]),
    "reviews": ([[2022, "市级", "330101001", "张三", "", "2022-01-10", "通过", "", "", "", ""],
                 [2022, "区级", "330101001", "李四", "", "2022-01-10", "符合任职条件", "", "", "罢免", "2022-02-01"],
                 [2022, "镇级", "330101001", "王五", "", "2022-01-10", "有违法记录", "", "", "罢免", ""]],
                ["第2行 “审查层级”", "第3行 “会商处理结果”", "第4行 “处理日期”"]),
    "assessments": ([[2021, "330101001", "", "好", ""], [2021, "330101002", "某某", "优", ""]],
                    ["第2行 “书记姓名”", "第3行 “等次”"]),
    "excellent": ([[2021, "先进", "330101001", "某某", ""], ["", "优秀书记", "330101002", "某某", ""]],
                  ["第2行 “类别”", "第3行 “考核年度”"]),
    "sessions": ([["PX-1", "培训", "讲座", "区委组织部", "2022-03-01", "", "", ""],
                  ["PX-2", "培训", "轮训", "", "2022-03-01", "2022-02-01", "十", ""]],
                 ["第2行 “培训类型”", "第3行 “主办单位”", "第3行 “村（社区）干部人次”"]),
    "attendance": ([["PX9999", "村干部", "330101001", "某某"], ["PX2022-01", "领导", "330101001", ""]],
                   ["第2行 “期次编号”", "第3行 “身份”", "第3行 “姓名”"]),
}


def test_the_example_sheets_load_and_load_again_changing_nothing(example_db, example_cfg):
    first = load(example_cfg, example_db)
    for kind, done in first.items():
        rows = len(read_table(PARTY / FILES[kind]).rows)
        assert len(done.synced.created) == rows == count(example_db, MODELS[kind]), kind
    assert len(first["weak"].issues) == count(example_db, WeakDesignation)
    before = {m: count(example_db, m) for m in (AuditEvent, Issue, OutboxMessage)}
    again = load(example_cfg, example_db, at=LOADED.replace(hour=15))
    for kind, done in again.items():
        assert not done.synced.created and not done.synced.updated, kind
        assert done.synced.unchanged == count(example_db, MODELS[kind])
    assert {m: count(example_db, m) for m in before} == before


def test_a_changed_row_is_updated_by_its_natural_key_with_one_audit_event(party_db, example_cfg, tmp_path):
    from domain.party import import_party_sheet

    table = read_table(PARTY / FILES["ratings"])
    headers, rows = table.headers, [list(v) for _, v in table.rows]
    rows[0][2] = "四星" if rows[0][2] != "四星" else "五星"
    events = count(party_db, AuditEvent)
    with work(example_cfg, party_db, LOADED) as uow:
        done = import_party_sheet(uow, "ratings", read_table(sheet(tmp_path / "r.xlsx", headers, rows)))
    assert (len(done.synced.created), len(done.synced.updated), done.synced.unchanged) == (0, 1, len(rows) - 1)
    assert count(party_db, OrgRating) == len(rows)
    assert count(party_db, AuditEvent) == events + 1


@pytest.mark.parametrize("kind", list(BAD))
def test_a_sheet_with_several_bad_rows_names_them_all_and_writes_nothing(example_db, example_cfg, tmp_path, kind):
    from domain.party import import_party_sheet

    prerequisites = {"ratings": ["orgs"], "weak": ["orgs"], "brands": ["orgs"], "attendance": ["sessions"]}
    load(example_cfg, example_db, prerequisites.get(kind, []))
    headers = read_table(PARTY / FILES[kind]).headers
    rows, expected = BAD[kind]
    path = sheet(tmp_path / f"{kind}.xlsx", headers, rows)
    before = {m: count(example_db, m) for m in (MODELS[kind], AuditEvent, Issue, OutboxMessage)}
    with work(example_cfg, example_db, LOADED) as uow, pytest.raises(InputError) as err:
        import_party_sheet(uow, kind, read_table(path))
    named = [p.where.removeprefix(f"{kind}.xlsx ") for p in err.value.problems]
    assert named == expected, err.value
    assert {m: count(example_db, m) for m in before} == before


def test_good_rows_beside_a_bad_one_are_not_written_either(example_db, example_cfg, tmp_path):
    from domain.party import import_party_sheet

    table = read_table(PARTY / FILES["orgs"])
    rows = [list(v) for _, v in table.rows[:10]] + [["330101001x", "某党支部", "", "", ""]]
    with work(example_cfg, example_db, LOADED) as uow, pytest.raises(InputError) as err:
        import_party_sheet(uow, "orgs", read_table(sheet(tmp_path / "o.xlsx", table.headers, rows)))
    assert [p.where for p in err.value.problems] == ["o.xlsx 第12行 “村（社区）编码”"]
    assert count(example_db, PartyOrg) == 0


def test_the_shipped_example_sheets_are_what_the_script_writes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_party", PARTY.parent / "make_party.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.write(tmp_path):
        fresh, shipped = read_table(path), read_table(PARTY / path.name)
        assert fresh.headers == shipped.headers and fresh.rows == shipped.rows, path.name


def test_every_active_village_has_one_organisation_in_the_example(party_db):
    from models.org import Village

    with session_scope(party_db) as s:
        villages = s.scalar(sa.select(sa.func.count()).select_from(Village).where(Village.active))
        orgs = s.scalar(sa.select(sa.func.count(sa.distinct(PartyOrg.village_id))).where(PartyOrg.active))
    assert villages == orgs
