"""The ranking engine on hand-computed values, scoring rule 2 (the ledger-level fixture is test_ranking_ledger.py).

Indicators: closure_rate (weight 1) and inspection_score (weight 1), both on their own absolute scale: a
closure rate c counts 100·c points, an inspection score s counts s points, and the score is their mean
(a village with no issue has nothing to fix: its closure rate counts 100). By hand:

    A1  (100  + 100)/2 = 100        B1  (75  + 90)/2 = 82.5       C1  (80  + 100)/2 = 90   (hard rule)
    A2  (50   + 80)/2  = 65         B2  (100 + 80)/2 = 90         C2  (100 + 88)/2  = 94   (no issues)
    A3  (100  + 90)/2  = 95         B3  (0   + 60)/2 = 30         C3  (25  + 70)/2  = 47.5
    A4  no value at all: no data    B4  (50  + 70)/2 = 60         C4  (50  + 84)/2  = 67

District-wide, best first: A1 100, A3 95, C2 94, B2 = C1 90 (4th, tied), B1 82.5, C4 67, A2 65, B4 60,
C3 47.5, B3 30. Red top 4: A1, A3, C2 and B2 (C1 shares 4th place but hits the hard rule: black, and the red
list is not refilled). Black bottom 3: B3, C3, B4, plus C1.
"""

import pytest

from config.ranking import Board, Indicator, RankingRules
from domain.ranking.engine import UnitData, climb_ladder, rank_boards, rank_period, score_units
from domain.ranking.rule import LeftOut
from models.ranking import Listing

pytestmark = pytest.mark.rules  # pure rules on plain values: no database

C, S, OV = Indicator.closure_rate, Indicator.inspection_score, Indicator.overdue_issues
OT, G, T = Indicator.on_time_rate, Indicator.income_growth, Indicator.income_vs_target
HARD = "问题逾期10个工作日以上未整改"

RULES = RankingRules.model_validate({
    "red_top_n": 4, "black_bottom_n": 3, "in_town_red_top_n": 1, "in_town_black_bottom_n": 1,
    "indicators": [{"key": "closure_rate", "weight": 1}, {"key": "inspection_score", "weight": 1}],
    "ladder": [{"streak": 1, "action": "约谈"}, {"streak": 2, "action": "组织部约谈"}, {"streak": 3, "action": "问责"}],
})

#        code   town  closure score  hard
VILLAGES = [
    ("A1", "T1", 1.00, 100, False),
    ("A2", "T1", 0.50, 80, False),
    ("A3", "T1", 1.00, 90, False),
    ("A4", "T1", None, None, False),
    ("B1", "T2", 0.75, 90, False),
    ("B2", "T2", 1.00, 80, False),
    ("B3", "T2", 0.00, 60, False),
    ("B4", "T2", 0.50, 70, False),
    ("C1", "T3", 0.80, 100, True),
    ("C2", "T3", None, 88, False),
    ("C3", "T3", 0.25, 70, False),
    ("C4", "T3", 0.50, 84, False),
]
EXPECTED_SCORES = {"A1": 100.0, "A2": 65.0, "A3": 95.0, "A4": None, "B1": 82.5, "B2": 90.0, "B3": 30.0,
                   "B4": 60.0, "C1": 90.0, "C2": 94.0, "C3": 47.5, "C4": 67.0}


def units():
    return [UnitData(code, code, town, {C: c, S: s}, (HARD,) if hard else ())
            for code, town, c, s, hard in VILLAGES]


def board(ranked, which, scope=""):
    return {r.code: r for r in ranked if r.board is which and r.group == scope}


def listed(rows, listing):
    return sorted(code for code, r in rows.items() if r.listing is listing)


def test_scores_by_hand():
    scored = {x.unit.code: x for x in score_units(units(), RULES.indicators)}
    assert scored["B1"].normalised == {"closure_rate": 75.0, "inspection_score": 90.0}  # the points counted
    assert scored["C2"].normalised == {"closure_rate": 100.0, "inspection_score": 88.0}  # no issues: nothing to fix
    assert scored["C2"].values == {"closure_rate": None, "inspection_score": 88}  # shown as it is: no rate
    assert scored["A4"].normalised == {} and scored["A4"].score is None
    assert {code: x.score for code, x in scored.items()} == EXPECTED_SCORES


