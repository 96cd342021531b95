"""The ranking and campaign commands on the example district (in-process CLI, a real SQLite ledger)."""

import json

import pytest
import sqlalchemy as sa

from models.audit import AuditEvent
from models.db import session_scope


@pytest.mark.e2e
def test_ranking_commands_end_to_end(example_db, cli, home, prefect_api):
    preview = json.loads(cli("ranking", "compute", "--period", "2022", "--as-of", "2023-01-05T09:00",
                             "--json").stdout)
    assert preview["published"] is False and "income_growth" in preview["indicators"]
    assert "income_growth" in preview["indicators"] and "income_vs_target" in preview["indicators"]
    cli("ranking", "show", code=1)  # nothing published yet: a clear error, no traceback
    out = json.loads(cli("ranking", "publish", "--period", "2022", "--as-of", "2023-01-05T09:00", "--by", "林春燕",
                         "--json").stdout)
    assert out["version"] == 1 and out["summary"].startswith("红黑榜 2022 第1版已发布")
    artifacts = latest_artifacts()
    assert artifacts["ranking-publish-2022-lists"].type == "table"
    assert "# 示范区红黑榜（2022年）" in artifacts["ranking-publish-2022"].data
    shown = json.loads(cli("ranking", "show", "--period", "2022", "--level", "town", "--json").stdout)
    assert shown["status"] == "published" and {e["board"] for e in shown["entries"]} == {"towns"}
    published = {(e["code"], e["listing"], e["score"]) for e in shown["entries"]}
    computed = {(e["code"], e["listing"], e["score"]) for e in preview["entries"] if e["board"] == "towns"}
    assert published == computed
    black = next(e for e in shown["entries"] if e["listing"] == "black")
    history = json.loads(cli("ranking", "history", black["code"], "--json").stdout)
    assert history["history"][0]["listing"] == "black" and history["history"][0]["action"] == "由镇街党（工）委书记约谈"
    assert (home / "outputs" / "ranking" / "红黑榜-2022.docx").exists()

    again = cli("ranking", "publish", "--period", "2022", code=1)  # already published: refused before Prefect starts
    assert "已发布" in again.error
    cli("ranking", "revoke", "--period", "2022", "--reason", "收入数据有误", "--by", "林春燕")
    revoked = json.loads(cli("ranking", "show", "--period", "2022", "--json").stdout)
    assert (revoked["status"], revoked["revoke_reason"]) == ("revoked", "收入数据有误")
    failed = cli("ranking", "publish", "--period", "2022", "--as-of", "2023-01-05T09:00", code=1)
    assert "--reason" in failed.error
    assert "已发布 红黑榜 2022 第2版已发布" in cli(
        "ranking", "publish", "--period", "2022", "--as-of", "2023-01-05T09:00", "--reason", "数据已更正").stdout
    assert json.loads(cli("ranking", "show", "--json").stdout)["version"] == 2
    with session_scope(example_db) as s:
        audit = s.execute(sa.select(AuditEvent.action, AuditEvent.actor).where(AuditEvent.entity == "ranking")
                          .order_by(AuditEvent.id)).all()
    assert [tuple(a) for a in audit] == [("publish", "林春燕"), ("revoke", "林春燕"), ("republish", "区委组织部")]
    bad = cli("ranking", "compute", "--period", "2022-Q5", code=1)
    assert "--period" in bad.error


def latest_artifacts() -> dict:
    """The newest artifact of each key on the test server."""
    import asyncio

    from prefect import get_client
    from prefect.client.schemas.sorting import ArtifactSort

    async def read():
        async with get_client() as client:
            return await client.read_artifacts(sort=ArtifactSort.CREATED_DESC, limit=50)

    found: dict = {}
    for a in asyncio.run(read()):
        found.setdefault(a.key, a)
    return found


def test_campaign_commands(example_db, cli, home, tmp_path):
    from openpyxl import load_workbook

    cli("campaign", "record", "330101001", "项目开工", "--done-on", "2022-09-09", "--evidence", "开工令")
    cli("campaign", "record", "330101001", "打卡", "--done-on", "2022-09-09", code=1)
    cli("campaign", "record", "330101001", "项目开工", "--done-on", "九月", code=1)
    sheet = tmp_path / "s.xlsx"
    cli("campaign", "sheet", "--town", "T01", "--out", sheet)
    wb = load_workbook(sheet)
    ws = wb.active
    codes = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert len(codes) == 18 and ws["G2"].value == "2022-09-09" and ws["H2"].value == "开工令"
    ws["G5"] = "2022-09-13"  # the second village's project start
    wb.save(sheet)
    out = json.loads(cli("campaign", "import", sheet, "--json").stdout)
    assert (out["created"], out["unchanged"]) == (1, 1)
    status = json.loads(cli("campaign", "status", "--on", "2022-09-20", "--json").stdout)
    assert (status["villages"], status["on_target"], status["phase"]) == (150, 2, "攻坚推进")
    assert status["milestones"][0]["done_on_time"] == 2
    text = cli("campaign", "status", "--on", "2022-09-20").stdout
    assert "2/150" in text


def test_publish_refuses_an_unrankable_config_before_starting_prefect(example_db, cli, monkeypatch, tmp_path):
    import re

    from tests.conftest import EXAMPLES, _reset_caches

    text = (EXAMPLES / "district.toml").read_text(encoding="utf-8")
    only_income = re.sub(r"indicators = \[.*?\n\]", 'indicators = [{ key = "income_growth", weight = 1 }]', text,
                         count=1, flags=re.S)
    config = tmp_path / "district.toml"
    config.write_text(only_income, encoding="utf-8")
    monkeypatch.setenv("DUDAO_CONFIG_PATH", str(config))
    _reset_caches()
    out = cli("ranking", "publish", "--period", "2022-10", "--by", "测试", code=1)
    assert "没有适用于2022年10月的已配置指标" in out.error and "Traceback" not in out.error
    assert "prefect" not in out.output.lower()
