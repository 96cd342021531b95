"""The [[meetings]] entries: each names a `meeting` cycle, each meeting cycle has one, participants are tags."""

import pytest

from config.district import load_district_config
from config.errors import ConfigError
from tests.conftest import EXAMPLES


def test_meeting_cycles_and_their_entries_are_checked_together(tmp_path):
    text = (EXAMPLES / "district.toml").read_text(encoding="utf-8")
    cfg = load_district_config(EXAMPLES / "district.toml")
    assert (cfg.meeting("weekly-meeting").kind, cfg.meeting("joint-meeting").kind_name) == ("weekly", "联席会议")
    broken = text.replace('cycle = "joint-meeting"', 'cycle = "red-black-list"').replace(
        'participants = ["leadership", "office", "coordinators"]', 'participants = ["区领导"]')
    path = tmp_path / "district.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_district_config(path)
    where = [p.where for p in err.value.problems]
    assert any("meetings[0].participants" in w for w in where)  # not an audience tag
    path.write_text(text.replace('cycle = "joint-meeting"', 'cycle = "red-black-list"'), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_district_config(path)
    messages = {p.where.split(": ", 1)[1]: p.message for p in err.value.problems}
    assert "kind = \"meeting\"" in messages["meetings[1].cycle"]  # red-black-list is a ranking cycle
    assert "[[meetings]]" in messages["cycles[6](joint-meeting)"]  # the joint cycle lost its entry
