"""Digest grouping, one digest a day, quiet hours and working days, collapse of caught-up stages (FakeNotifier)."""

from __future__ import annotations

from datetime import timedelta

from domain.outbox.queue import Outgoing
from models.outbox import OutboxStatus
from notifications.fake import FakeNotifier
from tests.notifications.conftest import at

TOWN = "town:T01"


def item(n: int, rule: str = "note", recipient: str = TOWN, text: str | None = None) -> Outgoing:
    return Outgoing(recipient, f"x:{n}", rule, "2022-10-12", {"text": text or f"事项{n}"})


def test_a_recipients_rows_go_out_as_one_digest_listing_every_item(outbox):
    outbox.queue(*(item(n) for n in range(1, 6)), item(9, recipient="town:T02"), when=at(2022, 10, 12, 8))
    fake = FakeNotifier()
    report = outbox.dispatcher(notifier=fake).deliver(at(2022, 10, 12, 9, 5))
    town = fake.to("town-groups")
    assert len(town) == 2
    qingshan = next(m for m in town if "青山镇" in m.title)
    assert qingshan.title == "督导提醒｜青山镇｜10月12日（共5项）"
    assert qingshan.body.splitlines() == [f"{n}. 事项{n}" for n in range(1, 6)]
    assert report.channels["town-groups"].delivered == 6 and report.channels["town-groups"].posts == 2
    assert {r.status for r in outbox.rows()} == {OutboxStatus.sent}


def test_rows_after_the_days_digest_wait_for_the_next_working_morning(outbox):
    d = outbox.dispatcher(notifier=(fake := FakeNotifier()))
    outbox.queue(item(1), when=at(2022, 10, 12, 8))
    d.deliver(at(2022, 10, 12, 9, 5))
    outbox.queue(item(2), when=at(2022, 10, 12, 11))
    later = d.deliver(at(2022, 10, 12, 15))
    assert later.channels["town-groups"].deferred == 1 and len(fake.sent) == 1
    assert d.deliver(at(2022, 10, 12, 22)).window_open is False  # quiet hours
    assert d.deliver(at(2022, 10, 13, 9, 5)).delivered == 1  # the next working morning
    assert len(fake.sent) == 2 and fake.sent[1][1].body == "1. 事项2"


def test_nothing_goes_out_on_non_working_days_or_in_quiet_hours(outbox):
    d = outbox.dispatcher(notifier=(fake := FakeNotifier()))
    outbox.queue(item(1), when=at(2022, 10, 1, 10))  # National Day
    for moment in (at(2022, 10, 1, 10), at(2022, 10, 7, 12), at(2022, 10, 8, 8, 59), at(2022, 10, 8, 20)):
        report = d.deliver(moment)
        assert report.window_open is False and not fake.sent
    assert d.deliver(at(2022, 10, 7, 12)).next_open == at(2022, 10, 8, 9)  # a make-up Saturday (调休)
    assert d.deliver(at(2022, 10, 8, 9)).delivered == 1


def test_caught_up_stages_of_one_issue_collapse_to_the_most_advanced(outbox):
    payload = {"issue_id": 7, "title": "台账不全", "place": "青山镇·顺乐村", "deadline": "2022-09-30",
               "owner": "village:330101001", "days": 5}
    owner = "village:330101001"
    outbox.queue(*(Outgoing(owner, "issue:7", rule, "2022-09-30", payload)
                   for rule in ("remind-3", "remind-1", "due", "overdue")),
                 Outgoing(owner, "issue:8", "remind-3", "2022-10-14", {**payload, "issue_id": 8, "title": "合同未备案",
                                                                     "deadline": "2022-10-14", "days": 2}),
                 when=at(2022, 10, 12, 9))
    fake = FakeNotifier()
    outbox.dispatcher(notifier=fake).deliver(at(2022, 10, 12, 9, 5))
    (message,) = fake.to("village-groups")
    assert message.body.splitlines() == [
        "1. 【已逾期】青山镇·顺乐村「台账不全」已逾期5个工作日（期限9月30日），请抓紧整改",
        "2. 【整改提醒】青山镇·顺乐村「合同未备案」距整改期限（10月14日）还有2个工作日"]
    assert {r.status for r in outbox.rows()} == {OutboxStatus.sent}  # all five rows delivered, in one line each


