"""The deadline sweep: each stage queued once even when sweeps are skipped or repeated; the black list flag;
verification reminders; quiet hours; inactive villages; the artifact table."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from domain.calendar.workdays import WorkingCalendar
from domain.issues.lifecycle import transition
from domain.issues.sweep import run_sweep, sweep_table
from models.issues import IssueEvent, IssueFlag
from models.outbox import OutboxMessage
from tests.issues.conftest import OTHER_TOWN_VILLAGE, VILLAGE_2, at

CAL = WorkingCalendar()


def sweep(ledger, cfg, when):
    return run_sweep(ledger, cfg, CAL, when)


def queued(ledger, issue_id):
    rows = ledger.execute(sa.select(OutboxMessage.rule, OutboxMessage.recipient)
                          .where(OutboxMessage.item == f"issue:{issue_id}", OutboxMessage.rule != "open")).all()
    return Counter(rows)


def test_a_sweep_skipped_for_three_days_catches_up_every_stage_once(ledger, example_cfg, open_one):
    deadline = date(2022, 10, 14)
    issue_id = open_one(at(2022, 9, 26), deadline=deadline)
    days = [d for d in CAL.working_days(date(2022, 10, 10), date(2022, 11, 4))]
    skipped = {date(2022, 10, 13), date(2022, 10, 14), date(2022, 10, 17)}  # remind-1, due and overdue days
    per_day = {}
    for d in days:
        if d in skipped:
            continue
        per_day[d] = sweep(ledger, example_cfg, at(d.year, d.month, d.day)).queued
    assert per_day[date(2022, 10, 11)] == {"remind-3": 1}
    assert per_day[date(2022, 10, 18)] == {"remind-1": 1, "due": 1, "overdue": 1, "escalate-1": 1}  # caught up
    assert per_day[date(2022, 10, 21)] == {"escalate-5": 1}
    assert per_day[date(2022, 10, 28)] == {"escalate-10": 1}
    assert queued(ledger, issue_id) == Counter({
        ("remind-3", "village:330101001"): 1, ("remind-1", "village:330101001"): 1,
        ("due", "village:330101001"): 1, ("overdue", "village:330101001"): 1, ("escalate-1", "town:T01"): 1,
        ("escalate-5", "office"): 1, ("escalate-10", "leadership"): 1})
    assert sum(sum(c.values()) for c in per_day.values()) == 7  # nothing else, nothing twice


def test_the_same_day_twice_queues_nothing_twice(ledger, example_cfg, open_one):
    open_one(at(2022, 9, 26), deadline=date(2022, 10, 14))
    first = sweep(ledger, example_cfg, at(2022, 10, 20))
    again = sweep(ledger, example_cfg, at(2022, 10, 20, 15))
    assert first.queued == {"remind-3": 1, "remind-1": 1, "due": 1, "overdue": 1, "escalate-1": 1}
    assert again.queued_total == 0


def test_two_sweeps_at_once_queue_each_stage_once(example_db, example_cfg):
    import threading

    from domain.issues.raising import NewIssue, issue_policy, open_issues
    from models.db import session_scope

    with session_scope(example_db) as s:
        open_issues(s, [NewIssue(title=f"问题{n}", village="330101001", deadline=date(2022, 10, 14))
                        for n in range(20)], at=at(2022, 9, 26), actor="测试", policy=issue_policy(s, example_cfg))
    start, totals = threading.Barrier(2), []

    def one():
        start.wait()
        with session_scope(example_db) as s:
            totals.append(run_sweep(s, example_cfg, CAL, at(2022, 10, 20)).queued_total)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with session_scope(example_db) as s:
        rows = s.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.rule != "open"))
    assert sorted(totals) == [0, 100] and rows == 100


def test_blacklist_flag_at_the_ladders_blacklist_step_with_an_event(ledger, example_cfg, open_one):
    issue_id = open_one(at(2022, 9, 1), deadline=date(2022, 9, 23))
    assert sweep(ledger, example_cfg, at(2022, 10, 11)).blacklisted == []  # overdue by 9
    result = sweep(ledger, example_cfg, at(2022, 10, 12))  # overdue by 10
    assert result.blacklisted == [issue_id] and ledger.get(IssueFlag, issue_id).overdue_days == 10
    assert sweep(ledger, example_cfg, at(2022, 10, 13)).blacklisted == []  # flagged once
    note = ledger.scalars(sa.select(IssueEvent.note).where(IssueEvent.action == "blacklist")).one()
    assert note == "逾期10个工作日（≥10），列入黑榜预警"


def test_awaiting_verification_gets_coordinator_reminders_not_owner_stages(ledger, example_cfg, policy, open_one):
    issue_id = open_one(at(2022, 9, 26), deadline=date(2022, 10, 14))
    transition(ledger, issue_id, "start", at=at(2022, 9, 27), actor="村", policy=policy)
    transition(ledger, issue_id, "submit", at=at(2022, 10, 12), actor="村", policy=policy)  # verify by 10-17
    assert sweep(ledger, example_cfg, at(2022, 10, 14)).queued_total == 0
    assert sweep(ledger, example_cfg, at(2022, 10, 17)).queued == {"verify-due": 1}
    assert sweep(ledger, example_cfg, at(2022, 10, 18)).queued == {"verify-overdue": 1}
    transition(ledger, issue_id, "fail", at=at(2022, 10, 19), actor="组织部", policy=policy)
    assert sweep(ledger, example_cfg, at(2022, 10, 19)).queued == {
        "remind-3": 1, "remind-1": 1, "due": 1, "overdue": 1, "escalate-1": 1}  # the clock resumed


def test_in_quiet_hours_or_on_a_holiday_rows_wait_for_the_next_working_morning(ledger, example_cfg, open_one):
    open_one(at(2022, 9, 26), deadline=date(2022, 9, 30))
    assert sweep(ledger, example_cfg, at(2022, 9, 30, 21)).not_before == at(2022, 10, 8, 9)  # after National Day
    assert sweep(ledger, example_cfg, at(2022, 10, 3, 9)).not_before == at(2022, 10, 8, 9)
    assert sweep(ledger, example_cfg, at(2022, 10, 8, 7)).not_before == at(2022, 10, 8, 9)
    assert sweep(ledger, example_cfg, at(2022, 10, 10, 10)).not_before == at(2022, 10, 10, 10)
    rows = ledger.scalars(sa.select(OutboxMessage).where(OutboxMessage.rule == "due")).all()
    assert [r.not_before for r in rows] == [at(2022, 10, 8, 9)]


def test_inactive_villages_are_not_reminded(ledger, example_cfg, open_one):
    from domain.roster.ledger import deactivate_village

    open_one(at(2022, 9, 26), village=VILLAGE_2, deadline=date(2022, 9, 30))
    deactivate_village(ledger, VILLAGE_2, reason="撤并", at=at(2022, 10, 1), actor="测试")
    result = sweep(ledger, example_cfg, at(2022, 10, 10))
    assert result.queued_total == 0 and result.lights == {}


def test_artifact_counts_lights_by_town(ledger, example_cfg, open_one, policy):
    open_one(at(2022, 9, 26), deadline=date(2022, 9, 30))  # red
    open_one(at(2022, 9, 26), deadline=date(2022, 10, 12))  # yellow (due today)
    open_one(at(2022, 9, 26), deadline=date(2022, 11, 30))  # green
    waiting = open_one(at(2022, 9, 26), village=OTHER_TOWN_VILLAGE, deadline=date(2022, 11, 30))
    transition(ledger, waiting, "start", at=at(2022, 9, 27), actor="村", policy=policy)
    transition(ledger, waiting, "submit", at=at(2022, 10, 11), actor="村", policy=policy)
    result = sweep(ledger, example_cfg, at(2022, 10, 12))
    rows = {r["镇街"]: r for r in sweep_table(result, delivered=7, failed=1)}
    assert [rows["青山镇"][k] for k in ("绿灯", "黄灯", "红灯", "待验收")] == [1, 1, 1, 0]
    assert rows["河口镇"]["待验收"] == 1
    assert (rows["合计"]["本次入队"], rows["合计"]["已送达"], rows["合计"]["发送失败"]) == (result.queued_total, 7, 1)
    assert rows["合计"]["红灯"] == 1 and len(rows) == 3


def test_days_between_sweeps_do_not_matter_for_the_horizon(ledger, example_cfg, open_one):
    """A deadline far ahead has nothing due; the sweep looks only at deadlines within the reminder horizon."""
    open_one(at(2022, 9, 26), deadline=date(2022, 12, 30))
    for offset in range(0, 30, 7):
        d = date(2022, 10, 10) + timedelta(days=offset)
        assert sweep(ledger, example_cfg, at(d.year, d.month, d.day)).queued_total == 0
