"""`dudao demo` shows one day of the deadline sweep, its digests captured by a local endpoint; every cycle it
replays runs through Prefect, and the runs' artifacts link to the web board, never to a CLI command or a path."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

REPLAYED = {"deadline-sweep-2022-10-12", "biweekly-inspection-2022-10-10", "quarterly-research-2022-10-10",
            "hundred-day-campaign-2022-10-17", "red-black-list-2022-10-10", "weekly-meeting-2022-10-08"}


@pytest.mark.sqlite_only  # the demo resets and replays its own SQLite ledger (it refuses DUDAO_DATABASE_URL)
def test_demo_shows_the_days_digests_and_sends_nothing_twice(cli):
    from config.settings import get_settings

    history = Path(os.environ["PREFECT_HOME"]) / "prefect.db"  # the test session's Prefect history (conftest)
    before = _runs(history)
    out = cli("demo").output
    assert "问题到期检查（Prefect 运行 Completed）：问题到期检查 2022-10-12：24 条提醒入队（到期提醒 4、" in out
    assert "1 个问题列入黑榜预警" in out and "投递 24 条" in out
    assert "督导提醒｜青山镇｜10月12日（共2项） → town-groups" in out
    assert "督导提醒｜区领导｜10月12日（共1项） → leadership-mail" in out
    assert "【今日到期】河口镇·先万村「增收项目进度滞后」" in out
    assert "同日 15:00 再次运行：问题到期检查 2022-10-12：0 条提醒入队；发送 0 条" in out
    assert "季度督导调研 2022-10-10（Prefect 运行 Completed）" in out and "调度（Prefect 运行 Completed）" in out

    # the leader's view: the replayed cycles are runs in the demo's Prefect history, their pages link to the board
    new = {i: name for i, name in _runs(history).items() if i not in before}
    assert set(new.values()) >= REPLAYED, REPLAYED - set(new.values())
    with sqlite3.connect(history) as db:
        pages = {key: data for key, data, run in db.execute(
            "SELECT key, data, flow_run_id FROM artifact WHERE key IS NOT NULL ORDER BY created") if run in new}
    board = get_settings().web_url
    trip = json.loads(pages["quarterly-research-2022-10-10"])
    assert f"({board}/trips)" in trip and "dudao trips show" not in trip
    round_page = json.loads(pages["biweekly-inspection-2022-10-10"])
    assert f"({board}/rounds/R2022-10-10)" in round_page and "dudao rounds" not in round_page
    brief = json.loads(pages["weekly-meeting-2022-10-08"])
    assert f"({board}/reports/file?path=" in brief and ".docx)" in brief
    assert f"({board}/campaign)" in json.loads(pages["hundred-day-campaign-2022-10-17"])
    assert all(str(get_settings().home) not in v for v in pages.values() if isinstance(v, str))


def _runs(history: Path) -> dict[str, str]:
    if not history.exists():
        return {}
    with sqlite3.connect(history) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'flow_run'").fetchone():
            return {}
        return dict(db.execute("SELECT id, name FROM flow_run"))
