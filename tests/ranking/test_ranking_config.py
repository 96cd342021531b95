"""The ranking rules in the district config: activity counts are refused, the rest validates."""

import pytest

from config.district import load_district_config
from config.errors import ConfigError
from config.ranking import Board, RankingRules

BASE = """
[district]
code = "X"
name = "测试区"

[ranking]
indicators = [
  { key = "closure_rate", weight = 0.5 },
  { key = "%s", weight = 0.5 },
]
"""


@pytest.mark.parametrize("key", ["app_logins", "daily_check_ins", "uploads_count", "messages_read", "打卡次数"])
def test_activity_count_indicator_is_refused_citing_formalism(tmp_path, key):
    path = tmp_path / "district.toml"
    path.write_text(BASE % key, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_district_config(path)
    [problem] = exc.value.problems
    assert problem.where.endswith(f"ranking.indicators[1]({key}).key")
    assert "指尖上的形式主义" in problem.message
    assert "活跃度" in problem.message


def test_unknown_indicator_is_refused_with_the_known_ones(tmp_path):
    path = tmp_path / "district.toml"
    path.write_text(BASE % "population", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_district_config(path)
    [problem] = exc.value.problems
    assert "closure_rate" in problem.message and "指尖" not in problem.message


def test_result_indicators_are_accepted(tmp_path):
    path = tmp_path / "district.toml"
    path.write_text(BASE % "inspection_score", encoding="utf-8")
    rules = load_district_config(path).ranking
    assert [i.key for i in rules.indicators] == ["closure_rate", "inspection_score"]


def test_example_rules_and_board_sizes(example_cfg):
    rules: RankingRules = example_cfg.ranking
    assert rules.sizes(Board.villages) == (3, 3)
    assert rules.sizes(Board.villages_in_town) == (rules.in_town_red_top_n, rules.in_town_black_bottom_n)
    assert rules.ladder_step(1).action == "由镇街党（工）委书记约谈"
    assert rules.ladder_step(2).action == "由区委组织部约谈"
    assert rules.ladder_step(5).action == "启动问责程序"  # the top step holds beyond it
    assert rules.ladder_step(0) is None


@pytest.mark.parametrize(("key", "direction"), [("overdue_issues", "higher"), ("closure_rate", "lower")])
def test_a_direction_that_would_reward_problems_is_refused(tmp_path, key, direction):
    path = tmp_path / "district.toml"
    path.write_text(BASE.replace('{ key = "%s", weight = 0.5 }', f'{{ key = "{key}", weight = 0.5, '
                                 f'direction = "{direction}" }}'), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_district_config(path)
    [problem] = exc.value.problems
    assert "评分须单调" in problem.message and "ranking.indicators[1]" in problem.where


def test_each_indicator_has_its_own_direction_by_default(tmp_path):
    path = tmp_path / "district.toml"
    path.write_text(BASE % "overdue_issues", encoding="utf-8")
    rules = load_district_config(path).ranking
    assert [i.direction for i in rules.indicators] == ["higher", "lower"]
