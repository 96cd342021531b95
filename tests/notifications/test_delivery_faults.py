"""Faults: the endpoint answers 500 then recovers; it hangs past the timeout; its port is closed; the sending
process is killed between send and mark. Afterwards every message has arrived, none twice — except the one
digest in flight at the kill, which the documented duplicate window allows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from domain.outbox.queue import Outgoing
from models.outbox import DeliveryStatus, OutboxStatus
from tests.notifications.conftest import at
from tests.notifications.sink import Sink, free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
VILLAGES = [f"village:3301010{n:02d}" for n in range(1, 7)]


def queue(outbox, recipients=VILLAGES):
    return outbox.queue(*(Outgoing(v, "note:1", "note", "2022-10-12", {"text": f"致{v}"}) for v in recipients),
                        when=at(2022, 10, 12, 9))


def next_morning(outbox, moment):
    return outbox.window.next_open(moment.replace(hour=21))


def test_500_then_recovery(outbox, sink):
    sink.fail_first = 2
    queue(outbox)
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])})
    first = d.deliver(at(2022, 10, 12, 9, 5))
    assert first.channels["v"].posts == 0 and first.channels["v"].retrying == 6
    assert "500" in first.channels["v"].errors[0] or "Internal Server Error" in first.channels["v"].errors[0]
    moment = next_morning(outbox, at(2022, 10, 12))
    assert d.deliver(moment).channels["v"].posts == 0  # the second 500
    assert d.deliver(next_morning(outbox, moment)).channels["v"].posts == 6
    assert len(sink.posts) == 6 and len({p.title for p in sink.posts}) == 6
    assert {r.status for r in outbox.rows()} == {OutboxStatus.sent}


def test_a_hanging_endpoint_times_out_without_holding_up_another_channel(outbox, sink):
    healthy = Sink().start()
    try:
        sink.hang_first, sink.hang_s = 1, 4.0
        queue(outbox)
        d = outbox.dispatcher({"slow": (sink.url("slow"), ["village:*"]), "ok": (healthy.url("ok"), ["village:*"])},
                              slow={"timeout_s": 1.0})
        first = d.deliver(at(2022, 10, 12, 9, 5))
        assert first.channels["ok"].posts == 6  # the other channel went on
        assert first.channels["slow"].posts == 0 and first.channels["slow"].retrying == 6
        assert d.deliver(next_morning(outbox, at(2022, 10, 12))).channels["slow"].posts == 6
        assert len(sink.posts) == 6 and len({p.title for p in sink.posts}) == 6
        assert len(healthy.posts) == 6
    finally:
        healthy.stop()


def test_a_closed_port_then_the_endpoint_comes_up(outbox):
    port = free_port()
    queue(outbox)
    d = outbox.dispatcher({"v": (f"json://127.0.0.1:{port}/v", ["village:*"])})
    first = d.deliver(at(2022, 10, 12, 9, 5))
    assert first.channels["v"].posts == 0 and first.channels["v"].retrying == 6
    late = Sink().start(port)
    try:
        assert d.deliver(next_morning(outbox, at(2022, 10, 12))).channels["v"].posts == 6
        assert len(late.posts) == 6 and len({p.title for p in late.posts}) == 6
    finally:
        late.stop()


KILLER = textwrap.dedent('''
    import os, signal, sys
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from pydantic import SecretStr
    from config.channels import ChannelConfig, NotificationsConfig
    from config.district import load_district_config
    from domain.calendar.workdays import load_calendar
    from domain.outbox.queue import send_window
    from models.db import session_scope
    from notifications.apprise_notifier import AppriseNotifier
    from notifications.delivery import dispatcher_for

    url, sink, config = sys.argv[1], sys.argv[2], sys.argv[3]

    class DiesAfterSecondSend(AppriseNotifier):
        sends = 0
        def send(self, channel, message):
            result = super().send(channel, message)
            DiesAfterSecondSend.sends += 1
            if DiesAfterSecondSend.sends == 2:  # the endpoint has it; the ledger does not know yet
                os.kill(os.getpid(), signal.SIGKILL)
            return result

    with session_scope(url) as s:
        window = send_window(load_district_config(config), load_calendar(s))
    cfg = NotificationsConfig(channels=[ChannelConfig(name="v", tags=["village:*"])])
    d = dispatcher_for(url, cfg, {"v": SecretStr(sink)}, window=window, notifier=DiesAfterSecondSend())
    d.deliver(datetime(2022, 10, 12, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai")))
''')


def test_killed_between_send_and_mark_resends_only_the_digest_in_flight(outbox, sink):
    queue(outbox)
    done = subprocess.run([sys.executable, "-c", KILLER, outbox.url, sink.url("v"),
                           str(ROOT / "config" / "examples" / "district.toml")], cwd=ROOT, capture_output=True)
    assert done.returncode == -9, done.stderr.decode()
    assert len(sink.posts) == 2
    states = [r.status for r in _deliveries(outbox)]
    # one marked sent; the one in flight and the four claimed with it but never sent are left `sending`
    assert states.count(DeliveryStatus.sent) == 1 and states.count(DeliveryStatus.sending) == 5
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])})
    report = d.deliver(at(2022, 10, 12, 9, 30))
    assert report.recovered == 5  # their process is gone: the claims go back to the queue at once
    titles = [p.title for p in sink.posts]
    assert len(titles) == 7 and len(set(titles)) == 6  # every digest arrived; the one in flight arrived twice
    assert titles.count(titles[1]) == 2
    assert {r.status for r in outbox.rows()} == {OutboxStatus.sent}


def _deliveries(outbox):
    import sqlalchemy as sa

    from models.db import session_scope
    from models.outbox import OutboxDelivery

    with session_scope(outbox.url) as s:
        return s.scalars(sa.select(OutboxDelivery).order_by(OutboxDelivery.id)).all()


def test_a_refused_digest_fails_at_once_and_the_channels_other_recipients_go_on(outbox, sink):
    """A permanent refusal (4xx but 408/429) of one recipient's digest: its rows are failed at once and
    reported, never retried; the other recipients of the channel are sent in the same run."""
    sink.refuse = {"顺乐村": 400}  # village:330101001, the recipient that sorts first
    queue(outbox)
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])})
    first = d.deliver(at(2022, 10, 12, 9, 5)).channels["v"]
    assert (first.posts, first.delivered, first.failed, first.retrying) == (5, 5, 1, 0)
    assert "400" in first.errors[0] and "不再重试" in first.errors[0]
    rows = {r.recipient: r for r in outbox.rows()}
    refused = rows.pop(VILLAGES[0])
    assert refused.status is OutboxStatus.failed and refused.attempts == 1 and "400" in refused.last_error
    assert {r.status for r in rows.values()} == {OutboxStatus.sent}
    seen = sink.seen
    again = d.deliver(next_morning(outbox, at(2022, 10, 12))).channels["v"]
    assert (again.posts, again.failed, again.retrying, sink.seen) == (0, 0, 0, seen)  # not retried


@pytest.mark.parametrize("status", [500, 429, 408])
def test_a_recipient_whose_digest_keeps_failing_holds_the_others_back_once_at_most(outbox, sink, status):
    """A transient failure (5xx, 408, 429) stops the channel for this run and is retried with backoff; on
    the next run the recipients that never failed go first, so the failing one no longer holds them back."""
    sink.refuse = {"顺乐村": status}
    queue(outbox)
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])})
    first = d.deliver(at(2022, 10, 12, 9, 5)).channels["v"]
    assert (first.posts, first.retrying, first.failed) == (0, 6, 0)  # the channel may be down: it stops
    second = d.deliver(at(2022, 10, 12, 9, 16)).channels["v"]
    assert (second.posts, second.delivered, second.retrying, second.failed) == (5, 5, 1, 0)
    rows = {r.recipient: r for r in outbox.rows()}
    assert rows.pop(VILLAGES[0]).status is OutboxStatus.pending
    assert {r.status for r in rows.values()} == {OutboxStatus.sent}