def test_district_wide_village_list():
    rows = board(rank_period(units(), [], RULES, applicable=[C, S]), Board.villages)
    assert {c: r.rank for c, r in rows.items()} == {
        "A1": 1, "A3": 2, "C2": 3, "B2": 4, "C1": 4, "B1": 6, "C4": 7, "A2": 8, "B4": 9, "C3": 10, "B3": 11,
        "A4": None}
    assert listed(rows, Listing.red) == ["A1", "A3", "B2", "C2"]  # C1 shares 4th place: black by the hard rule
    assert listed(rows, Listing.black) == ["B3", "B4", "C1", "C3"]  # bottom 3 plus the hard-rule high scorer
    assert listed(rows, Listing.no_data) == ["A4"]
    assert HARD in rows["C1"].reasons and rows["C1"].score == 90.0
    assert rows["B3"].reasons[0] == "综合得分30.00，排名倒数第1（共11个单位参与排名）"
    assert "问题销号率0.0%" in rows["B3"].reasons  # 0 points: a weak point
    assert not any("督查平均得分" in r for r in rows["B3"].reasons)  # 60 points is not below 50
    assert "问题销号率25.0%" in rows["C3"].reasons


def test_villages_within_each_town():
    ranked = rank_period(units(), [], RULES, applicable=[C, S])
    t1, t2, t3 = (board(ranked, Board.villages_in_town, t) for t in ("T1", "T2", "T3"))
    assert (listed(t1, Listing.red), listed(t1, Listing.black), listed(t1, Listing.no_data)) == (["A1"], ["A2"],
                                                                                                  ["A4"])
    assert (listed(t2, Listing.red), listed(t2, Listing.black)) == (["B2"], ["B3"])
    assert (listed(t3, Listing.red), listed(t3, Listing.black)) == (["C2"], ["C1", "C3"])
    assert t1["A1"].score == board(ranked, Board.villages)["A1"].score  # absolute points: the same on both boards


def test_all_tied_or_small_groups_list_nobody_by_rank():
    same = [UnitData(c, c, "T", {S: 80.0}) for c in ("X", "Y", "Z")]
    rows = board(rank_period(same, [], RULES, applicable=[S]), Board.villages)
    assert {r.listing for r in rows.values()} == {Listing.unlisted}
    assert {r.score for r in rows.values()} == {80.0}  # an absolute score stays what it is: never 100 for all


def test_unbounded_figures_are_normalised_over_the_board_and_lower_is_better():
    rules = RankingRules.model_validate({"red_top_n": 1, "black_bottom_n": 1, "indicators": [
        {"key": "overdue_issues", "weight": 1}, {"key": "income_growth", "weight": 3}]})
    assert rules.indicators[0].direction == "lower"  # the indicator's own direction by default
    towns = [UnitData("T1", "一镇", None, {OV: 0, G: 0.5}),
             UnitData("T2", "二镇", None, {OV: 4, G: 0.1}),
             UnitData("T3", "三镇", None, {OV: 1, G: 0.9})]
    rows = board(rank_period([], towns, rules, applicable=[OV]), Board.towns)  # a month: no income indicator
    # overdue 0, 4, 1 over min 0 and max 4: 100·(4 − v)/4 → 100, 0, 75
    assert {c: r.score for c, r in rows.items()} == {"T1": 100.0, "T2": 0.0, "T3": 75.0}
    assert (listed(rows, Listing.red), listed(rows, Listing.black)) == (["T1"], ["T2"])
    assert "逾期问题数4个" in rows["T2"].reasons
    rows = board(rank_period([], towns, rules, applicable=[OV, G]), Board.towns)
    # growth 0.5, 0.1, 0.9 over min 0.1 and max 0.9: 50, 0, 100; T3: (75 + 3·100)/4
    assert rows["T3"].score == round((75 + 3 * 100) / 4, 2) and rows["T3"].listing is Listing.red


