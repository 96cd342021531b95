"""`dudao demo` shows one day of the deadline sweep, its digests captured by a local endpoint."""

from __future__ import annotations

import pytest


@pytest.mark.sqlite_only  # the demo resets and replays its own SQLite ledger (it refuses DUDAO_DATABASE_URL)
def test_demo_shows_the_days_digests_and_sends_nothing_twice(cli):
    out = cli("demo").output
    assert "问题到期检查：24 条提醒入队，1 个问题列入黑榜预警；投递 24" in out
    assert "督导提醒｜青山镇｜10月12日（共2项） → town-groups" in out
    assert "督导提醒｜区领导｜10月12日（共1项） → leadership-mail" in out
    assert "【今日到期】河口镇·先万村「增收项目进度滞后」" in out
    assert "同日 15:00 再次运行：0 条入队，0 条发送" in out
