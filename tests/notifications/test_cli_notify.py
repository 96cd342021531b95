"""`dudao notify test` and `dudao notify retry` through the CLI, against a real local HTTP endpoint."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.e2e


@pytest.fixture
def village_groups_at_sink(cli, sink, monkeypatch):
    from config.settings import get_settings

    monkeypatch.setenv("DUDAO_CHANNELS__VILLAGE_GROUPS", sink.url("villages"))
    monkeypatch.setenv("DUDAO_CHANNELS__COORDINATORS", sink.url("coordinators"))
    get_settings.cache_clear()
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return sink


def test_a_test_message_arrives_under_its_own_title_without_keys(cli, village_groups_at_sink):
    sink = village_groups_at_sink
    cli("notify", "test", "coordinators")
    cli("notify", "test", "village:330101001")
    assert sink.titles() == ["督导测试消息｜区委组织部（督导协调）", "督导测试消息｜青山镇顺乐村"]
    for post in sink.posts:
        assert "督导提醒" not in post.title and "coordinators" not in post.body and "village:" not in post.body
        assert post.body.startswith("这是一条测试消息")


def test_retry_takes_at_so_a_replayed_timeline_sends_the_row(cli, village_groups_at_sink):
    sink = village_groups_at_sink
    sink.refuse = {"顺乐村": 400}  # the 交办 notice is refused: failed at once
    cli("issues", "open", "--title", "台账不全", "--village", "330101001", "--deadline", "2022-09-30",
        "--as-of", "2022-09-20T10:00")
    cli("notify", "deliver", "--at", "2022-09-20T10:05")
    (row,) = json.loads(cli("notify", "outbox", "--status", "failed", "--json").stdout)
    sink.refuse.clear()
    cli("notify", "retry", row["id"], "--at", "2022-09-21T09:00", "--by", "测试")
    (again,) = [r for r in json.loads(cli("notify", "outbox", "--json").stdout) if r["id"] == row["id"]]
    assert again["status"] == "pending" and again["not_before"].startswith("2022-09-21T01:00")  # 09:00 +08:00
    cli("notify", "deliver", "--at", "2022-09-21T09:05")
    assert len(sink.posts) == 1 and "台账不全" in sink.posts[0].body
