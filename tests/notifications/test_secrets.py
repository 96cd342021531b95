"""No secret from a configured channel URL appears in captured logs, the delivery report, the ledger or the
sweep's artifact — only apprise's masked URLs."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from domain.outbox.queue import Outgoing
from tests.notifications.conftest import at

pytestmark = pytest.mark.e2e
SECRETS = ("S3cretPassw0rd", "SECd1ngSecretValue", "tokDING0123456789", "wecomKEYabcdef0123456789")


def ledger_text(url: str) -> str:
    from models.db import session_scope

    with session_scope(url) as s:
        tables = ("outboxmessage", "outboxdelivery", "auditevent", "issueevent")
        return "\n".join(str(row) for t in tables for row in s.execute(sa.text(f"SELECT * FROM {t}")))


def test_no_secret_in_logs_reports_ledger_or_artifact(outbox, sink, caplog):
    from domain.calendar.workdays import load_calendar
    from domain.issues.sweep import run_sweep, sweep_table
    from models.db import session_scope

    caplog.set_level(logging.DEBUG)
    sink.fail_first = 1
    outbox.queue(Outgoing("town:T01", "note:1", "note", "2022-10-12", {"text": "测试"}), when=at(2022, 10, 12, 9))
    channels = {
        "hook": (sink.url("hook", userinfo=f"dudao:{SECRETS[0]}@"), ["town:*"]),
        "ding": (f"dingtalk://{SECRETS[1]}@{SECRETS[2]}", ["town:*"]),  # no internet: a connection error
        "wecom": (f"wecombot://{SECRETS[3]}", ["town:*"]),
    }
    d = outbox.dispatcher(channels, ding={"timeout_s": 2.0}, wecom={"timeout_s": 2.0})
    reports = [d.deliver(at(2022, 10, 12, 9, 5)), d.deliver(at(2022, 10, 13, 9, 5))]
    with session_scope(outbox.url) as s:
        artifact = sweep_table(run_sweep(s, outbox.cfg, load_calendar(s), at(2022, 10, 13, 9)), delivered=1, failed=0)
    assert len(sink.posts) == 1  # the json:// channel failed once, then delivered
    assert reports[0].channels["hook"].errors and reports[0].channels["ding"].errors  # failures were reported …
    assert "****" in reports[0].channels["hook"].url
    texts = {"logs": caplog.text, "reports": repr(reports), "ledger": ledger_text(outbox.url),
             "artifact": repr(artifact)}
    assert "Connection error" in caplog.text  # … and logged
    for where, text in texts.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into the {where}"
