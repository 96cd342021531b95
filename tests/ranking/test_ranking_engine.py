"""The ranking engine on hand-computed values (the ledger-level fixture is in test_ranking_ledger.py).

Indicators: closure_rate (weight 1, higher) and inspection_score (weight 1, higher). Over the 11 villages
with data, closure runs 0–1 and scores 60–100, so n(closure) = 100·c and n(score) = 2.5·(s − 60).
"""

from config.ranking import Board, Indicator, RankingRules
from domain.ranking.engine import UnitData, climb_ladder, normalise, rank_period, weighted_score
from models.ranking import Listing

C, S, OV = Indicator.closure_rate, Indicator.inspection_score, Indicator.overdue_issues
HARD = "问题逾期10个工作日以上未整改"

RULES = RankingRules.model_validate({
    "red_top_n": 4, "black_bottom_n": 3, "in_town_red_top_n": 1, "in_town_black_bottom_n": 1,
    "indicators": [{"key": "closure_rate", "weight": 1}, {"key": "inspection_score", "weight": 1}],
    "ladder": [{"streak": 1, "action": "约谈"}, {"streak": 2, "action": "组织部约谈"}, {"streak": 3, "action": "问责"}],
})

#        code   town  closure score  hard     → score (hand-computed)
VILLAGES = [
    ("A1", "T1", 1.00, 100, False),  # 100
    ("A2", "T1", 0.50, 80, False),   # 50
    ("A3", "T1", 1.00, 90, False),   # 87.5
    ("A4", "T1", None, None, False),  # no data
    ("B1", "T2", 0.75, 90, False),   # 75 ┐ tie
    ("B2", "T2", 1.00, 80, False),   # 75 ┘
    ("B3", "T2", 0.00, 60, False),   # 0
    ("B4", "T2", 0.50, 70, False),   # 37.5
    ("C1", "T3", 0.80, 100, True),   # 90, hits the hard rule: black, not red
    ("C2", "T3", None, 88, False),   # 70 (no issues: scored on its inspection score alone)
    ("C3", "T3", 0.25, 70, False),   # 25
    ("C4", "T3", 0.50, 84, False),   # 55
]
EXPECTED_SCORES = {"A1": 100.0, "A2": 50.0, "A3": 87.5, "A4": None, "B1": 75.0, "B2": 75.0, "B3": 0.0,
                   "B4": 37.5, "C1": 90.0, "C2": 70.0, "C3": 25.0, "C4": 55.0}


def units():
    return [UnitData(code, code, town, {C: c, S: s}, (HARD,) if hard else ())
            for code, town, c, s, hard in VILLAGES]


def board(ranked, which, scope=""):
    return {r.code: r for r in ranked if r.board is which and r.group == scope}


def listed(rows, listing):
    return sorted(code for code, r in rows.items() if r.listing is listing)


def test_scores_by_hand():
    norm = normalise(units(), RULES.indicators)
    assert norm["B1"] == {"closure_rate": 75.0, "inspection_score": 75.0}
    assert norm["C2"] == {"inspection_score": 70.0}
    assert norm["A4"] == {}
    assert {u.code: weighted_score(norm[u.code], RULES.indicators) for u in units()} == EXPECTED_SCORES


def test_district_wide_village_list():
    rows = board(rank_period(units(), [], RULES, applicable=[C, S]), Board.villages)
    assert {c: r.rank for c, r in rows.items()} == {
        "A1": 1, "C1": 2, "A3": 3, "B1": 4, "B2": 4, "C2": 6, "C4": 7, "A2": 8, "B4": 9, "C3": 10, "B3": 11,
        "A4": None}
    assert listed(rows, Listing.red) == ["A1", "A3", "B1", "B2"]  # the tie at 4th place listed together
    assert listed(rows, Listing.black) == ["B3", "B4", "C1", "C3"]  # bottom 3 plus the hard-rule high scorer
    assert listed(rows, Listing.no_data) == ["A4"]
    assert HARD in rows["C1"].reasons and rows["C1"].score == 90.0
    assert rows["B3"].reasons[0] == "综合得分0.00，排名倒数第1（共11个单位参与排名）"
    assert "问题销号率0.0%" in rows["B3"].reasons and "督查平均得分60.0分" in rows["B3"].reasons


def test_villages_within_each_town():
    ranked = rank_period(units(), [], RULES, applicable=[C, S])
    t1, t2, t3 = (board(ranked, Board.villages_in_town, t) for t in ("T1", "T2", "T3"))
    assert (listed(t1, Listing.red), listed(t1, Listing.black), listed(t1, Listing.no_data)) == (["A1"], ["A2"],
                                                                                                  ["A4"])
    assert (listed(t2, Listing.red), listed(t2, Listing.black)) == (["B1", "B2"], ["B3"])
    assert (listed(t3, Listing.red), listed(t3, Listing.black)) == ([], ["C1", "C3"])  # no refill below the top
    assert t1["A1"].score == board(ranked, Board.villages)["A1"].score  # one score on both boards


def test_all_tied_or_small_groups_list_nobody_by_rank():
    same = [UnitData(c, c, "T", {S: 80.0}) for c in ("X", "Y", "Z")]
    rows = board(rank_period(same, [], RULES, applicable=[S]), Board.villages)
    assert {r.listing for r in rows.values()} == {Listing.unlisted}
    assert {r.score for r in rows.values()} == {100.0}


def test_lower_is_better_and_inapplicable_indicators_are_ignored():
    rules = RankingRules.model_validate({"red_top_n": 1, "black_bottom_n": 1, "indicators": [
        {"key": "overdue_issues", "weight": 1, "direction": "lower"}, {"key": "income_growth", "weight": 3}]})
    towns = [UnitData("T1", "一镇", None, {OV: 0, Indicator.income_growth: 0.5}),
             UnitData("T2", "二镇", None, {OV: 4, Indicator.income_growth: 0.1}),
             UnitData("T3", "三镇", None, {OV: 1, Indicator.income_growth: 0.9})]
    rows = board(rank_period([], towns, rules, applicable=[OV]), Board.towns)  # a month: no income indicator
    assert {c: r.score for c, r in rows.items()} == {"T1": 100.0, "T2": 0.0, "T3": 75.0}
    assert (listed(rows, Listing.red), listed(rows, Listing.black)) == (["T1"], ["T2"])
    assert "逾期问题数4个" in rows["T2"].reasons
    rows = board(rank_period([], towns, rules, applicable=[OV, Indicator.income_growth]), Board.towns)
    assert rows["T3"].score == round((75 + 3 * 100) / 4, 2) and rows["T3"].listing is Listing.red


def test_streaks_climb_the_ladder_and_reset():
    ranked = board(rank_period(units(), [], RULES, applicable=[C, S]), Board.villages)
    previous = {(Board.villages, "B3"): 2, (Board.villages, "B4"): 0, (Board.villages, "A1"): 3,
                (Board.villages, "A4"): 1}
    rows = {r.code: r for r in climb_ladder(list(ranked.values()), previous, RULES)}
    assert (rows["B3"].streak, rows["B3"].action) == (3, "问责")
    assert rows["B3"].reasons[-1] == "连续第3次列入黑榜：问责"
    assert (rows["B4"].streak, rows["B4"].action) == (1, "约谈")
    assert rows["B4"].reasons[-1] == "首次列入黑榜：约谈"
    assert (rows["A1"].streak, rows["A1"].action) == (0, None)  # ranked and not black: reset
    assert rows["A4"].streak == 1  # no data: neither extended nor reset
