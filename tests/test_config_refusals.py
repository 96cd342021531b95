"""`config check` refuses configs that cannot work (issue 15, item 8): each case names the key path and why."""

from __future__ import annotations

import re

import pytest

from config.district import load_district_config
from config.errors import ConfigError

from .test_config import MINIMAL, write

SECOND_CYCLE = """
[[cycles]]
key = "{key}"
kind = "ranking"
trigger = "after:{after}"
"""


def problems(tmp_path, text: str) -> str:
    with pytest.raises(ConfigError) as err:
        load_district_config(write(tmp_path, text))
    return str(err.value)


def test_after_loop_of_two_cycles_is_refused(tmp_path):
    text = MINIMAL + SECOND_CYCLE.format(key="a", after="b") + SECOND_CYCLE.format(key="b", after="a")
    found = problems(tmp_path, text)
    assert "a → b → a" in found and "循环" in found


def test_after_loop_of_three_cycles_is_refused_once(tmp_path):
    text = MINIMAL + "".join(SECOND_CYCLE.format(key=k, after=a) for k, a in (("a", "b"), ("b", "c"), ("c", "a")))
    found = problems(tmp_path, text)
    assert found.count("形成循环") == 1 and "a → b → c → a" in found


def test_a_chain_that_ends_in_a_scheduled_cycle_is_fine(tmp_path):
    text = MINIMAL + SECOND_CYCLE.format(key="a", after="biweekly-inspection") + SECOND_CYCLE.format(key="b", after="a")
    assert load_district_config(write(tmp_path, text)).cycle("b").after == "a"


def test_a_town_every_team_must_avoid_is_refused(tmp_path):
    text = MINIMAL.replace('leader = { name = "乙组长" }', 'leader = { name = "乙组长", home_town = "甲镇" }')
    found = problems(tmp_path, text)
    assert "甲镇" in found and "回避" in found


def test_daily_capacity_true_is_not_one(tmp_path):
    found = problems(tmp_path, MINIMAL + "\n[inspection]\ndaily_capacity = true\n")
    assert "inspection.daily_capacity" in found


def test_a_huge_default_due_days_is_refused(tmp_path):
    found = problems(tmp_path, MINIMAL + "\n[issues]\ndefault_due_days = 99999999999999999999\n")
    assert "issues.default_due_days" in found


def test_default_due_days_beyond_its_range_names_the_range(tmp_path):
    found = problems(tmp_path, MINIMAL + "\n[issues]\ndefault_due_days = 100000\n")
    assert "issues.default_due_days" in found and "500" in found


def test_an_escalation_to_an_unknown_target_is_refused(tmp_path):
    text = MINIMAL + '\n[issues]\nescalation = [{ overdue_days = 3, notify = "mayor" }]\n'
    found = problems(tmp_path, text)
    assert "issues.escalation[0].notify" in found and "'mayor'" in found


def test_escalation_to_fixed_audiences_and_configured_units_is_fine(tmp_path):
    text = MINIMAL + ('\n[issues]\nescalation = [{ overdue_days = 1, notify = "town-leader" }, '
                      '{ overdue_days = 2, notify = "office" }, { overdue_days = 3, notify = "team:team-a" }]\n')
    assert len(load_district_config(write(tmp_path, text)).issues.escalation) == 3


def test_a_negative_income_band_is_refused(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('code = "D9"', 'code = "D9"\nincome_bands_yuan = [-100000, 200000]'))
    assert "district.income_bands_yuan[0]" in found


def test_a_mobile_that_is_not_a_mobile_is_refused(tmp_path):
    text = MINIMAL.replace('leader = { name = "组长" }', 'leader = { name = "组长", mobile = "12345" }')
    found = problems(tmp_path, text)
    assert "teams[0](team-a).leader.mobile" in found


def test_a_rule_that_never_occurs_is_refused(tmp_path):
    found = problems(tmp_path, MINIMAL.replace("BYDAY=MO", "BYDAY=MO;COUNT=0"))
    assert "cycles[0](biweekly-inspection).trigger" in found and "COUNT=0" in found


def test_a_date_outside_the_years_is_refused(tmp_path):
    found = problems(tmp_path, MINIMAL + '\n[campaign]\nstart = 0001-01-01\n')
    assert "campaign.start" in found and "2000" in found


def test_a_utf8_file_with_a_bom_loads(tmp_path):
    path = tmp_path / "district.toml"
    path.write_bytes("\ufeff".encode() + MINIMAL.encode())
    assert load_district_config(path).district.name == "测试区"


def test_config_check_exits_1_naming_the_key(cli, tmp_path):
    path = write(tmp_path, MINIMAL + "\n[inspection]\ndaily_capacity = true\n")
    result = cli("config", "check", path, code=1)
    assert "inspection.daily_capacity" in result.error


def test_a_team_removed_from_the_config_is_not_planned(example_db, example_cfg):
    from domain.rounds.plan import team_inputs
    from models.db import session_scope

    fewer = example_cfg.model_copy(update={"teams": example_cfg.teams[1:]})
    with session_scope(example_db) as session:
        assert {t.key for t in team_inputs(session, example_cfg)} == {t.key for t in example_cfg.teams}
        assert {t.key for t in team_inputs(session, fewer)} == {t.key for t in example_cfg.teams[1:]}


def test_pydantic_refusals_are_told_in_chinese(tmp_path):
    """pydantic's own errors (a wrong type, a value out of its choices, a bad pattern, a missing key) reach
    `config check` in Chinese with the value given, the key path kept as written."""
    text = (MINIMAL.replace('name = "乙组"', 'name = 42').replace('key = "team-b"', 'key = "Team B"')
            .replace('kind = "inspection_round"', 'kind = "fortnightly"')
            + '\n[inspection]\ndaily_capacity = "many"\n')
    err = problems(tmp_path, text)
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(lines) >= 4, err
    assert "teams[1](Team B).name" in err and "应为字符串（实际为 42）" in err
    assert "teams[1](Team B).key" in err and "格式不符" in err
    assert "cycles[0](biweekly-inspection).kind" in err and "应为以下之一" in err and "'fortnightly'" in err
    assert "inspection.daily_capacity" in err and "应为整数（实际为 'many'）" in err
    for line in lines:
        message = line.rsplit(": ", 1)[-1]
        assert re.search(r"[\u4e00-\u9fff]", message), line
        assert "should" not in message and "Input" not in message, line


def test_every_pydantic_error_type_we_name_reads_chinese():
    from config.errors import _PYDANTIC, validation_message

    for kind in _PYDANTIC:
        message = validation_message({"type": kind, "msg": "Input should be x", "input": "v", "ctx": {}})
        assert re.search(r"[\u4e00-\u9fff]", message) and "should" not in message, (kind, message)
    unknown = validation_message({"type": "something_new", "msg": "Something new", "input": 1})
    assert unknown.startswith("取值无效") and "Something new" in unknown

