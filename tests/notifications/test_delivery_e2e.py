"""End to end through apprise: a real HTTP endpoint for json:// and a real SMTP server (aiosmtpd) for mailto://.

The example district's issues are swept on 2022-10-12 and delivered: each recipient's digest arrives once
per channel with its items; sweeping and delivering again sends nothing; a sink answering 429 above a rate
shows the outbox keeps the configured rate and loses nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.outbox.queue import Outgoing
from tests.notifications.conftest import at
from tests.notifications.sink import Mailbox

pytestmark = pytest.mark.e2e

ISSUES = [  # (title, village, deadline)
    ("村集体资产台账不全", "330101001", date(2022, 9, 23)),  # overdue 10 → town leader, office, leadership
    ("经营合同未规范签订", "330101002", date(2022, 9, 30)),  # overdue 5 → town leader, office
    ("增收项目进度滞后", "330102001", date(2022, 10, 12)),  # due today
    ("财务公开不及时", "330102001", date(2022, 10, 14)),  # 2 working days left → reminder
    ("集体资产未登记", "330103001", date(2022, 11, 30)),  # green: nothing
]


@pytest.fixture
def mailbox():
    m = Mailbox().start()
    yield m
    m.stop()


def seed_and_sweep(outbox, when):
    from domain.calendar.workdays import load_calendar
    from domain.issues.raising import NewIssue, issue_policy, open_issues
    from domain.issues.sweep import run_sweep
    from models.db import session_scope

    with session_scope(outbox.url) as s:
        open_issues(s, [NewIssue(title=t, village=v, deadline=d, category="资产管理") for t, v, d in ISSUES],
                    at=at(2022, 9, 13), actor="测试", policy=issue_policy(s, outbox.cfg), notify=False)
    with session_scope(outbox.url) as s:
        return run_sweep(s, outbox.cfg, load_calendar(s), when)


def test_each_digest_arrives_exactly_once_over_json_and_smtp(outbox, sink, mailbox):
    result = seed_and_sweep(outbox, at(2022, 10, 12, 9))
    channels = {"towns": (sink.url("towns"), ["town:*"]), "villages": (sink.url("villages"), ["village:*"]),
                "mail": (mailbox.url("leader@example.gov.cn"), ["leadership", "office"])}
    d = outbox.dispatcher(channels)
    report = d.deliver(at(2022, 10, 12, 9, 5))
    assert report.delivered == result.queued_total == sum(result.queued.values())
    towns = {p.title: p.body for p in sink.posts if p.path == "/towns"}
    assert towns == {
        "督导提醒｜青山镇｜10月12日（共2项）":
            "1. 【逾期督办】青山镇·顺乐村「村集体资产台账不全」已逾期10个工作日（期限9月23日），"
            "责任单位：青山镇顺乐村\n"
            "2. 【逾期督办】青山镇·玉荣村「经营合同未规范签订」已逾期5个工作日（期限9月30日），"
            "责任单位：青山镇玉荣村"}
    villages = sorted(p.title for p in sink.posts if p.path == "/villages")
    assert villages == ["督导提醒｜河口镇先万村｜10月12日（共2项）", "督导提醒｜青山镇玉荣村｜10月12日（共1项）",
                        "督导提醒｜青山镇顺乐村｜10月12日（共1项）"]
    xianwan = next(p.body for p in sink.posts if "先万村" in p.title)
    assert xianwan.splitlines() == [
        "1. 【今日到期】河口镇·先万村「增收项目进度滞后」今天（10月12日）到期，请按时提交整改",
        "2. 【整改提醒】河口镇·先万村「财务公开不及时」距整改期限（10月14日）还有2个工作日"]
    mails = {m["Subject"]: m.get_body(preferencelist=("plain",)).get_content() for m in mailbox.messages}
    assert sorted(mails) == ["督导提醒｜区领导｜10月12日（共1项）", "督导提醒｜领导小组办公室｜10月12日（共2项）"]
    assert "村集体资产台账不全" in mails["督导提醒｜区领导｜10月12日（共1项）"]
    assert all(m["To"] == "leader@example.gov.cn" for m in mailbox.messages)
    # again: the sweep queues nothing new, delivery sends nothing
    again = seed_and_sweep_again(outbox, at(2022, 10, 12, 15))
    assert again.queued_total == 0
    assert d.deliver(at(2022, 10, 12, 15, 5)).delivered == 0
    assert len(sink.posts) == 4 and len(mailbox.messages) == 2


def seed_and_sweep_again(outbox, when):
    from domain.calendar.workdays import load_calendar
    from domain.issues.sweep import run_sweep
    from models.db import session_scope

    with session_scope(outbox.url) as s:
        return run_sweep(s, outbox.cfg, load_calendar(s), when)


VILLAGES = [f"village:3301010{n:02d}" for n in range(1, 17)]


def queue_one_each(outbox, when):
    outbox.queue(*(Outgoing(v, "note:1", "note", "2022-10-12", {"text": f"致{v}"}) for v in VILLAGES), when=when)


def test_the_outbox_keeps_the_configured_rate(outbox, sink):
    sink.rate, sink.window_s = 10, 1.0  # the endpoint answers 429 above 10 posts a second
    queue_one_each(outbox, at(2022, 10, 12, 9))
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])}, v={"rate_per_minute": 480})  # 8 a second
    report = d.deliver(at(2022, 10, 12, 9, 5))
    assert sink.refused == 0
    assert report.delivered == 16 and len({p.title for p in sink.posts}) == len(sink.posts) == 16


def test_above_the_endpoints_rate_nothing_is_lost_or_sent_twice(outbox, sink):
    sink.rate, sink.window_s = 5, 3600.0  # at most 5 posts an hour; this channel is configured without a rate
    queue_one_each(outbox, at(2022, 10, 12, 9))
    d = outbox.dispatcher({"v": (sink.url("v"), ["village:*"])}, v={"unlimited_rate": True})
    moment, runs = at(2022, 10, 12, 9, 5), 0
    while len(sink.posts) < 16 and runs < 6:
        report = d.deliver(moment)
        assert report.channels["v"].posts == min(5, 16 - 5 * runs)  # the 6th post met a 429: stop for this run
        sink._recent.clear()  # the endpoint's hour is over by the next working morning
        moment = outbox.window.next_open(moment.replace(hour=21))
        runs += 1
    assert sink.refused == 3 and runs == 4
    assert len(sink.posts) == 16 and len({p.title for p in sink.posts}) == 16  # every village once


def test_two_deliveries_at_once_send_each_digest_once(outbox, sink):
    import threading

    queue_one_each(outbox, at(2022, 10, 12, 9))
    senders = [outbox.dispatcher({"v": (sink.url("v"), ["village:*"])}) for _ in range(2)]
    start = threading.Barrier(2)
    reports = []

    def run(d):
        start.wait()
        reports.append(d.deliver(at(2022, 10, 12, 9, 5)))

    threads = [threading.Thread(target=run, args=(d,)) for d in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.delivered for r in reports) == 16
    assert len(sink.posts) == 16 and len({p.title for p in sink.posts}) == 16


def test_a_long_digest_is_split_within_the_channels_size(outbox, sink):
    text = "村集体资产清查" * 5
    outbox.queue(*(Outgoing("town:T01", f"note:{n}", "note", "2022-10-12", {"text": f"第{n}项：{text}"})
                   for n in range(1, 31)), when=at(2022, 10, 12, 9))
    outbox.dispatcher({"w": (sink.url("w"), ["town:*"])}, w={"max_bytes": 600, "max_parts": 3}).deliver(
        at(2022, 10, 12, 9, 5))
    parts = sorted(sink.posts, key=lambda p: p.title)
    assert [p.title for p in parts] == [f"督导提醒｜青山镇｜10月12日（共30项）（{k}/3）" for k in (1, 2, 3)]
    assert all(len(p.title.encode()) + 2 + len(p.body.encode()) <= 600 for p in parts)
    lines = [line for p in parts for line in p.body.splitlines()]
    shown = [line for line in lines if line[0].isdigit()]
    assert lines[-1] == f"其余{30 - len(shown)}项见台账" and shown[0].startswith("1. 第1项")
    assert {r.status.value for r in outbox.rows()} == {"sent"}  # the summarised rows count as delivered
