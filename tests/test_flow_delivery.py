"""The cycle flows deliver through the outbox: the deadline-sweep flow end to end, a failure notice at once."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from models.db import session_scope
from models.outbox import OutboxMessage

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


@pytest.fixture
def channels_at_sink(sink, example_cfg, monkeypatch):
    """Every channel of the example district pointed at the local sink (json://), one path per channel."""
    from config.settings import get_settings

    port = sink.server.server_address[1]
    for c in example_cfg.notifications.channels:
        monkeypatch.setenv(f"DUDAO_CHANNELS__{c.name.upper().replace('-', '_')}", f"json://127.0.0.1:{port}/{c.name}")
    get_settings.cache_clear()
    return sink


def test_deadline_sweep_flow_queues_delivers_once_and_leaves_its_table(example_db, example_cfg, channels_at_sink,
                                                                      prefect_api):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from domain.issues.raising import issue_policy, open_issue
    from flows.deadline_sweep import deadline_sweep

    with session_scope(example_db) as s:
        policy = issue_policy(s, example_cfg)
        due = open_issue(s, at=at(2022, 9, 26), actor="测试", policy=policy, title="合同未规范签订",
                         village="330101001", category="合同管理", deadline=date(2022, 10, 12))
    sent_before = len(channels_at_sink.posts)
    summary = deadline_sweep(cycle="deadline-sweep", occurrence=date(2022, 10, 12), as_of=at(2022, 10, 12, 9))
    assert "入队" in summary and "送达" in summary
    with session_scope(example_db) as s:
        rows = s.execute(sa.select(OutboxMessage.rule, OutboxMessage.status)
                         .where(OutboxMessage.item == f"issue:{due}")).all()
    assert ("due", "sent") in {(r, str(st)) for r, st in rows}, rows
    arrived = channels_at_sink.posts[sent_before:]
    assert arrived and any("合同未规范签订" in p.body for p in arrived)
    assert all("json://" not in p.body for p in arrived)
    again = deadline_sweep(cycle="deadline-sweep", occurrence=date(2022, 10, 12), as_of=at(2022, 10, 12, 15),
                           rerun=True)
    assert "0 条提醒入队" in again
    assert channels_at_sink.posts[sent_before:] == arrived  # nothing sent twice
    with get_client(sync_client=True) as client:
        tables = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["deadline-sweep-2022-10-12-table"])))
    assert tables and tables[0].type == "table"
    table = json.loads(tables[0].data)
    assert table[-1]["镇街"] == "合计" and {"本次入队", "已送达", "发送失败", "红灯"} <= set(table[-1])


def test_a_failure_notice_reaches_the_coordinators_at_once(example_db, channels_at_sink, prefect_api, monkeypatch):
    import flows.inspection_round as module

    def broken(*_args):
        raise RuntimeError("督导组名单为空")

    monkeypatch.setattr(module, "body", broken)
    # the hook acts at the wall clock: make the example's send window open whatever time the test runs
    monkeypatch.setattr("domain.outbox.queue.SendWindow.is_open", lambda self, when: True)
    state = module.inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10),
                                    as_of=at(2022, 10, 10, 9), return_state=True)
    assert state.is_failed()
    notices = [p for p in channels_at_sink.posts if p.path.endswith("/coordinators")]
    assert len(notices) == 1 and "督导组名单为空" in notices[0].body
    with session_scope(example_db) as s:
        (status,) = s.execute(sa.select(OutboxMessage.status).where(OutboxMessage.rule == "cycle-failed")).one()
    assert status == "sent"


def test_with_the_endpoint_answering_500_the_summary_and_artifact_count_what_waits_to_retry(
        example_db, example_cfg, channels_at_sink, prefect_api):
    """Rows waiting to retry are counted where a leader looks: the run's summary line and its table artifact
    count queued, sent, retrying and failed (not `送达 0 条，失败 0 条`)."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from domain.issues import open_issue
    from domain.unit_of_work import unit_of_work
    from flows.deadline_sweep import deadline_sweep

    with unit_of_work(as_of=at(2022, 10, 10), actor="测试", config=example_cfg, url=example_db) as uow:
        open_issue(uow, title="合同未规范签订", village="330101001", category="合同管理", deadline=date(2022, 10, 13))
    channels_at_sink.fail_first = 1000  # the endpoint answers 500
    summary = deadline_sweep(cycle="deadline-sweep", occurrence=date(2022, 10, 13), as_of=at(2022, 10, 13, 9))
    with session_scope(example_db) as s:
        pending = s.execute(sa.select(sa.func.count()).where(OutboxMessage.status == "pending")).scalar_one()
    assert pending >= 2 and not channels_at_sink.posts
    assert "送达 0 条" in summary and "失败 0 条" in summary
    retrying = int(summary.split("等待重试 ")[1].split(" 条")[0])
    assert retrying >= pending  # every row on every channel serving it
    assert f"队列中待发 {pending} 条" in summary
    with get_client(sync_client=True) as client:
        tables = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["deadline-sweep-2022-10-13-table"])))
    total = json.loads(tables[0].data)[-1]
    assert total["镇街"] == "合计" and total["本次入队"] == pending - 1  # the 交办 notice was queued at opening
    assert (total["已送达"], total["等待重试"], total["发送失败"]) == (0, retrying, 0)
