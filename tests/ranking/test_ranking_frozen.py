"""An issue awaiting verification counts, in every indicator and hard rule, as it stood at its submission (its
light is frozen) — October 2022, four villages, each with one issue due 2022-10-12:

    V1  submitted 10-14 (2 working days late), awaiting verification on 10-31: overdue by 2, not by 13
    V2  flagged for the black list on 10-27, its submission recorded on 10-28 as made on 10-20: at its
        submission it was overdue by 6 and not flagged — neither hard rule
    V3  flagged on 10-26 and still open on 10-31: overdue by 13 and flagged — both hard rules
    V4  flagged on 10-26, submitted on 10-27 (overdue by 11 then): both hard rules, as it stood at submission
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from config.district import DistrictConfig
from config.rules import IssueRules
from domain.calendar import WorkingCalendar
from domain.calendar.periods import parse_period
from domain.issues import IssuePolicy, NewIssue, open_issues
from domain.issues.lifecycle import walk_to
from domain.ranking.publish import compute_lists
from models.db import session_scope
from models.issues import IssueFlag, IssueStatus
from models.org import Town, Village

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkingCalendar()
POLICY = IssuePolicy(IssueRules(), CAL)
CFG = DistrictConfig.model_validate({"district": {"code": "X", "name": "测试区"}, "ranking": {
    "boards": ["villages"], "red_top_n": 0, "black_bottom_n": 0,
    "indicators": [{"key": "closure_rate", "weight": 1}, {"key": "on_time_rate", "weight": 1},
                   {"key": "overdue_issues", "weight": 1}],
    "hard_rules": [{"key": "overdue_days_at_least", "value": 10, "reason": "逾期10个工作日以上"},
                   {"key": "escalated_to_blacklist", "reason": "经督办仍未整改"}]}})


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2022, month, day), time(hour), tzinfo=SH)


def test_awaiting_verification_counts_as_it_stood_at_submission(db_url):
    with session_scope(db_url) as s:
        s.add(Town(code="T1", name="一镇"))
        s.flush()
        town = s.execute(sa.select(Town.id)).scalar_one()
        s.add_all([Village(code=f"V{n}", name=f"V{n}村", town_id=town) for n in range(1, 5)])
        s.flush()
        ids = dict(zip([f"V{n}" for n in range(1, 5)], open_issues(s, [
            NewIssue(title=f"V{n}问题", village=f"V{n}", deadline=date(2022, 10, 12)) for n in range(1, 5)],
            at=at(10, 10, 9), actor="测试", policy=POLICY, notify=False), strict=True))
        s.add_all([IssueFlag(issue_id=ids["V2"], flagged_at=at(10, 27, 9), overdue_days=11),
                   IssueFlag(issue_id=ids["V3"], flagged_at=at(10, 26, 9), overdue_days=10),
                   IssueFlag(issue_id=ids["V4"], flagged_at=at(10, 26, 9), overdue_days=10)])
        awaiting = IssueStatus.awaiting_verification
        walk_to(s, ids["V1"], awaiting, at=at(10, 14), actor="测试", policy=POLICY)
        walk_to(s, ids["V2"], awaiting, at=at(10, 28), actor="测试", policy=POLICY, submitted_at=at(10, 20))
        walk_to(s, ids["V4"], awaiting, at=at(10, 27), actor="测试", policy=POLICY)
    with session_scope(db_url) as s:
        rows = {r.code: r for r in compute_lists(s, CFG, parse_period("2022-10"), CAL,
                                                  as_of=datetime(2022, 11, 1, 8, tzinfo=SH)).ranked}
    # every issue is open (not closed) at the end and overdue as it stood: closure 0, on-time 0 of 1, 1 overdue
    assert {r.values["overdue_issues"] for r in rows.values()} == {1.0}
    assert (rows["V1"].listing, rows["V2"].listing) == ("unlisted", "unlisted")  # 2 and 6 days, never flagged
    assert rows["V3"].reasons[:2] == ("逾期10个工作日以上（最长逾期13个工作日）", "经督办仍未整改（1个问题）")
    assert rows["V4"].reasons[:2] == ("逾期10个工作日以上（最长逾期11个工作日）", "经督办仍未整改（1个问题）")


def test_the_readme_and_both_area_docs_state_the_frozen_rule_in_the_same_words():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sentence = ("An issue awaiting verification (待验收) counts, in every indicator and hard rule, as it stood at its "
                "submission (its light is frozen): it is not closed, it is overdue only if it was submitted after its "
                "deadline, by the working days up to its submission, and it counts as flagged for the black list "
                "only if it was flagged by then.")
    for doc in ("README.md", "docs/ranking.md", "docs/issues.md"):  # as rendered: line breaks are spaces
        assert sentence in " ".join((root / doc).read_text(encoding="utf-8").split()), doc
