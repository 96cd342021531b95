"""Races with real concurrent processes on PostgreSQL (the tests run with --backend=postgresql only): several
deliverers claim outbox rows with FOR UPDATE SKIP LOCKED and never send a row twice; two sweeps of the same
day queue each stage once; two closes of the same round publish one bulletin.

Each racer (tests/concurrency/racer.py) warms up, then starts its step at the same wall-clock moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT

pytestmark = pytest.mark.postgresql_only


def race(kind: str, n: int, *args: str, lead: float = 6.0) -> list[dict]:
    """Start n racers of `kind` that all begin their step `lead` seconds from now; their JSON results."""
    go = f"{time.time() + lead:.3f}"
    procs = [subprocess.Popen([sys.executable, "-m", "tests.concurrency.racer", kind, go, *args], cwd=ROOT,
                              env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_four_deliverers_send_each_row_once(example_db, sink):
    from datetime import datetime

    from config.dates import DISTRICT_TZ
    from domain.outbox import Outgoing, enqueue
    from models.db import session_scope
    from models.outbox import DeliveryStatus, OutboxDelivery

    n = 400
    at = datetime(2022, 10, 12, 9, tzinfo=DISTRICT_TZ)
    with session_scope(example_db) as s:  # one message to each of n recipients: n digests
        enqueue(s, [Outgoing(f"village:R{i:04d}", "race", "note", "2022-10-12", {"text": f"第{i}条"})
                    for i in range(n)], at=at)
    results = race("deliver", 4, sink.url("hook"))
    titles = Counter(p.title for p in sink.posts)
    assert len(sink.posts) == n and max(titles.values()) == 1, titles.most_common(3)
    assert sum(r["delivered"] for r in results) == n
    assert sum(1 for r in results if r["delivered"]) >= 2, results  # the work was shared, not done by one
    with session_scope(example_db) as s:
        statuses = Counter(s.scalars(sa.select(OutboxDelivery.status)).all())
    assert statuses == {DeliveryStatus.sent: n}


def _seed_issues(url: str, cfg) -> None:
    from datetime import datetime

    from config.dates import DISTRICT_TZ
    from domain.issues.raising import NewIssue, issue_policy, open_issues
    from models.db import session_scope
    from tests.notifications.test_delivery_e2e import ISSUES

    with session_scope(url) as s:
        open_issues(s, [NewIssue(title=t, village=v, deadline=d, category="资产管理") for t, v, d in ISSUES * 40],
                    at=datetime(2022, 9, 13, 9, tzinfo=DISTRICT_TZ), actor="测试", policy=issue_policy(s, cfg),
                    notify=False)


def test_two_sweeps_of_one_day_queue_each_stage_once(example_db, example_cfg):
    from models.db import session_scope
    from models.issues import IssueFlag
    from models.outbox import OutboxMessage

    _seed_issues(example_db, example_cfg)
    results = race("sweep", 2)
    with session_scope(example_db) as s:
        keys = Counter(s.execute(sa.select(OutboxMessage.recipient, OutboxMessage.item, OutboxMessage.rule,
                                           OutboxMessage.period)).all())
        flags = s.scalar(sa.select(sa.func.count()).select_from(IssueFlag))
    assert keys and max(keys.values()) == 1
    assert sum(r["queued"] for r in results) == len(keys)  # what one queued, the other found queued
    assert sum(r["flagged"] for r in results) == flags > 0


def test_two_closes_of_one_round_publish_one_bulletin(example_db, example_cfg, home):
    from datetime import date, datetime

    from config.dates import DISTRICT_TZ
    from domain.rounds import plan_round
    from domain.unit_of_work import unit_of_work
    from models.audit import AuditEvent
    from models.db import session_scope
    from models.outbox import OutboxMessage

    with unit_of_work(as_of=datetime(2022, 10, 10, 9, tzinfo=DISTRICT_TZ), actor="测试", config=example_cfg,
                      url=example_db) as uow:
        plan_round(uow, date(2022, 10, 10))
    planned = example_db
    outputs = home / "outputs"
    results = race("close", 2, "R2022-10-10", str(outputs))
    assert sorted(r["created"] for r in results) == [False, True]
    with session_scope(planned) as s:
        closes = s.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.entity == "round", AuditEvent.action == "close"))
        bulletins = s.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.rule == "bulletin"))
    assert closes == 1
    assert bulletins == next(r["messages"] for r in results if r["created"]) > 0
    assert sorted(p.name for p in Path(outputs, "bulletins").iterdir()) == [
        "R2022-10-10-督查通报.docx", "R2022-10-10-督查通报.md"]
