"""The district config: the example loads; every kind of mistake names the file, the key path and what was expected."""

from pathlib import Path

import pytest

from config.district import load_district_config
from config.errors import ConfigError

from .conftest import EXAMPLES

MINIMAL = """
[district]
code = "D9"
name = "测试区"

[[towns]]
code = "T1"
name = "甲镇"

[[teams]]
key = "team-a"
name = "甲组"
leader = { name = "组长" }
members = [{ name = "组员", home_town = "甲镇" }]

[[teams]]
key = "team-b"
name = "乙组"
leader = { name = "乙组长" }

[[cycles]]
key = "biweekly-inspection"
kind = "inspection_round"
trigger = "DTSTART:20221010T090000\\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "district.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as err:
        load_district_config(write(tmp_path, text))
    assert all(str(tmp_path) in p.where for p in err.value.problems), err.value
    return [str(p) for p in err.value.problems]


def test_example_district_loads():
    cfg = load_district_config(EXAMPLES / "district.toml")
    assert len(cfg.towns) == 10
    assert len(cfg.teams) == 5
    assert {"区财政局", "区农业农村局"} <= {d.name for d in cfg.departments}
    keys = {c.key for c in cfg.cycles}
    assert keys == {"biweekly-inspection", "quarterly-research", "hundred-day-campaign", "deadline-sweep",
                    "red-black-list", "weekly-meeting", "joint-meeting"}
    assert cfg.cycle("red-black-list").after == "biweekly-inspection"
    assert cfg.campaign.start.isoformat() == "2022-08-15"


def test_minimal_config_gets_the_default_deadline_sweep(tmp_path):
    cfg = load_district_config(write(tmp_path, MINIMAL))
    sweep = [c for c in cfg.cycles if c.kind == "deadline_sweep"]
    assert len(sweep) == 1 and sweep[0].holiday_policy == "skip"


def test_missing_key(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('name = "测试区"\n', "", 1))
    assert any("district.name" in p and "缺少必填的键" in p for p in found), found


def test_wrong_type(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('code = "D9"', 'code = "D9"\nincome_floor_yuan = "五万"'))
    assert any("district.income_floor_yuan" in p and "应为整数" in p and "五万" in p for p in found), found


def test_unknown_key_is_a_typo(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('code = "D9"', 'code = "D9"\nincome_flor_yuan = 1'))
    assert any("district.income_flor_yuan" in p and "未知的键" in p for p in found), found


def test_unknown_cycle_kind(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('kind = "inspection_round"', 'kind = "patrol"'))
    assert any("cycles[0](biweekly-inspection).kind" in p and "inspection_round" in p and "'patrol'" in p
               for p in found), found


def test_invalid_rrule(tmp_path):
    found = problems(tmp_path, MINIMAL.replace("FREQ=WEEKLY", "FREQ=FORTNIGHTLY"))
    assert any("cycles[0](biweekly-inspection).trigger" in p and "RRULE 无效" in p for p in found), found


def test_rrule_without_dtstart(tmp_path):
    found = problems(tmp_path, MINIMAL.replace("DTSTART:20221010T090000\\n", ""))
    assert any("trigger" in p and "DTSTART" in p for p in found), found


def test_utc_dtstart_refused(tmp_path):
    found = problems(tmp_path, MINIMAL.replace("T090000", "T010000Z"))
    assert any("当地时间" in p for p in found), found


def test_after_names_unknown_cycle(tmp_path):
    text = MINIMAL + '\n[[cycles]]\nkey = "red-black-list"\nkind = "ranking"\ntrigger = "after:weekly-inspection"\n'
    found = problems(tmp_path, text)
    assert any("cycles[1](red-black-list).trigger" in p and "'after:weekly-inspection' 指向的周期不存在" in p
               and "biweekly-inspection" in p for p in found), found


def test_member_home_town_not_a_town(tmp_path):
    found = problems(tmp_path, MINIMAL.replace('home_town = "甲镇"', 'home_town = "乙镇"'))
    assert any("teams[0](team-a).members[0].home_town" in p and "'乙镇' 不是本区的镇街" in p and "甲镇" in p
               for p in found), found


def test_several_problems_reported_together(tmp_path):
    text = MINIMAL.replace('kind = "inspection_round"', 'kind = "patrol"').replace('name = "测试区"\n', "", 1)
    assert len(problems(tmp_path, text)) >= 2


def test_activity_count_indicator_refused(tmp_path):
    text = MINIMAL + '\n[ranking]\nindicators = [{ key = "logins", weight = 1 }]\n'
    found = problems(tmp_path, text)
    assert any("ranking.indicators[0](logins).key" in p and "指尖上的形式主义" in p for p in found), found


def test_not_toml(tmp_path):
    found = problems(tmp_path, "[district\ncode = 1")
    assert any("line" in p for p in found), found


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_district_config(tmp_path / "nope.toml")
    assert "文件不存在" in str(err.value)


def test_config_check_cli(cli, tmp_path):
    out = cli("config", "check", str(EXAMPLES / "district.toml"))
    assert "示范区" in out.output and "biweekly-inspection" in out.output
    bad = cli("config", "check", str(write(tmp_path, MINIMAL.replace("FREQ=WEEKLY", "FREQ=NOPE"))), code=1)
    assert "RRULE 无效" in bad.error


def test_config_check_never_prints_channel_urls(cli, monkeypatch):
    secret = "json://user:s3cr3t-token@127.0.0.1:9/hook"
    monkeypatch.setenv("DUDAO_CHANNELS__COORDINATORS", secret)
    from config.settings import get_settings

    get_settings.cache_clear()
    out = cli("config", "check", "--json")
    assert "s3cr3t-token" not in out.output
    assert '"url": "json://127.0.0.1:9"' in out.output  # name, scheme and host only
