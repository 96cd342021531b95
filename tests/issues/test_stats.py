"""Issue statistics per village and town for a period, hand-computed (October 2022)."""

from __future__ import annotations

from datetime import date

from domain.issues.lifecycle import edit_issue, settle_issue, transition
from domain.issues.stats import IssueStats, town_stats, village_stats
from tests.issues.conftest import OTHER_TOWN_VILLAGE, VILLAGE, VILLAGE_2, at

OCT = {"start": date(2022, 10, 1), "end": date(2022, 10, 31)}


def test_hand_computed_october(ledger, policy, open_one):
    cal = policy.calendar
    # 顺乐村 (VILLAGE)
    a = open_one(at(2022, 9, 20), deadline=date(2022, 10, 14))  # September: not raised in October
    settle_issue(ledger, a, at=at(2022, 10, 12), actor="会", policy=policy)  # closed on time in October
    edit_issue(ledger, a, at=at(2022, 10, 12), actor="会", policy=policy, income_added_yuan=80_000)
    b = open_one(at(2022, 10, 10), deadline=date(2022, 10, 17))  # raised; submitted late, closed in Oct: late
    transition(ledger, b, "start", at=at(2022, 10, 11), actor="村", policy=policy)
    transition(ledger, b, "submit", at=at(2022, 10, 19), actor="村", policy=policy)
    transition(ledger, b, "pass", at=at(2022, 10, 20), actor="组织部", policy=policy)
    edit_issue(ledger, b, at=at(2022, 10, 20), actor="组织部", policy=policy, income_added_yuan=20_000)
    open_one(at(2022, 10, 10), deadline=date(2022, 10, 14))  # c: raised, still open: overdue 11 on 10-31
    d = open_one(at(2022, 10, 10), deadline=date(2022, 10, 21))  # submitted late (10-25), awaiting: frozen at 2
    transition(ledger, d, "start", at=at(2022, 10, 11), actor="村", policy=policy)
    transition(ledger, d, "submit", at=at(2022, 10, 25), actor="村", policy=policy)
    e = open_one(at(2022, 10, 10), deadline=date(2022, 10, 28))  # submitted on time, verified in November
    transition(ledger, e, "start", at=at(2022, 10, 11), actor="村", policy=policy)
    transition(ledger, e, "submit", at=at(2022, 10, 27), actor="村", policy=policy)
    transition(ledger, e, "pass", at=at(2022, 11, 2), actor="组织部", policy=policy)
    open_one(at(2022, 11, 1), deadline=date(2022, 11, 10))  # November: not part of October
    # 玉荣村 (VILLAGE_2): one issue, on time
    f = open_one(at(2022, 10, 17), village=VILLAGE_2, deadline=date(2022, 10, 28))
    settle_issue(ledger, f, at=at(2022, 10, 26), actor="组织部", policy=policy)
    # 河口镇: a town-level issue, overdue at the end of October
    open_one(at(2022, 10, 17), village=None, town="T02", deadline=date(2022, 10, 20))
    # 河口镇 先万村: closed in September: no October data
    g = open_one(at(2022, 9, 1), village=OTHER_TOWN_VILLAGE, deadline=date(2022, 9, 20))
    settle_issue(ledger, g, at=at(2022, 9, 15), actor="组织部", policy=policy)
    ledger.flush()

    assert cal.working_days_between(date(2022, 10, 14), date(2022, 10, 31)) == 11
    villages = village_stats(ledger, **OCT, calendar=cal)
    assert villages == {
        VILLAGE: IssueStats(VILLAGE, raised=4, closed=2, closed_on_time=1, open_overdue=2, max_overdue_days=11,
                            income_added_yuan=100_000, open_at_end=3),  # c, d and e (verified in November)
        VILLAGE_2: IssueStats(VILLAGE_2, raised=1, closed=1, closed_on_time=1),
    }
    assert OTHER_TOWN_VILLAGE not in villages  # no data in October
    towns = town_stats(ledger, **OCT, calendar=cal)
    assert towns["T01"] == IssueStats("T01", raised=5, closed=3, closed_on_time=2, open_overdue=2,
                                      max_overdue_days=11, income_added_yuan=100_000, open_at_end=3)
    assert towns["T02"] == IssueStats("T02", raised=1, open_overdue=1, max_overdue_days=7, open_at_end=1)
    # the frozen issue d: overdue by 2 at its submission (10-24, 10-25), not by 6 at the end of October
    late_at_submission = village_stats(ledger, start=date(2022, 10, 26), end=date(2022, 10, 31), calendar=cal)
    assert late_at_submission[VILLAGE].open_overdue == 2  # c and d (e is still open at 10-31: not overdue)
