"""Scoring is monotone through the whole path: a random small ledger → the issue statistics → the lists.

Each example writes two or three towns of villages, their October 2022 issues (open, closed on time, closed
late, awaiting verification submitted before or after the deadline) and visits into a real SQLite ledger,
computes the month's lists (domain.ranking.publish.compute_lists, as `dudao ranking compute` does), changes
the ledger through the domain's own operations, computes again and rolls everything back.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from config.district import DistrictConfig
from config.rules import IssueRules
from domain.calendar import WorkingCalendar
from domain.calendar.periods import parse_period
from domain.issues import IssuePolicy, NewIssue, open_issues
from domain.issues.lifecycle import Action, settle_issue, transition, walk_to
from domain.ranking.publish import compute_lists
from models.db import get_engine
from models.issues import Issue, IssueStatus
from models.org import InspectionTeam, Town, Village
from models.ranking import Listing
from models.rounds import InspectionRound, Visit, VisitStatus
from tests.ranking.test_ranking_monotone import SEVERITY

# The global `random` is not used here; after an e2e test in the same session the websockets client of Prefect's
# events worker still retries in a background thread with random.random() jitter, which hypothesis would report.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning")

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkingCalendar()
POLICY = IssuePolicy(IssueRules(), CAL)
PERIOD = parse_period("2022-10")
AS_OF = datetime(2022, 11, 1, 8, 0, tzinfo=SH)
OPENED = datetime(2022, 10, 10, 9, 0, tzinfo=SH)
DEADLINES = [date(2022, 10, d) for d in (12, 14, 18, 20, 25, 27, 31)] + [date(2022, 11, 3)]
STATES = ["open", "on_time", "late", "awaiting", "awaiting_late"]


def cfg(weights: list[float], sizes: list[int]) -> DistrictConfig:
    keys = ["closure_rate", "on_time_rate", "overdue_issues", "inspection_score"]
    return DistrictConfig.model_validate({"district": {"code": "X", "name": "测试区"}, "ranking": {
        "red_top_n": sizes[0], "black_bottom_n": sizes[1], "in_town_red_top_n": sizes[2],
        "in_town_black_bottom_n": sizes[3],
        "indicators": [{"key": k, "weight": w} for k, w in zip(keys, weights, strict=True) if w],
        "hard_rules": [{"key": "overdue_days_at_least", "value": 10}]}})


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour), tzinfo=SH)


issue_st = st.tuples(st.sampled_from(DEADLINES), st.sampled_from(STATES))
village_st = st.tuples(st.lists(issue_st, max_size=4), st.none() | st.integers(50, 100))


@st.composite
def ledgers(draw):
    towns = {f"T{t}": draw(st.lists(village_st, min_size=1, max_size=3)) for t in range(draw(st.integers(2, 3)))}
    weights = draw(st.lists(st.sampled_from([0, 0.15, 0.25, 0.35, 1.0]), min_size=4, max_size=4)
                   .filter(lambda w: any(w)))
    sizes = draw(st.lists(st.integers(0, 2), min_size=4, max_size=4))
    return towns, weights, sizes, draw(st.integers(0, 10_000))


def write(s: Session, towns: dict) -> dict[str, str]:
    """The ledger; returns village code → town code."""
    for code in towns:
        s.add(Town(code=code, name=f"{code}镇"))
    s.add(InspectionTeam(key="team-1", name="第一督导组", leader_name="组长"))
    s.flush()
    town_ids = dict(s.execute(sa.select(Town.code, Town.id)).all())
    where = {f"{t}V{n}": t for t, villages in towns.items() for n in range(len(villages))}
    for code, t in where.items():
        s.add(Village(code=code, name=f"{code}村", town_id=town_ids[t]))
    rnd = InspectionRound(key="R2022-10-10", cycle_key="biweekly-inspection", occurrence=date(2022, 10, 10),
                          window_start=date(2022, 10, 10), window_end=date(2022, 10, 21), planned_at=OPENED,
                          max_load=12, repeats=0)
    s.add(rnd)
    s.flush()
    village_ids = dict(s.execute(sa.select(Village.code, Village.id)).all())
    team = s.execute(sa.select(InspectionTeam.id)).scalar_one()
    rows, states = [], []
    for t, villages in towns.items():
        for n, (issues, score) in enumerate(villages):
            code = f"{t}V{n}"
            if score is not None:
                s.add(Visit(round_id=rnd.id, village_id=village_ids[code], team_id=team, day=date(2022, 10, 12),
                            overdue=False, repeat=False, status=VisitStatus.done, methods=["实地查看"], score=score))
            for k, (deadline, state) in enumerate(issues):
                rows.append(NewIssue(title=f"{code}问题{k}", village=code, deadline=deadline,
                                     source_ref=f"p:{code}:{k}"))
                states.append((deadline, state))
    ids = open_issues(s, rows, at=OPENED, actor="测试", policy=POLICY, notify=False)
    for issue_id, (deadline, state) in zip(ids, states, strict=True):
        on_time_day = min(deadline, date(2022, 10, 31))
        if state == "on_time":
            settle_issue(s, issue_id, at=at(on_time_day), actor="测试", policy=POLICY)
        elif state == "late":
            settle_issue(s, issue_id, at=at(date(2022, 10, 31), 15), actor="测试", policy=POLICY)
        elif state == "awaiting":
            walk_to(s, issue_id, IssueStatus.awaiting_verification, at=at(on_time_day), actor="测试", policy=POLICY)
        elif state == "awaiting_late":
            walk_to(s, issue_id, IssueStatus.awaiting_verification, at=at(date(2022, 10, 31), 15), actor="测试",
                    policy=POLICY)
    s.flush()
    return where


def lists(s: Session, config: DistrictConfig) -> dict:
    return {(r.board, r.group, r.code): r for r in compute_lists(s, config, PERIOD, CAL, as_of=AS_OF).ranked}


def compare(before: dict, after: dict, village: str, town: str, *, worse: bool, what) -> None:
    for key in (("villages", "", village), ("villages_in_town", town, village), ("towns", "", town)):
        b, a = before[key], after[key]
        if b.score is None:
            continue
        if a.score is None:
            assert worse and b.rank == 1, (what, key, b, a)
            continue
        if worse:
            assert (a.score <= b.score and a.rank >= b.rank and SEVERITY[a.listing] <= SEVERITY[b.listing]), (
                what, key, b, a)
        else:
            assert (a.score >= b.score and a.rank <= b.rank and SEVERITY[a.listing] >= SEVERITY[b.listing]), (
                what, key, b, a)


def open_late_or_not(s: Session, code: str) -> list[Issue]:
    return list(s.execute(sa.select(Issue).join(Village, Village.id == Issue.village_id).where(
        Village.code == code, Issue.status.in_([IssueStatus.open, IssueStatus.rectifying]))
        .order_by(Issue.id)).scalars())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ledgers())
def test_on_a_real_ledger_a_problem_never_helps_and_closing_on_time_never_hurts(db_url, case):
    towns, weights, sizes, pick = case
    config = cfg(weights, sizes)
    s = Session(get_engine(db_url), expire_on_commit=False)
    try:
        where = write(s, towns)
        before = lists(s, config)
        codes = sorted(where)
        village = codes[pick % len(codes)]
        town = where[village]
        change = ["add_open", "add_overdue", "overdue_day", "close_on_time", "verify_on_time"][pick % 5]
        if change in ("add_open", "add_overdue"):
            deadline = date(2022, 11, 3) if change == "add_open" else DEADLINES[pick % 6]
            open_issues(s, [NewIssue(title=f"{village}新问题", village=village, deadline=deadline,
                                     source_ref=f"p:{village}:new")], at=OPENED, actor="测试", policy=POLICY,
                        notify=False)
        elif change == "overdue_day":  # one of its open issues one working day more past its deadline
            found = open_late_or_not(s, village)
            if not found:
                return
            issue = found[pick % len(found)]
            issue.deadline = CAL.previous_working_day(issue.deadline)
            if issue.deadline < OPENED.date():
                return
            s.add(issue)
        elif change == "close_on_time":  # one of its open issues closed by its deadline instead
            found = [i for i in open_late_or_not(s, village) if i.deadline > OPENED.date()]
            if not found:
                return
            issue = found[pick % len(found)]
            settle_issue(s, issue.id, at=at(min(issue.deadline, date(2022, 10, 31)) - timedelta(hours=1)),
                         actor="测试", policy=POLICY)
        else:  # an issue submitted on time and awaiting verification passes it
            found = list(s.execute(sa.select(Issue).join(Village, Village.id == Issue.village_id).where(
                Village.code == village, Issue.status == IssueStatus.awaiting_verification)).scalars())
            found = [i for i in found if i.submitted_at.astimezone(SH).date() <= i.deadline]
            if not found:
                return
            transition(s, found[0].id, Action.pass_, at=at(date(2022, 10, 31), 16), actor="测试", policy=POLICY)
        s.flush()
        compare(before, lists(s, config), village, town, worse=change not in ("close_on_time", "verify_on_time"),
                what=(change, village))
    finally:
        s.rollback()
        s.close()


def test_the_no_issue_rule_and_frozen_lights_on_a_ledger(db_url):
    """A village with no issue counts 100 on both rates; an issue awaiting verification counts as it stood when
    submitted: before its deadline it is not overdue although the deadline has passed since."""
    s = Session(get_engine(db_url), expire_on_commit=False)
    try:
        write(s, {"T0": [([], 80), ([(date(2022, 10, 12), "awaiting"), (date(2022, 10, 12), "awaiting_late")], 80)]})
        rows = lists(s, cfg([1, 1, 1, 1], [1, 1, 1, 1]))
        clean, frozen = rows[("villages", "", "T0V0")], rows[("villages", "", "T0V1")]
        assert clean.values == {"closure_rate": None, "on_time_rate": None, "overdue_issues": 0.0,
                                "inspection_score": 80.0}
        assert clean.normalised == {"closure_rate": 100.0, "on_time_rate": 100.0, "overdue_issues": 100.0,
                                    "inspection_score": 80.0}
        # awaiting: not closed (closure 0 of 2); one submitted late counts as the overdue issue it was then
        assert frozen.values == {"closure_rate": 0.0, "on_time_rate": 0.0, "overdue_issues": 1.0,
                                 "inspection_score": 80.0}
        assert (clean.listing, frozen.listing) == (Listing.red, Listing.black)
    finally:
        s.rollback()
        s.close()
