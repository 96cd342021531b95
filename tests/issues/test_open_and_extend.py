"""Raising issues (the API other areas call) and extensions (延期)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from config.errors import IllegalTransition, InputError, NotFound
from domain.issues.extensions import decide_extension, request_extension
from domain.issues.lifecycle import transition
from domain.issues.raising import NewIssue, open_issues
from models.issues import Extension, ExtensionStatus, Issue, IssueEvent, IssueSource
from models.outbox import OutboxMessage, OutboxStatus
from tests.issues.conftest import VILLAGE, at


def test_bulk_open_returns_ids_in_order_with_defaults_events_and_notices(ledger, policy):
    rows = [NewIssue(title="问题甲", village=VILLAGE, source=IssueSource.visit, source_ref="finding:1"),
            NewIssue(title="问题乙", town="T02", owner="department:finance", category="财务管理", due_days=3),
            NewIssue(title="问题丙", village=VILLAGE, source="meeting", source_ref="meeting:1/1", severity="critical")]
    ids = open_issues(ledger, rows, at=at(2022, 9, 26), actor="第一督导组", policy=policy)
    issues = [ledger.get(Issue, i) for i in ids]
    assert [i.title for i in issues] == ["问题甲", "问题乙", "问题丙"]
    assert issues[0].owner == "village:330101001"
    assert issues[0].deadline == date(2022, 10, 13)  # 10 working days, counting the make-up days 10-8 and 10-9
    assert issues[1].owner == "department:finance" and issues[1].village_id is None
    assert issues[1].deadline == date(2022, 9, 29)
    events = ledger.execute(sa.select(IssueEvent.issue_id, IssueEvent.action, IssueEvent.actor)).all()
    assert sorted(events) == sorted((i, "open", "第一督导组") for i in ids)
    notices = ledger.execute(sa.select(OutboxMessage.recipient, OutboxMessage.rule)).all()
    assert sorted(notices) == sorted([("village:330101001", "open"), ("department:finance", "open"),
                                      ("village:330101001", "open")])


def test_open_is_idempotent_on_source_ref(ledger, policy):
    row = NewIssue(title="问题甲", village=VILLAGE, source=IssueSource.visit, source_ref="finding:1")
    first = open_issues(ledger, [row], at=at(2022, 9, 26), actor="组", policy=policy)
    again = open_issues(ledger, [row, NewIssue(title="新问题", village=VILLAGE)], at=at(2022, 9, 27), actor="组",
                        policy=policy)
    assert again[0] == first[0] and again[1] != first[0]
    assert ledger.scalar(sa.select(sa.func.count()).select_from(Issue)) == 2


def test_every_bad_row_is_reported_and_nothing_is_written(ledger, policy):
    rows = [NewIssue(title="", village=VILLAGE),
            NewIssue(title="x", village="nope"),
            NewIssue(title="x", village=VILLAGE, town="T02"),
            NewIssue(title="x", town="T01", owner="department:nobody"),
            NewIssue(title="x", village=VILLAGE, category="不存在"),
            NewIssue(title="x", village=VILLAGE, deadline=date(2022, 10, 1)),
            NewIssue(title="x", village=VILLAGE, deadline=date(2022, 9, 1)),
            NewIssue(title="x", village=VILLAGE, income_added_yuan=-5),
            NewIssue(title="x", village=VILLAGE, severity="huge"),
            NewIssue(title="x"),
            NewIssue(title="x", village=VILLAGE, source_ref="r"), NewIssue(title="y", village=VILLAGE, source_ref="r")]
    with pytest.raises(InputError) as err:
        open_issues(ledger, rows, at=at(2022, 9, 26), actor="组", policy=policy,
                    where=[f"visits.xlsx row {n}" for n in range(2, 14)])
    wheres = [p.where for p in err.value.problems]
    assert wheres == ["visits.xlsx row 2: title", "visits.xlsx row 3: village", "visits.xlsx row 4: village",
                      "visits.xlsx row 5: owner", "visits.xlsx row 6: category", "visits.xlsx row 7: deadline",
                      "visits.xlsx row 8: deadline", "visits.xlsx row 9: income_added_yuan",
                      "visits.xlsx row 10: severity", "visits.xlsx row 11: village", "visits.xlsx row 13: source_ref"]
    assert ledger.scalar(sa.select(sa.func.count()).select_from(Issue)) == 0


def test_extension_requested_before_the_deadline_and_approved_moves_the_deadline(ledger, policy, open_one):
    issue_id = open_one(at(2026, 9, 21), deadline=date(2026, 9, 30))
    ext = request_extension(ledger, issue_id, new_deadline=date(2026, 10, 13), reason="项目审批未下达",
                            at=at(2026, 9, 30, 17), actor="顺乐村", policy=policy)
    with pytest.raises(IllegalTransition, match="已有待审批的延期申请"):
        request_extension(ledger, issue_id, new_deadline=date(2026, 10, 14), reason="再延", at=at(2026, 9, 30, 18),
                          actor="顺乐村", policy=policy)
    decide_extension(ledger, issue_id, approve=True, at=at(2026, 10, 8), actor="林春燕", policy=policy)
    issue = ledger.get(Issue, issue_id)
    assert (issue.original_deadline, issue.deadline) == (date(2026, 9, 30), date(2026, 10, 13))
    assert ledger.get(Extension, ext.id).status is ExtensionStatus.approved
    actions = ledger.scalars(sa.select(IssueEvent.action).where(IssueEvent.issue_id == issue_id)
                             .order_by(IssueEvent.id)).all()
    assert actions == ["open", "extension-request", "extension-approve"]
    rules = ledger.execute(sa.select(OutboxMessage.recipient, OutboxMessage.rule)
                           .where(OutboxMessage.rule.like("extension%")).order_by(OutboxMessage.id)).all()
    assert rules == [("coordinators", "extension-request"), ("village:330101001", "extension-approved")]
    # submitted on 10-12: on time against the extended deadline
    transition(ledger, issue_id, "start", at=at(2026, 10, 9), actor="村", policy=policy)
    transition(ledger, issue_id, "submit", at=at(2026, 10, 12), actor="村", policy=policy)
    assert transition(ledger, issue_id, "pass", at=at(2026, 10, 13), actor="组织部", policy=policy).closed_on_time


def test_extension_rules(ledger, policy, open_one):
    issue_id = open_one(at(2026, 9, 21), deadline=date(2026, 9, 30))
    with pytest.raises(InputError) as err:
        request_extension(ledger, issue_id, new_deadline=date(2026, 10, 5), reason=" ", at=at(2026, 10, 8),
                          actor="村", policy=policy)
    messages = " | ".join(str(p) for p in err.value.problems)
    assert "已过" in messages and "理由" in messages and "不是工作日" in messages
    with pytest.raises(InputError, match="应晚于原整改期限"):
        request_extension(ledger, issue_id, new_deadline=date(2026, 9, 29), reason="r", at=at(2026, 9, 28),
                          actor="村", policy=policy)
    with pytest.raises(NotFound):
        decide_extension(ledger, issue_id, approve=True, at=at(2026, 9, 28), actor="组织部", policy=policy)
    request_extension(ledger, issue_id, new_deadline=date(2026, 10, 9), reason="r", at=at(2026, 9, 28),
                      actor="村", policy=policy)
    decide_extension(ledger, issue_id, approve=False, at=at(2026, 9, 29), actor="组织部", policy=policy,
                     note="理由不足")
    assert ledger.get(Issue, issue_id).deadline == date(2026, 9, 30)


def test_approval_cancels_reminders_about_the_old_deadline(ledger, policy, open_one, example_cfg):
    from domain.issues.sweep import run_sweep

    issue_id = open_one(at(2026, 9, 21), deadline=date(2026, 9, 30))
    run_sweep(ledger, example_cfg, policy.calendar, at(2026, 9, 28))  # remind-3 queued
    request_extension(ledger, issue_id, new_deadline=date(2026, 10, 13), reason="r", at=at(2026, 9, 28, 10),
                      actor="村", policy=policy)
    decide_extension(ledger, issue_id, approve=True, at=at(2026, 9, 28, 11), actor="组织部", policy=policy)
    old = ledger.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.period == "2026-09-30")).all()
    assert old == [OutboxStatus.cancelled]
    assert run_sweep(ledger, example_cfg, policy.calendar, at(2026, 10, 9)).queued == {"remind-3": 1}
