"""`dudao init` shows a district's incomes without a [demo] season, and the provisional-year warnings say what
is true (issue 15, item 17)."""

from __future__ import annotations

from tests.conftest import EXAMPLES


def test_init_shows_the_income_table_of_a_district_without_a_demo_season(cli, tmp_path):
    text = (EXAMPLES / "district.toml").read_text(encoding="utf-8")
    start = text.index("[demo]")
    end = text.index("\n[", start + 1)
    config = tmp_path / "held-out.toml"
    config.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    out = cli("init", "--config", config, "--roster", EXAMPLES / "roster.xlsx").output
    assert "村级集体经济收入" in out and "2022年" in out and "2021年" in out


def test_a_window_wholly_in_2026_does_not_warn_about_2027(cli):
    cli("init")
    result = cli("schedule", "preview", "--from", "2026-10-01", "--to", "2026-12-31")
    assert "2027 年为暂定" not in result.output


def test_one_override_in_a_provisional_year_keeps_the_warning(cli):
    cli("init")
    before = cli("schedule", "preview", "--from", "2027-09-01", "--to", "2027-10-31").output
    assert "2027 年为暂定" in before
    cli("calendar", "set", "2027-10-09", "workday", "--note", "国办通知（部分）", "--by", "组织科")
    after = cli("schedule", "preview", "--from", "2027-09-01", "--to", "2027-10-31").output
    assert "2027 年为暂定" in after