def test_files_go_to_email_only_other_channels_get_the_name(outbox, tmp_path):
    report = tmp_path / "第3期通报.docx"
    report.write_bytes(b"docx")
    payload = {"text": "第3期两周一督查通报已印发", "attachments": [str(report)]}
    outbox.queue(Outgoing("leadership", "bulletin:3", "bulletin", "R2022-10-10", payload), when=at(2022, 10, 12, 9))
    fake = FakeNotifier()
    channels = {"mail": ("mailto://user:pw@127.0.0.1:2525?to=a@example.gov.cn", ["leadership"]),
                "group": ("dingtalk://sec@token123456", ["leadership"])}
    outbox.dispatcher(channels, notifier=fake).deliver(at(2022, 10, 12, 9, 5))
    (mail,), (group,) = fake.to("mail"), fake.to("group")
    assert mail.attachments == (report,) and "第3期两周一督查通报已印发" in mail.body
    assert group.attachments == () and "附件：第3期通报.docx" in group.body


def test_dingtalk_digest_mentions_the_recipients_contacts(outbox):
    outbox.queue(item(1), when=at(2022, 10, 12, 9))
    fake = FakeNotifier()
    outbox.dispatcher({"ding": ("dingtalk://sec@token123456", ["town:*"]),
                       "json": ("json://127.0.0.1:9/x", ["town:*"])}, notifier=fake).deliver(at(2022, 10, 12, 9, 5))
    (ding,), (plain,) = fake.to("ding"), fake.to("json")
    assert ding.mentions == ("13900000101",) and ding.body.endswith("@13900000101")  # 周建国, 青山镇's leader
    assert plain.mentions == () and "@" not in plain.body


def test_a_tag_no_channel_serves_waits_and_is_reported(outbox):
    outbox.queue(item(1, recipient="department:nowhere"), when=at(2022, 10, 12, 9))
    report = outbox.dispatcher({"town": ("json://127.0.0.1:9/x", ["town:*"])},
                               notifier=FakeNotifier()).deliver(at(2022, 10, 12, 9, 5))
    assert report.unroutable == {"department:nowhere": 1}
    assert outbox.rows()[0].status is OutboxStatus.pending


def test_a_failing_channel_does_not_block_the_others_and_retries_with_backoff(outbox):
    outbox.queue(item(1), item(2, recipient="town:T02"), when=at(2022, 10, 12, 9))
    fake = FakeNotifier(failures={"a": 1})
    channels = {"a": ("json://127.0.0.1:9/a", ["town:*"]), "b": ("json://127.0.0.1:9/b", ["town:*"])}
    d = outbox.dispatcher(channels, notifier=fake)
    first = d.deliver(at(2022, 10, 12, 9, 5))
    assert first.channels["b"].delivered == 2 and first.channels["a"].retrying == 2
    assert len(fake.to("a")) == 0
    assert d.deliver(at(2022, 10, 12, 9, 10)).delivered == 0  # backoff: not yet
    assert d.deliver(at(2022, 10, 12, 9, 16)).channels["a"].delivered == 2  # retried, both (one held back, one failed)
    assert len(fake.to("a")) == 2 and len(fake.to("b")) == 2
    assert {r.status for r in outbox.rows()} == {OutboxStatus.sent}


