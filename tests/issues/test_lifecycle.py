"""Every legal and illegal transition of the issue lifecycle, its events and its messages."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from config.errors import IllegalTransition, InputError, NotFound
from domain.issues.lifecycle import edit_issue, settle_issue, transition
from domain.issues.transitions import ACTION_NAMES, TRANSITIONS, Action, path_to
from models.issues import Issue, IssueEvent, IssueStatus
from models.outbox import OutboxMessage, OutboxStatus
from tests.issues.conftest import at

S = IssueStatus
LEGAL = [(S.open, Action.start, S.rectifying), (S.rectifying, Action.submit, S.awaiting_verification),
         (S.awaiting_verification, Action.pass_, S.closed), (S.awaiting_verification, Action.fail, S.rectifying),
         (S.closed, Action.reopen, S.rectifying)]
ILLEGAL = [(s, a) for s in S for a in Action if s not in TRANSITIONS[a][0]]


def bring_to(ledger, policy, issue_id: int, status: IssueStatus, when) -> None:
    for action in path_to(ledger.get(Issue, issue_id).status, status):
        transition(ledger, issue_id, action, at=when, actor="测试", policy=policy)


def test_the_table_is_what_the_issue_describes():
    assert {(s, a, TRANSITIONS[a][1]) for a in Action for s in TRANSITIONS[a][0]} == set(LEGAL)
    assert len(ILLEGAL) == len(S) * len(Action) - len(LEGAL) == 15


@pytest.mark.parametrize(("start", "action", "end"), LEGAL, ids=[f"{s}-{a}" for s, a, _ in LEGAL])
def test_legal_transition_changes_status_and_writes_an_event(ledger, policy, open_one, start, action, end):
    issue_id = open_one()
    bring_to(ledger, policy, issue_id, start, at(2026, 9, 22))
    events_before = ledger.scalar(sa.select(sa.func.count()).select_from(IssueEvent))
    issue = transition(ledger, issue_id, action, at=at(2026, 9, 23), actor="林春燕", policy=policy,
                       note="说明", evidence=["/tmp/photo.jpg"])
    assert issue.status is end
    assert ledger.scalar(sa.select(sa.func.count()).select_from(IssueEvent)) == events_before + 1
    event = ledger.scalars(sa.select(IssueEvent).order_by(IssueEvent.id.desc())).first()
    assert (event.actor, event.action, event.from_status, event.to_status, event.note, event.evidence) == (
        "林春燕", action.value, start, end, "说明", ["/tmp/photo.jpg"])


@pytest.mark.parametrize(("start", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_illegal_transition_is_refused_saying_what_is_allowed(ledger, policy, open_one, start, action):
    issue_id = open_one()
    bring_to(ledger, policy, issue_id, start, at(2026, 9, 22))
    events_before = ledger.scalar(sa.select(sa.func.count()).select_from(IssueEvent))
    with pytest.raises(IllegalTransition) as err:
        transition(ledger, issue_id, action, at=at(2026, 9, 23), actor="测试", policy=policy)
    allowed = [a.value for a in Action if start in TRANSITIONS[a][0]]
    text = str(err.value)
    assert f"不能{ACTION_NAMES[action]}" in text and all(a in text for a in allowed)
    assert ledger.get(Issue, issue_id).status is start
    assert ledger.scalar(sa.select(sa.func.count()).select_from(IssueEvent)) == events_before


def test_unknown_issue_and_unknown_action(ledger, policy, open_one):
    with pytest.raises(NotFound):
        transition(ledger, 999, "start", at=at(2026, 9, 23), actor="测试", policy=policy)
    with pytest.raises(InputError, match="未知的操作"):
        transition(ledger, open_one(), "approve", at=at(2026, 9, 23), actor="测试", policy=policy)


def test_on_time_is_decided_by_the_submission_that_was_eventually_verified(ledger, policy, open_one):
    issue_id = open_one(deadline=date(2026, 9, 30))
    bring_to(ledger, policy, issue_id, S.rectifying, at(2026, 9, 22))
    transition(ledger, issue_id, "submit", at=at(2026, 9, 29), actor="村", policy=policy)  # on time …
    transition(ledger, issue_id, "fail", at=at(2026, 10, 9), actor="组织部", policy=policy)  # … but failed
    transition(ledger, issue_id, "submit", at=at(2026, 10, 12), actor="村", policy=policy)  # late
    issue = transition(ledger, issue_id, "pass", at=at(2026, 10, 13), actor="组织部", policy=policy)
    assert issue.closed_on_time is False
    assert issue.closed_at == at(2026, 10, 13)
    reopened = transition(ledger, issue_id, "reopen", at=at(2026, 10, 14), actor="组织部", policy=policy,
                          deadline=date(2026, 10, 20))
    assert (reopened.closed_at, reopened.closed_on_time, reopened.deadline) == (None, None, date(2026, 10, 20))


def test_submission_on_the_deadline_day_is_on_time_and_verification_gets_its_own_deadline(ledger, policy, open_one):
    issue_id = open_one(deadline=date(2026, 9, 30))
    bring_to(ledger, policy, issue_id, S.rectifying, at(2026, 9, 22))
    issue = transition(ledger, issue_id, "submit", at=at(2026, 9, 30, 19), actor="村", policy=policy)
    assert issue.verify_deadline == date(2026, 10, 10)  # 3 working days after 9-30: 10-8, 10-9, 10-10 (调休)
    assert transition(ledger, issue_id, "pass", at=at(2026, 10, 12), actor="组织部", policy=policy).closed_on_time


def test_backdated_submission_counts_and_cannot_be_in_the_future(ledger, policy, open_one):
    issue_id = open_one(deadline=date(2026, 9, 30))
    bring_to(ledger, policy, issue_id, S.rectifying, at(2026, 9, 22))
    with pytest.raises(InputError, match="提交整改时间不可能"):
        transition(ledger, issue_id, "submit", at=at(2026, 9, 29), actor="村", policy=policy,
                   submitted_at=at(2026, 10, 9))
    transition(ledger, issue_id, "submit", at=at(2026, 10, 9), actor="组织部", policy=policy,
               submitted_at=at(2026, 9, 30, 17))
    assert transition(ledger, issue_id, "pass", at=at(2026, 10, 9), actor="组织部", policy=policy).closed_on_time


def test_pass_and_fail_tell_the_owner_through_the_outbox(ledger, policy, open_one):
    issue_id = open_one()
    bring_to(ledger, policy, issue_id, S.awaiting_verification, at(2026, 9, 22))
    transition(ledger, issue_id, "fail", at=at(2026, 9, 23), actor="组织部", policy=policy, note="台账仍缺3项")
    bring_to(ledger, policy, issue_id, S.closed, at(2026, 9, 24))
    rows = ledger.scalars(sa.select(OutboxMessage).where(OutboxMessage.item == f"issue:{issue_id}")
                          .order_by(OutboxMessage.id)).all()
    assert [(r.recipient, r.rule) for r in rows] == [
        ("village:330101001", "open"), ("village:330101001", "verify-fail"), ("village:330101001", "verify-pass")]
    assert rows[1].payload["note"] == "台账仍缺3项"


def test_settle_walks_the_lifecycle_one_event_per_step(ledger, policy, open_one):
    issue_id = open_one()
    actions = settle_issue(ledger, issue_id, at=at(2026, 9, 25), actor="联席会议", policy=policy,
                           note="第3次联席会议研究解决", evidence=["meeting:3"])
    assert actions == [Action.start, Action.submit, Action.pass_]
    events = ledger.scalars(sa.select(IssueEvent.action).where(IssueEvent.issue_id == issue_id)
                            .order_by(IssueEvent.id)).all()
    assert events == ["open", "start", "submit", "pass"]
    assert ledger.get(Issue, issue_id).closed_on_time is True


def test_edit_records_what_changed_and_validates(ledger, policy, open_one):
    issue_id = open_one()
    edit_issue(ledger, issue_id, at=at(2026, 9, 23), actor="组织部", policy=policy, income_added_yuan=50_000)
    note = ledger.scalars(sa.select(IssueEvent.note).where(IssueEvent.action == "edit")).one()
    assert note == "income_added_yuan: None → 50000"
    with pytest.raises(InputError) as err:
        edit_issue(ledger, issue_id, at=at(2026, 9, 23), actor="组织部", policy=policy, income_added_yuan=-1,
                   category="不存在", owner="village:nope")
    assert len(err.value.problems) == 3
    with pytest.raises(InputError, match="不可修改的字段"):
        edit_issue(ledger, issue_id, at=at(2026, 9, 23), actor="组织部", policy=policy, status="closed")


def test_submit_cancels_pending_deadline_reminders_and_failure_restores_them(ledger, policy, open_one):
    from domain.outbox.queue import Outgoing, enqueue

    issue_id = open_one(deadline=date(2026, 9, 30))
    item = f"issue:{issue_id}"
    enqueue(ledger, [Outgoing("village:330101001", item, "due", "2026-09-30")], at=at(2026, 9, 30))
    bring_to(ledger, policy, issue_id, S.awaiting_verification, at(2026, 9, 30, 10))
    status = sa.select(OutboxMessage.status).where(OutboxMessage.item == item, OutboxMessage.rule == "due")
    assert ledger.scalar(status) is OutboxStatus.cancelled
    transition(ledger, issue_id, "fail", at=at(2026, 10, 9), actor="组织部", policy=policy)
    assert ledger.scalar(status) is OutboxStatus.pending
