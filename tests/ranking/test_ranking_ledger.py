"""The hand-computed fixture on a real ledger: 12 villages in 3 towns, their issues and inspection scores
written out below, ranked on closure_rate (weight 1) and inspection_score (weight 1) for October 2022.

Scoring rule 2: both indicators count on their own scale (closure rate c → 100·c points, inspection score s
→ s points) and a score is their mean; a village without issues has nothing to fix (closure counts 100). The
per-village arithmetic is beside OCTOBER and equals tests/ranking/test_ranking_engine.py. The towns, by hand:
    T1  closure 4 of 5 = 0.8 → 80;   inspection (100 + 80 + 90)/3 = 90       → (80 + 90)/2 = 85
    T2  closure 5 of 9 → 55.56;      inspection (90 + 80 + 60 + 70)/4 = 75   → (500/9 + 75)/2 = 65.28
    T3  closure 6 of 11 → 54.55;     inspection (100 + 88 + 70 + 84)/4 = 85.5 → (600/11 + 85.5)/2 = 70.02
Then December, January and February (inspection scores only, and no issue: every issue is closed in November,
so every closure rate counts 100) give B3 a three-period streak that climbs the ladder, and a reset.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from config.rules import IssueRules
from domain.calendar import parse_period
from domain.calendar.workdays import WorkingCalendar
from domain.issues.lifecycle import settle_issue
from domain.issues.raising import IssuePolicy, NewIssue, open_issues
from domain.ranking import preview_lists, publish_period, published, revoke_period, show_list
from domain.unit_of_work import unit_of_work
from models.audit import AuditEvent
from models.db import session_scope
from models.org import InspectionTeam, Town, Village
from models.ranking import Listing
from models.rounds import InspectionRound, Visit, VisitStatus

CAL = WorkingCalendar()
CFG = DistrictConfig.model_validate({
    "district": {"code": "X", "name": "测试区"},
    "ranking": {"rule_version": "fixture-1", "red_top_n": 4, "black_bottom_n": 3,
                "in_town_red_top_n": 1, "in_town_black_bottom_n": 1,
                "indicators": [{"key": "closure_rate", "weight": 1}, {"key": "inspection_score", "weight": 1}],
                "hard_rules": [{"key": "overdue_days_at_least", "value": 10, "reason": "问题逾期10个工作日以上未整改"}],
                "ladder": [{"streak": 1, "action": "约谈"}, {"streak": 2, "action": "组织部约谈"},
                           {"streak": 3, "action": "问责"}]},
})
TOWNS = {"T1": "一镇", "T2": "二镇", "T3": "三镇"}
# village: (town, issues closed in October, issues still open at its end, October inspection score)
OCTOBER = {
    "A1": ("T1", 2, 0, 100),  # closure 1.00 → 100 points, score 100: (100 + 100)/2 = 100
    "A2": ("T1", 1, 1, 80),   # 0.50 → 50, 80: (50 + 80)/2 = 65
    "A3": ("T1", 1, 0, 90),   # 1.00 → 100, 90: 95
    "A4": ("T1", 0, 0, None),  # nothing at all: no data
    "B1": ("T2", 3, 1, 90),   # 0.75 → 75, 90: 82.5
    "B2": ("T2", 1, 0, 80),   # 1.00 → 100, 80: 90  ┐ a tie at 4th place
    "C1": ("T3", 4, 1, 100),  # 0.80 → 80, 100: 90  ┘ but its open issue is overdue by 11 working days: black
    "B3": ("T2", 0, 2, 60),   # 0.00 → 0, 60: 30
    "B4": ("T2", 1, 1, 70),   # 0.50 → 50, 70: 60
    "C2": ("T3", 0, 0, 88),   # no issues: nothing to fix, closure counts 100; 88: 94
    "C3": ("T3", 1, 3, 70),   # 0.25 → 25, 70: 47.5
    "C4": ("T3", 1, 1, 84),   # 0.50 → 50, 84: 67
}
LATER = {  # December, January, February: one visit each (A4 never); every other village scores 80
    "2022-12": {"B3": 50}, "2023-01": {"B3": 50}, "2023-02": {"B3": 95},
}


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=DISTRICT_TZ)


def work(url, as_of, actor="测试"):
    return unit_of_work(url=url, config=CFG, as_of=as_of, actor=actor)


@pytest.fixture
def ledger(db_url):
    with session_scope(db_url) as s:
        for code, name in TOWNS.items():
            s.add(Town(code=code, name=name))
        s.add(InspectionTeam(key="team-1", name="第一督导组", leader_name="组长"))
        s.flush()
        towns = dict(s.execute(sa.select(Town.code, Town.id)).all())
        for code, (town, *_) in OCTOBER.items():
            s.add(Village(code=code, name=f"{code}村", town_id=towns[town]))
        s.flush()
        ids = dict(s.execute(sa.select(Village.code, Village.id)).all())
        team = s.execute(sa.select(InspectionTeam.id)).scalar_one()
        policy = IssuePolicy(IssueRules(), CAL)
        rows, to_close, late = [], [], []
        for code, (_, closed, still_open, _) in OCTOBER.items():
            for n in range(closed + still_open):
                overdue = code == "C1" and n == closed  # C1's open issue: due 10-14, overdue by 11 on 10-31
                rows.append(NewIssue(title=f"{code}问题{n + 1}", village=code, source_ref=f"fixture:{code}:{n}",
                                     deadline=date(2022, 10, 14) if overdue else date(2022, 10, 28)))
                (to_close if n < closed else late).append(len(rows) - 1)
        issue_ids = open_issues(s, rows, at=at(2022, 10, 10), actor="测试", policy=policy)
        for i in to_close:
            settle_issue(s, issue_ids[i], at=at(2022, 10, 20), actor="测试", policy=policy)
        for i in late:  # everything still open in October is closed on November 1st
            settle_issue(s, issue_ids[i], at=at(2022, 11, 1), actor="测试", policy=policy)
        visits = [(date(2022, 10, 12), code, score) for code, (*_, score) in OCTOBER.items() if score is not None]
        for month, special in LATER.items():
            y, m = map(int, month.split("-"))
            visits += [(date(y, m, 12), code, special.get(code, 80)) for code in OCTOBER if code != "A4"]
        for day in sorted({d for d, _, _ in visits}):
            rnd = InspectionRound(key=f"R{day.isoformat()}", cycle_key="biweekly-inspection", occurrence=day,
                                  window_start=day, window_end=day, planned_at=at(day.year, day.month, day.day),
                                  max_load=12, repeats=0)
            s.add(rnd)
            s.flush()
            for d, code, score in visits:
                if d == day:
                    s.add(Visit(round_id=rnd.id, village_id=ids[code], team_id=team, day=d, overdue=False,
                                repeat=False, status=VisitStatus.done, methods=["实地查看"], score=score))
    return db_url


def publish(url, month, as_of, tmp_path):
    with work(url, as_of) as uow:
        return publish_period(uow, parse_period(month), outputs_dir=tmp_path).lists


def board(url, period, which, scope=""):
    with work(url, at(2023, 6, 1)) as uow:
        shown = show_list(uow, parse_period(period))
    return {e.unit_code: e for e in shown.entries if e.board == which and e.scope == scope}


def listed(rows, listing):
    return sorted(code for code, e in rows.items() if e.listing == listing)


def test_october_lists_by_hand_then_frozen_and_revoked(ledger, tmp_path):
    publish(ledger, "2022-10", at(2022, 11, 1, 8), tmp_path)
    villages = board(ledger, "2022-10", "villages")
    assert {c: e.score for c, e in villages.items()} == {
        "A1": 100.0, "A2": 65.0, "A3": 95.0, "A4": None, "B1": 82.5, "B2": 90.0, "B3": 30.0, "B4": 60.0,
        "C1": 90.0, "C2": 94.0, "C3": 47.5, "C4": 67.0}
    assert {c: e.rank for c, e in villages.items() if e.rank} == {
        "A1": 1, "A3": 2, "C2": 3, "B2": 4, "C1": 4, "B1": 6, "C4": 7, "A2": 8, "B4": 9, "C3": 10, "B3": 11}
    assert listed(villages, Listing.red) == ["A1", "A3", "B2", "C2"]  # C1, tied 4th, is black by the hard rule
    assert listed(villages, Listing.black) == ["B3", "B4", "C1", "C3"]  # C1: a high scorer by the hard rule
    assert listed(villages, Listing.no_data) == ["A4"]
    assert villages["C1"].reasons[0] == "问题逾期10个工作日以上未整改（最长逾期11个工作日）"
    assert villages["C2"].values == {"closure_rate": None, "inspection_score": 88.0}
    assert villages["C2"].normalised == {"closure_rate": 100.0, "inspection_score": 88.0}  # the points counted
    assert villages["B1"].values == {"closure_rate": 0.75, "inspection_score": 90.0}
    in_town = {t: board(ledger, "2022-10", "villages_in_town", t) for t in TOWNS}
    assert [(listed(in_town[t], Listing.red), listed(in_town[t], Listing.black)) for t in TOWNS] == [
        (["A1"], ["A2"]), (["B2"], ["B3"]), (["C2"], ["C1", "C3"])]
    towns = board(ledger, "2022-10", "towns")  # 3 towns, red 4 / black 3: only the hard rule lists one
    assert {c: e.score for c, e in towns.items()} == {"T1": 85.0, "T2": 65.28, "T3": 70.02}
    assert (listed(towns, Listing.red), listed(towns, Listing.black)) == ([], ["T3"])
    assert towns["T1"].values == {"closure_rate": 0.8, "inspection_score": 90.0}  # 4 of 5; (100+80+90)/3
    with session_scope(ledger) as s:
        snap = published(s, "2022-10")
        assert (snap.scoring_rule, snap.left_out) == (2, [])  # the rule it was computed with; nothing left out

    before = {c: (e.score, e.rank, e.listing, e.values, e.reasons) for c, e in villages.items()}
    with session_scope(ledger) as s:  # the data changes after publication: B3 gets a perfect October visit
        b3 = s.execute(sa.select(Village.id).where(Village.code == "B3")).scalar_one()
        s.execute(sa.update(Visit).where(Visit.village_id == b3, Visit.day == date(2022, 10, 12)).values(score=100))
    with work(ledger, at(2022, 11, 1, 8)) as uow:
        now = preview_lists(uow, parse_period("2022-10"))
    assert next(r for r in now.ranked if r.code == "B3" and r.board == "villages").score == 50.0  # (0 + 100)/2
    after = board(ledger, "2022-10", "villages")
    assert {c: (e.score, e.rank, e.listing, e.values, e.reasons) for c, e in after.items()} == before

    with work(ledger, at(2022, 11, 2), actor="组织部") as uow:
        revoke_period(uow, parse_period("2022-10"), reason="B3督查得分录入有误")
    with session_scope(ledger) as s:
        event = s.execute(sa.select(AuditEvent).where(AuditEvent.entity == "ranking")
                          .order_by(AuditEvent.id.desc())).scalars().first()
    assert (event.action, event.entity_id, event.actor, event.to_state) == ("revoke", "2022-10", "组织部", "revoked")
    assert "B3督查得分录入有误" in event.note


def test_three_period_streak_with_a_reset(ledger, tmp_path):
    for month, as_of in (("2022-10", at(2022, 11, 1, 8)), ("2022-12", at(2023, 1, 3)), ("2023-01", at(2023, 2, 1)),
                         ("2023-02", at(2023, 3, 1))):
        publish(ledger, month, as_of, tmp_path)
    b3 = [board(ledger, m, "villages")["B3"] for m in ("2022-10", "2022-12", "2023-01", "2023-02")]
    assert [(e.listing, e.streak, e.action) for e in b3] == [
        (Listing.black, 1, "约谈"), (Listing.black, 2, "组织部约谈"), (Listing.black, 3, "问责"),
        (Listing.red, 0, None)]
    assert b3[2].reasons[-1] == "连续第3次列入黑榜：问责"
    december = board(ledger, "2022-12", "villages")
    # no issue in December: closure counts 100 for all; B3 (100 + 50)/2 = 75, the rest tie at (100 + 80)/2 = 90
    assert {e.score for c, e in december.items() if c not in ("B3", "A4")} == {90.0} and december["B3"].score == 75.0
    assert listed(december, Listing.black) == ["B3"] and listed(december, Listing.red) == []
    assert december["A4"].listing == Listing.no_data
