"""Working-day deadlines across the 2026 National Day, the lights (incl. the freeze) and each ladder step at
its exact threshold."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from config.errors import InputError
from config.rules import IssueRules
from domain.calendar.workdays import WorkingCalendar
from domain.issues.lifecycle import transition
from domain.issues.lights import Light, issue_light, issue_overdue_by, light, overdue_by
from domain.issues.stages import deadline_stages, verification_stages
from tests.issues.conftest import at

CAL = WorkingCalendar()
RULES = IssueRules()  # warn 3, remind [3], ladder 1 → town leader, 5 → office, 10 → leadership + blacklist


def test_due_days_count_working_days_across_national_day(open_one, ledger):
    from models.issues import Issue

    issue = ledger.get(Issue, open_one(at(2026, 9, 28), due_days=5))
    assert issue.deadline == date(2026, 10, 10)  # 9-29, 9-30, 10-8, 10-9 and the make-up Saturday 10-10
    default = ledger.get(Issue, open_one(at(2026, 9, 28)))
    assert default.deadline == date(2026, 10, 16)  # the default 10 working days


def test_a_deadline_on_a_holiday_is_refused_naming_the_next_working_day(open_one):
    with pytest.raises(InputError) as err:
        open_one(at(2026, 9, 28), deadline=date(2026, 10, 5))
    assert "2026-10-05 不是工作日（国庆节）；下一个工作日是 2026-10-08" in str(err.value)


@pytest.mark.rules
@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 9, 29), Light.green),  # 9-30, 10-8, 10-9, 10-10, 10-12, 10-13: 6 working days left
    (date(2026, 10, 8), Light.green),  # 4 left
    (date(2026, 10, 9), Light.yellow),  # 3 left: within warn_days
    (date(2026, 10, 11), Light.yellow),  # a Sunday, 2 left
    (date(2026, 10, 13), Light.yellow),  # the due day itself
    (date(2026, 10, 14), Light.red),
])
def test_lights_around_a_deadline_after_national_day(day, expected):
    assert light(date(2026, 10, 13), day, CAL, RULES.warn_days) is expected


@pytest.mark.rules
def test_overdue_by_counts_working_days_after_the_deadline():
    assert overdue_by(date(2026, 9, 30), date(2026, 10, 7), CAL) == 0  # the holiday does not count
    assert overdue_by(date(2026, 9, 30), date(2026, 10, 8), CAL) == 1
    assert overdue_by(date(2026, 9, 30), date(2026, 10, 10), CAL) == 3  # the make-up Saturday counts
    assert overdue_by(date(2026, 9, 30), date(2026, 9, 30), CAL) == 0


def test_the_light_freezes_while_awaiting_verification_and_resumes_after_a_failure(ledger, policy, open_one):
    issue_id = open_one(at(2026, 9, 21), deadline=date(2026, 10, 13))
    transition(ledger, issue_id, "start", at=at(2026, 9, 22), actor="村", policy=policy)
    issue = transition(ledger, issue_id, "submit", at=at(2026, 10, 9, 16), actor="村", policy=policy)  # yellow
    for later in (date(2026, 10, 14), date(2026, 10, 20)):  # past the deadline, but the light is frozen
        assert issue_light(issue, later, CAL, 3) is Light.yellow
        assert issue_overdue_by(issue, later, CAL) == 0
    issue = transition(ledger, issue_id, "fail", at=at(2026, 10, 20), actor="组织部", policy=policy)
    assert issue_light(issue, date(2026, 10, 20), CAL, 3) is Light.red  # the clock resumes against the deadline
    assert issue_overdue_by(issue, date(2026, 10, 20), CAL) == 5
    issue = transition(ledger, issue_id, "submit", at=at(2026, 10, 21), actor="村", policy=policy)
    assert issue_overdue_by(issue, date(2026, 10, 30), CAL) == 6  # frozen again, at the late submission
    closed = transition(ledger, issue_id, "pass", at=at(2026, 10, 22), actor="组织部", policy=policy)
    assert issue_light(closed, date(2026, 10, 22), CAL, 3) is None and closed.closed_on_time is False


LADDER = [(step.overdue_days, f"escalate-{step.overdue_days}", step.blacklist) for step in RULES.escalation]


@pytest.mark.rules
@pytest.mark.parametrize(("n", "rule", "blacklist"), LADDER, ids=[r for _, r, _ in LADDER])
def test_each_ladder_step_is_due_at_exactly_its_threshold(n, rule, blacklist):
    deadline = date(2026, 9, 30)
    reaching = CAL.add_working_days(deadline, n)  # overdue by exactly n
    before = CAL.subtract_working_days(reaching, 1)
    assert overdue_by(deadline, reaching, CAL) == n and overdue_by(deadline, before, CAL) == n - 1
    assert rule not in {s.rule for s in deadline_stages(deadline, before, CAL, RULES)}
    (stage,) = [s for s in deadline_stages(deadline, reaching, CAL, RULES) if s.rule == rule]
    assert (stage.days, stage.blacklist) == (n, blacklist)
    # a non-working day after the threshold day keeps it due (≥ N), it does not add to N
    assert rule in {s.rule for s in deadline_stages(deadline, reaching + timedelta(days=1), CAL, RULES)}


@pytest.mark.rules
def test_owner_stages_in_order():
    deadline = date(2026, 10, 13)
    rules = IssueRules(remind_days_before=[3, 1])

    def names(day):
        return [s.rule for s in deadline_stages(deadline, day, CAL, rules)]

    assert names(date(2026, 10, 8)) == []  # 4 working days left
    assert names(date(2026, 10, 9)) == ["remind-3"]
    assert names(date(2026, 10, 12)) == ["remind-3", "remind-1"]
    assert names(date(2026, 10, 13)) == ["remind-3", "remind-1", "due"]
    assert names(date(2026, 10, 14)) == ["remind-3", "remind-1", "due", "overdue", "escalate-1"]


@pytest.mark.rules
def test_verification_has_its_own_deadline_and_reminders():
    assert verification_stages(date(2026, 10, 9), date(2026, 10, 8), CAL) == []
    assert [s.rule for s in verification_stages(date(2026, 10, 9), date(2026, 10, 9), CAL)] == ["verify-due"]
    late = verification_stages(date(2026, 10, 9), date(2026, 10, 12), CAL)
    assert [(s.rule, s.target, s.days) for s in late] == [("verify-due", "coordinators", 0),
                                                          ("verify-overdue", "coordinators", 2)]
