"""The issue statistics (one aggregate per level, the overdue figures folded in) against their definitions
applied issue by issue, on a random ledger: issues of every state, late ones awaiting verification (frozen
lights), issues closed or submitted after a period's end, town-level issues; past, running and one-day periods."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from config.dates import DISTRICT_TZ as SHANGHAI
from domain.issues.lights import end_of_day, local_day
from domain.issues.stats import IssueStats, unit_stats
from models.issues import Issue, IssueSource, IssueStatus
from models.org import Town, Village

PERIODS = [(date(2022, 10, 1), date(2022, 10, 31)), (date(2022, 11, 1), date(2022, 11, 30)),
           (date(2022, 10, 1), date(2022, 12, 31)), (date(2022, 11, 15), date(2022, 11, 15))]


def test_aggregate_matches_the_definitions_issue_by_issue(ledger, policy):
    cal = policy.calendar
    issues = _random_ledger(ledger, random.Random(6))
    assert len({i.status for i in issues}) == 4
    for start, end in PERIODS:
        villages, towns = unit_stats(ledger, start=start, end=end, calendar=cal)
        expected_villages, expected_towns = _by_definition(ledger, issues, start, end, cal)
        assert villages == expected_villages, (start, end)
        assert towns == expected_towns, (start, end)
        overdue = [s for s in villages.values() if s.open_overdue]
        assert overdue and any(s.max_overdue_days for s in overdue)  # the figures are not trivially empty
    # the ledger has the cases the aggregate treats apart: frozen lights at a period's end, and not frozen
    frozen = [i for i in issues if i.submitted_at and i.status is IssueStatus.awaiting_verification
              and i.deadline < local_day(i.submitted_at)]
    assert frozen and [i for i in issues if i.status is IssueStatus.open and i.deadline < date(2022, 10, 31)]


def _random_ledger(session, rng: random.Random) -> list[Issue]:
    villages = session.execute(sa.select(Village.id, Village.town_id).order_by(Village.id)).all()[:6]
    issues = []
    for n in range(400):
        village_id, town_id = rng.choice(villages)
        if rng.random() < 0.15:
            village_id = None  # a town-level issue
        opened = datetime(2022, 9, 1, 9, tzinfo=SHANGHAI) + timedelta(days=rng.randrange(110),
                                                                      hours=rng.randrange(10))
        deadline = opened.date() + timedelta(days=rng.randrange(3, 40))
        status = rng.choice(list(IssueStatus))
        submitted = closed = on_time = income = None
        if status in (IssueStatus.awaiting_verification, IssueStatus.closed):
            submitted = opened + timedelta(days=rng.randrange(1, 50), hours=rng.randrange(8))
            on_time = local_day(submitted) <= deadline
        if status is IssueStatus.closed:
            closed = submitted + timedelta(days=rng.randrange(0, 10), hours=1)
            income = rng.choice([None, None, 10_000, 35_000])
        issues.append(Issue(source=IssueSource.manual, source_ref=f"ref:{n}", town_id=town_id, village_id=village_id,
                            owner="office", category="其他", title=f"问题{n}", opened_at=opened,
                            original_deadline=deadline, deadline=deadline, status=status, submitted_at=submitted,
                            closed_at=closed, closed_on_time=on_time if closed else None, income_added_yuan=income))
    session.add_all(issues)
    session.flush()
    return issues


def _by_definition(session, issues: list[Issue], start: date, end: date, cal):
    """The module docstring of domain.issues.stats, one issue at a time."""
    t0, t1 = datetime.combine(start, time(0), tzinfo=SHANGHAI), end_of_day(end)
    village_town = dict(session.execute(sa.select(Village.id, Village.town_id)).all())
    figures: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in issues:
        if i.opened_at >= t1:
            continue
        closed = i.status is IssueStatus.closed and t0 <= i.closed_at < t1
        open_at_end = not (i.status is IssueStatus.closed and i.closed_at < t1)
        f = {"raised": int(i.opened_at >= t0), "closed": int(closed),
             "closed_on_time": int(closed and i.closed_on_time),
             "income_added_yuan": (i.income_added_yuan or 0) if closed else 0, "open_at_end": int(open_at_end)}
        overdue = False  # past the deadline at the end (a red light), or at the submission when frozen then
        if open_at_end:
            ref = min(end, local_day(i.submitted_at)) if i.submitted_at and i.submitted_at < t1 else end
            overdue = ref > i.deadline
        units = [("town", i.town_id)] + ([("village", i.village_id)] if i.village_id else [])
        assert i.village_id is None or village_town[i.village_id] == i.town_id
        for unit in units:
            u = figures[unit]
            for name, value in f.items():
                u[name] += value
            if overdue:
                u["open_overdue"] += 1
                u["max_overdue_days"] = max(u["max_overdue_days"], cal.working_days_between(i.deadline, ref))
    codes = {("village", vid): code for vid, code in session.execute(sa.select(Village.id, Village.code))}
    codes |= {("town", tid): code for tid, code in session.execute(sa.select(Town.id, Town.code))}
    out: dict[str, dict[str, IssueStats]] = {"village": {}, "town": {}}
    for unit, f in figures.items():
        if f["raised"] or f["closed"] or f["open_at_end"]:
            out[unit[0]][codes[unit]] = IssueStats(codes[unit], **f)
    return out["village"], out["town"]
