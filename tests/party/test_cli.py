"""`dudao party | cadres | training | plans`: templates, imports with --json, listings with --json, mistakes
ending in a Chinese message and exit 1."""

from __future__ import annotations

import json

from adapters.sheets import read_table
from tests.conftest import EXAMPLES, set_up
from tests.party.conftest import FILES, PARTY

AS_OF = ("--as-of", "2022-10-25", "--by", "组织科")


def test_templates_carry_each_ledgers_headers(cli, tmp_path):
    from domain.party import SHEETS

    groups = {"orgs": "party", "ratings": "party", "weak": "party", "brands": "party", "reviews": "cadres",
              "assessments": "cadres", "excellent": "cadres", "sessions": "training", "attendance": "training"}
    assert set(groups) == set(SHEETS)
    for kind, group in groups.items():
        out = tmp_path / f"{kind}.xlsx"
        cli(group, "template", kind, out)
        assert read_table(out).headers == read_table(PARTY / FILES[kind]).headers, kind
    cli("plans", "template", tmp_path / "plans.xlsx")
    assert read_table(tmp_path / "plans.xlsx").headers == read_table(PARTY / "plans.xlsx").headers


def test_import_and_list_through_the_commands(cli, example_cfg):
    set_up(example_cfg, EXAMPLES / "roster.xlsx")
    groups = [("party", "orgs"), ("party", "ratings"), ("party", "weak"), ("party", "brands"), ("cadres", "reviews"),
              ("cadres", "assessments"), ("cadres", "excellent"), ("training", "sessions"),
              ("training", "attendance")]
    for group, kind in groups:
        done = json.loads(cli(group, "import", kind, PARTY / FILES[kind], *AS_OF, "--json").output)
        assert done["created"] == len(read_table(PARTY / FILES[kind]).rows), kind
    again = json.loads(cli("party", "import", "orgs", PARTY / FILES["orgs"], *AS_OF, "--json").output)
    assert again["created"] == again["updated"] == 0
    plans = json.loads(cli("plans", "import", PARTY / "plans.xlsx", *AS_OF, "--json").output)
    assert plans["goals"]["created"] == len(read_table(PARTY / "plans.xlsx").rows)

    orgs = json.loads(cli("party", "list", "--year", "2022", "--json").output)
    assert len(orgs) == len(read_table(PARTY / FILES["orgs"]).rows)
    weak = json.loads(cli("party", "weak", "--json").output)
    assert {w["issue_id"] for w in weak} == set(range(1, len(weak) + 1))
    found = json.loads(cli("cadres", "reviews", "--found", "--json").output)
    assert found and all(r["finding"] != "clear" for r in found)
    sessions = json.loads(cli("training", "list", "--year", "2022", "--json").output)
    figures = json.loads(cli("party", "figures", "--year", "2022", "--as-of", "2022-12-31", "--json").output)
    assert figures["sessions"] == len(sessions)
    assert figures["cadre_attendances"] == sum(s["cadres"] for s in sessions)
    excellent = json.loads(cli("cadres", "excellent", "--year", "2021", "--json").output)
    assert figures["excellent_secretaries"] + figures["excellent_cadres"] == len(excellent)
    progress = json.loads(cli("plans", "progress", "--year", "2022", "--json").output)
    assert {p["unit"] for p in progress} >= {"T01", "D01"}
    assert "2022年党建数据" in cli("party", "figures", "--year", "2022").output
    assert "培训" in cli("training", "list").output

    unhandled = next(r for r in found if r["handled_on"] is None)
    out = cli("cadres", "handle", unhandled["id"], "--handling", "依法罢免", "--on", "2022-10-26",
              "--as-of", "2022-10-26", "--by", "组织科").output
    assert "已记录" in out


def test_mistakes_end_in_a_message(cli, example_cfg, tmp_path):
    set_up(example_cfg, EXAMPLES / "roster.xlsx")
    bad = cli("party", "import", "stars", PARTY / FILES["orgs"], *AS_OF, code=1)
    assert "台账类型不对" in bad.error
    wrong = cli("party", "import", "ratings", PARTY / FILES["orgs"], *AS_OF, code=1)
    assert "不是星级评定表" in wrong.error
    missing = cli("cadres", "handle", "999", "--handling", "x", *AS_OF, code=1)
    assert "没有这条任职资格审查记录" in missing.error
