"""The plans ledger: the example plans load and load again changing nothing, bad rows are all named, progress
by town is computed from the roster's incomes against the year's targets (implementation plan first)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from adapters.sheets import read_table
from config.errors import InputError
from models.db import session_scope
from models.org import Town, Village
from models.plans import Plan, PlanGoal
from models.records import IncomeRecord
from tests.party.conftest import LOADED, PARTY, count, sheet, work


def load_plans(cfg, url, path=PARTY / "plans.xlsx", at=LOADED):
    from domain.plans import import_plans

    with work(cfg, url, at) as uow:
        return import_plans(uow, read_table(path))


def test_the_example_plans_load_and_load_again_changing_nothing(example_db, example_cfg):
    rows = read_table(PARTY / "plans.xlsx").rows
    first = load_plans(example_cfg, example_db)
    assert len(first.goals.created) == len(rows) == count(example_db, PlanGoal)
    assert len(first.plans.created) == len({v[0] for _, v in rows}) == count(example_db, Plan)
    again = load_plans(example_cfg, example_db, at=LOADED.replace(hour=16))
    assert again.goals.unchanged == len(rows) and not again.goals.created and not again.goals.updated
    assert again.plans.unchanged == count(example_db, Plan)


def test_bad_plan_rows_are_all_named_and_nothing_is_written(example_db, example_cfg, tmp_path):
    headers = read_table(PARTY / "plans.xlsx").headers
    ok = ["GH", "三年规划", "规划", 2022, 2024, "区", "镇", "T01", 2022, "10万元以上村数", 5]
    rows = [ok,
            ["GH", "三年规划", "另一个名称", 2022, 2024, "区", "镇", "T02", 2022, "10万元以上村数", 5],
            ["GH", "三年规划", "规划", 2022, 2024, "区", "镇", "T01", 2025, "10万元以上村数", 5],
            ["GH", "三年规划", "规划", 2022, 2024, "区", "村", "T01", 2022, "集体经济收入（元）", 5],
            ["GH", "三年规划", "规划", 2022, 2024, "区", "村", "330101001", 2022, "10万元以上村数", 5],
            ["GH", "五年规划", "规划", 2022, 2024, "区", "镇", "T09", 2022, "满意度", "很多"]]
    with pytest.raises(InputError) as err:
        load_plans(example_cfg, example_db, sheet(tmp_path / "p.xlsx", headers, rows))
    assert [p.where.removeprefix("p.xlsx ") for p in err.value.problems] == [
        "第4行 “年度”", "第5行 “单位编码”", "第6行 “指标”", "第7行 “方案类型”", "第7行 “指标”", "第7行 “目标值”",
        "第3行 “方案名称”"]
    assert count(example_db, Plan) == count(example_db, PlanGoal) == 0


def test_progress_by_town_is_computed_from_the_rosters_incomes(example_db, example_cfg):
    from domain.plans import plan_progress

    load_plans(example_cfg, example_db)
    with session_scope(example_db) as s:
        incomes = s.execute(sa.select(Town.code, IncomeRecord.amount_yuan).join(Village, Village.town_id == Town.id)
                            .join(IncomeRecord, IncomeRecord.village_id == Village.id)
                            .where(IncomeRecord.year == 2022, Village.active)).all()
        goals = s.execute(sa.select(Plan.kind, PlanGoal.unit, PlanGoal.metric, PlanGoal.target)
                          .join(Plan, Plan.id == PlanGoal.plan_id).where(PlanGoal.year == 2022)).all()
    annual = {(u, str(m)): t for k, u, m, t in goals if k == "annual"}
    three = {(u, str(m)): t for k, u, m, t in goals if k == "three_year"}
    with work(example_cfg, example_db, LOADED) as uow:
        rows = plan_progress(uow, 2022)
    by = {(r.unit, r.metric): r for r in rows}
    for town in {t for t, _ in incomes}:
        amounts = [a for t, a in incomes if t == town]
        total = by[(town, "集体经济收入（元）")]
        assert total.actual == sum(amounts)
        assert total.target == annual.get((town, "income_yuan"), three.get((town, "income_yuan")))
        assert total.source == ("年度实施方案" if (town, "income_yuan") in annual else "三年规划")
        assert total.rate == round(sum(amounts) / total.target, 3)
        assert by[(town, "10万元以上村数")].actual == sum(a >= 100_000 for a in amounts)
        assert by[(town, "最低收入（元）")].actual == min(amounts)
    district = by[("D01", "20万元以上村数")]
    assert district.actual == sum(a >= 200_000 for _, a in incomes)
    assert district.target == three[("D01", "villages_200k")]