def test_past_max_attempts_a_row_is_failed_and_retry_requeues_it(outbox):
    from domain.outbox.queue import requeue
    from models.db import session_scope

    (mid,) = outbox.queue(item(1), when=at(2022, 10, 12, 9))
    fake = FakeNotifier(failures={"a": 100})
    d = outbox.dispatcher({"a": ("json://127.0.0.1:9/a", ["town:*"])}, notifier=fake)
    moment, waits = at(2022, 10, 12, 9, 1), []
    for _ in range(outbox.cfg.notifications.max_attempts - 1):
        d.deliver(moment)
        retry_at = outbox.rows()[0].next_attempt_at
        waits.append(round((retry_at - moment).total_seconds() / 60))
        assert d.deliver(retry_at - timedelta(minutes=1)).delivered == 0 and fake.attempts == len(waits)
        moment = outbox.window.next_open(retry_at)
    assert waits == [10, 20, 40, 80, 160]  # exponential backoff
    d.deliver(moment)
    assert fake.attempts == outbox.cfg.notifications.max_attempts
    (row,) = outbox.rows()
    assert row.status is OutboxStatus.failed and row.attempts == 6 and "fake failure" in row.last_error
    with session_scope(outbox.url) as s:
        requeue(s, mid, at=moment, actor="测试")
    fake.failures.clear()
    assert d.deliver(at(2022, 10, 13, 9, 30)).delivered == 1
    assert outbox.rows()[0].status is OutboxStatus.sent


def test_an_operators_test_message_does_not_use_up_the_days_digest(outbox):
    fake = FakeNotifier()
    d = outbox.dispatcher(notifier=fake)
    (probe,) = outbox.queue(Outgoing(TOWN, "test", "test", "2022-10-12T08:00", {"text": "测试"}),
                            when=at(2022, 10, 12, 8))
    assert d.deliver(at(2022, 10, 12, 8), only=[probe], force=True).delivered == 1
    outbox.queue(item(1), when=at(2022, 10, 12, 9))
    assert d.deliver(at(2022, 10, 12, 9, 5)).delivered == 1 and len(fake.sent) == 2


def test_a_retried_reminder_states_the_days_left_as_of_sending_not_as_of_its_sweep(outbox):
    """Queued on 10-11 (3 working days left, overdue by 4), sent on 10-12 after a failed first try: the lines
    say what is true on 10-12."""
    owner = "village:330101001"
    remind = {"title": "合同未备案", "place": "青山镇·顺乐村", "days": 3}
    late = {"title": "台账不全", "place": "青山镇·顺乐村", "days": 4}
    outbox.queue(Outgoing(owner, "issue:8", "remind-3", "2022-10-14", remind),
                 Outgoing(owner, "issue:7", "overdue", "2022-09-30", late), when=at(2022, 10, 11, 9))
    fake = FakeNotifier(failures={"village-groups": 1})
    d = outbox.dispatcher(notifier=fake)
    assert d.deliver(at(2022, 10, 11, 9, 5)).channels["village-groups"].retrying == 2
    assert d.deliver(at(2022, 10, 12, 9, 5)).channels["village-groups"].delivered == 2
    (message,) = fake.to("village-groups")
    assert message.body.splitlines() == [
        "1. 【已逾期】青山镇·顺乐村「台账不全」已逾期5个工作日（期限9月30日），请抓紧整改",
        "2. 【整改提醒】青山镇·顺乐村「合同未备案」距整改期限（10月14日）还有2个工作日"]
    # a reminder first sent on its due day, or after it, says so
    outbox.queue(Outgoing(owner, "issue:9", "remind-1", "2022-10-13", {**remind, "title": "公开栏未更新", "days": 1}),
                 Outgoing(owner, "issue:10", "due", "2022-10-13", {**remind, "title": "账目不清", "days": 0}),
                 when=at(2022, 10, 12, 9))
    assert d.deliver(at(2022, 10, 14, 9, 5)).channels["village-groups"].delivered == 2
    assert fake.to("village-groups")[-1].body.splitlines() == [
        "1. 【已逾期】青山镇·顺乐村「账目不清」已逾期1个工作日（期限10月13日），请抓紧整改",
        "2. 【已逾期】青山镇·顺乐村「公开栏未更新」已逾期1个工作日（期限10月13日），请抓紧整改"]