def test_a_figure_equal_for_every_unit_of_a_board_is_left_out_there():
    rules = RankingRules.model_validate({"red_top_n": 1, "black_bottom_n": 1, "indicators": [
        {"key": "overdue_issues", "weight": 1}, {"key": "inspection_score", "weight": 1}]})
    villages = [UnitData("A1", "A1", "T1", {OV: 2, S: 90}), UnitData("A2", "A2", "T1", {OV: 2, S: 70}),
                UnitData("B1", "B1", "T2", {OV: 0, S: 80}), UnitData("B2", "B2", "T2", {OV: 1, S: 80})]
    boards = rank_boards(villages, [], rules, applicable=[OV, S])
    assert boards.left_out == [LeftOut(Board.villages_in_town, "T1", OV, 2.0)]
    in_t1 = board(boards.ranked, Board.villages_in_town, "T1")
    assert {c: (r.score, r.normalised) for c, r in in_t1.items()} == {
        "A1": (90.0, {"inspection_score": 90.0}), "A2": (70.0, {"inspection_score": 70.0})}  # never 100 for all
    # district-wide overdue 2, 2, 0, 1 → points 0, 0, 100, 50: A1 (0 + 90)/2 = 45, B1 (100 + 80)/2 = 90
    wide = board(boards.ranked, Board.villages)
    assert {c: r.score for c, r in wide.items()} == {"A1": 45.0, "A2": 35.0, "B1": 90.0, "B2": 65.0}
    assert in_t1["A1"].score != wide["A1"].score  # a village's score is per board: normalised over the board
    t2 = board(boards.ranked, Board.villages_in_town, "T2")  # over T2 alone: overdue 0, 1 → 100, 0
    assert {c: r.score for c, r in t2.items()} == {"B1": 90.0, "B2": 40.0}


def test_rates_count_on_their_scale_capped_at_100_and_no_issue_counts_as_nothing_to_fix():
    rules = RankingRules.model_validate({"indicators": [
        {"key": "closure_rate", "weight": 1}, {"key": "on_time_rate", "weight": 1},
        {"key": "overdue_issues", "weight": 1}, {"key": "income_vs_target", "weight": 1}]})
    villages = [
        UnitData("V1", "V1", "T", {C: 0.62, OT: 0.5, OV: 1.0, T: 1.3}),  # income above target counts 100
        UnitData("V2", "V2", "T", {T: 0.8}),  # no issue: 100, 100 and 0 overdue issues (the best count here)
        UnitData("V3", "V3", "T", {C: 0.0, OV: 0.0}),  # issues, none closed, none late: on-time counts 100
        UnitData("V4", "V4", "T", {}),  # nothing at all: no data, no defaults
    ]
    scored = {x.unit.code: x for x in score_units(villages, rules.indicators)}
    assert scored["V1"].normalised == {"closure_rate": 62.0, "on_time_rate": 50.0, "overdue_issues": 0.0,
                                       "income_vs_target": 100.0}
    assert scored["V2"].normalised == {"closure_rate": 100.0, "on_time_rate": 100.0, "overdue_issues": 100.0,
                                       "income_vs_target": 80.0}
    assert scored["V2"].values == {"closure_rate": None, "on_time_rate": None, "overdue_issues": 0.0,
                                   "income_vs_target": 0.8}
    assert scored["V3"].normalised == {"closure_rate": 0.0, "on_time_rate": 100.0, "overdue_issues": 100.0}
    assert [scored[c].score for c in ("V1", "V2", "V3", "V4")] == [53.0, 95.0, 66.67, None]


def test_a_board_where_every_value_is_left_out_has_no_score_but_says_why():
    rules = RankingRules.model_validate({"indicators": [{"key": "income_growth", "weight": 1}]})
    towns = [UnitData(t, t, None, {G: 0.1}) for t in ("T1", "T2")]
    rows = board(rank_period([], towns, rules, applicable=[G]), Board.towns)
    assert {(r.score, r.listing, r.reasons) for r in rows.values()} == {
        (None, Listing.no_data, ("本榜各项指标均无区分度",))}


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


def test_a_unit_nobody_scores_above_is_never_black_by_rank_nor_one_nobody_scores_below_red():
    three = [UnitData(c, c, "T", {S: s}) for c, s in (("X", 90.0), ("Y", 80.0), ("Z", 70.0))]
    no_red = RankingRules.model_validate({"red_top_n": 0, "black_bottom_n": 3, "boards": ["villages"],
                                          "indicators": [{"key": "inspection_score", "weight": 1}]})
    rows = board(rank_period(three, [], no_red, applicable=[S]), Board.villages)
    assert (listed(rows, Listing.black), listed(rows, Listing.unlisted)) == (["Y", "Z"], ["X"])
    no_black = no_red.model_copy(update={"red_top_n": 3, "black_bottom_n": 0})
    rows = board(rank_period(three, [], no_black, applicable=[S]), Board.villages)
    assert (listed(rows, Listing.red), listed(rows, Listing.unlisted)) == (["X", "Y"], ["Z"])
    rows = board(rank_period(three[:1], [], no_red, applicable=[S]), Board.villages)
    assert rows["X"].listing is Listing.unlisted  # alone: nobody above it
