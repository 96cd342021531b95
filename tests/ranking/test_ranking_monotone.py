"""Scoring is monotone (DOMAIN.md), as properties of the real ranking over random districts (hypothesis).

A district of a few towns and villages is drawn at the level of the ledger's figures: each village's and each
town's own issues (closed on time, closed late, open within the deadline, open and overdue by N working days),
its inspection visits and the campaign milestones it did on time. The figures become indicator values through
the same functions the ledger path uses (domain.ranking.issue_indicators.issue_values, the towns rolled up as
domain.issues.stats and domain.ranking.data do), and every board is ranked by domain.ranking.rank_boards.
tests/ranking/test_ranking_monotone_ledger.py checks the same on a real SQLite ledger.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.ranking import Board, Indicator, RankingRules
from domain.issues.stats import IssueStats
from domain.ranking.engine import Ranked, UnitData, rank_boards
from domain.ranking.issue_indicators import issue_values
from models.ranking import Listing

# The global `random` is not used here; after an e2e test in the same session the websockets client of Prefect's
# events worker still retries in a background thread with random.random() jitter, which hypothesis would report.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning")

HARD_DAYS = 10
HARD_TEXT = "问题逾期10个工作日以上未整改"
SEVERITY = {Listing.black: 0, Listing.unlisted: 1, Listing.no_data: 1, Listing.red: 2}  # how good a listing is


@dataclass
class Issues:
    """One unit's own issues at the end of the period."""

    on_time: int = 0  # closed on time in the period
    late: int = 0  # closed late in the period
    open_ok: int = 0  # open, within the deadline
    overdue: list[int] = field(default_factory=list)  # open and overdue, by N working days each

    def stats(self, code: str) -> IssueStats | None:
        closed, still_open = self.on_time + self.late, self.open_ok + len(self.overdue)
        if not closed + still_open:
            return None
        return IssueStats(code, raised=closed + still_open, closed=closed, closed_on_time=self.on_time,
                          open_overdue=len(self.overdue), max_overdue_days=max(self.overdue, default=0),
                          open_at_end=still_open)


@dataclass
class Village:
    code: str
    town: str
    issues: Issues
    visits: list[int]  # the period's inspection scores
    hits: int  # campaign milestones due that it did by their due date


@dataclass
class District:
    towns: list[str]
    villages: list[Village]
    town_issues: dict[str, Issues]  # a town's own issues
    due: int  # campaign milestones due by the data day (0: the campaign indicator has no data)
    rules: RankingRules
    applicable: frozenset[Indicator]


def _roll_up(parts: list[IssueStats | None], code: str) -> IssueStats | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return IssueStats(code, raised=sum(p.raised for p in parts), closed=sum(p.closed for p in parts),
                      closed_on_time=sum(p.closed_on_time for p in parts),
                      open_overdue=sum(p.open_overdue for p in parts),
                      max_overdue_days=max(p.max_overdue_days for p in parts),
                      open_at_end=sum(p.open_at_end for p in parts))


def _hard(stats: IssueStats | None) -> tuple[str, ...]:
    if stats is not None and stats.max_overdue_days >= HARD_DAYS:
        return (f"{HARD_TEXT}（最长逾期{stats.max_overdue_days}个工作日）",)
    return ()


def unit_data(d: District) -> tuple[list[UnitData], list[UnitData]]:
    """The villages' and towns' indicator values, as domain/ranking/data.py computes them from the ledger."""
    applicable = set(d.applicable)
    villages, towns = [], []
    for v in d.villages:
        stats = v.issues.stats(v.code)
        values: dict[Indicator, float | None] = dict(issue_values(stats, applicable))
        if Indicator.inspection_score in applicable and v.visits:
            values[Indicator.inspection_score] = sum(v.visits) / len(v.visits)
        if Indicator.campaign_completion in applicable and d.due:
            values[Indicator.campaign_completion] = v.hits / d.due
        villages.append(UnitData(v.code, f"{v.code}村", v.town, values, _hard(stats)))
    for t in d.towns:
        mine = [v for v in d.villages if v.town == t]
        stats = _roll_up([v.issues.stats(v.code) for v in mine] + [d.town_issues[t].stats(t)], t)
        values = dict(issue_values(stats, applicable))
        visits = [s for v in mine for s in v.visits]
        if Indicator.inspection_score in applicable and visits:
            values[Indicator.inspection_score] = sum(visits) / len(visits)
        if Indicator.campaign_completion in applicable and d.due and mine:
            values[Indicator.campaign_completion] = sum(v.hits for v in mine) / (d.due * len(mine))
        towns.append(UnitData(t, f"{t}镇", None, values, _hard(stats)))
    return villages, towns


def rank(d: District) -> dict[tuple[Board, str, str], Ranked]:
    villages, towns = unit_data(d)
    ranked = rank_boards(villages, towns, d.rules, applicable=d.applicable).ranked
    return {(r.board, r.group, r.code): r for r in ranked}


small = st.sampled_from([0, 0, 0, 1, 2, 3])
issues_st = st.builds(Issues, on_time=small, late=small, open_ok=small,
                      overdue=st.lists(st.sampled_from([1, 2, 9, 10, 14]), max_size=3))
WEIGHTS = st.sampled_from([0.1, 0.15, 0.2, 0.25, 0.35, 0.5, 1.0, 2.0])


@st.composite
def districts(draw) -> District:
    """Villages often share a profile (the same figures), so boards where a figure is equal for all are common."""
    towns = [f"T{i}" for i in range(draw(st.integers(1, 3)))]
    due = draw(st.integers(0, 3))
    profiles = draw(st.lists(st.tuples(issues_st, st.lists(st.sampled_from([40, 60, 75, 90, 100]), max_size=2),
                                       st.integers(0, due)), min_size=1, max_size=3))
    villages = []
    for t in towns:
        for j in range(draw(st.integers(1, 4))):
            if draw(st.integers(0, 5)) == 0:  # nothing at all this period (no issue, no visit): no data
                issues, visits, hits = Issues(), [], draw(st.integers(0, due))
            elif draw(st.booleans()):
                issues, visits, hits = draw(st.sampled_from(profiles))
            else:
                issues, visits, hits = draw(issues_st), draw(st.lists(st.integers(40, 100), max_size=2)), \
                    draw(st.integers(0, due))
            villages.append(Village(f"{t}V{j}", t, replace(issues, overdue=list(issues.overdue)), list(visits),
                                    hits))
    town_issues = {t: draw(issues_st) if draw(st.booleans()) else Issues() for t in towns}
    keys = draw(st.lists(st.sampled_from([Indicator.closure_rate, Indicator.on_time_rate, Indicator.overdue_issues,
                                          Indicator.inspection_score, Indicator.campaign_completion]),
                         min_size=1, unique=True))
    rules = RankingRules.model_validate({
        "red_top_n": draw(st.integers(0, 3)), "black_bottom_n": draw(st.integers(0, 3)),
        "in_town_red_top_n": draw(st.integers(0, 2)), "in_town_black_bottom_n": draw(st.integers(0, 2)),
        "indicators": [{"key": k.value, "weight": draw(WEIGHTS)} for k in keys],
        "hard_rules": [{"key": "overdue_days_at_least", "value": HARD_DAYS}]})
    return District(towns, villages, town_issues, due, rules, frozenset(keys))


# ---- what can happen to one unit ----------------------------------------------------------------------------

def add_open_issue(i: Issues, rnd: random.Random) -> bool:
    i.open_ok += 1
    return True


def add_overdue_issue(i: Issues, rnd: random.Random) -> bool:
    i.overdue.append(rnd.randint(1, 14))
    return True


def add_overdue_day(i: Issues, rnd: random.Random) -> bool:
    """One working day more past a deadline: an issue due today is overdue tomorrow, an overdue one by one more."""
    if i.open_ok and (not i.overdue or rnd.random() < 0.5):
        i.open_ok -= 1
        i.overdue.append(1)
        return True
    if i.overdue:
        i.overdue[rnd.randrange(len(i.overdue))] += 1
        return True
    return False


def close_on_time(i: Issues, rnd: random.Random) -> bool:
    if not i.open_ok:
        return False
    i.open_ok -= 1
    i.on_time += 1
    return True


WORSE: list[Callable[[Issues, random.Random], bool]] = [add_open_issue, add_overdue_issue, add_overdue_day]


def _copy(d: District) -> District:
    def issues(i: Issues) -> Issues:
        return replace(i, overdue=list(i.overdue))

    return replace(d, villages=[replace(v, issues=issues(v.issues), visits=list(v.visits)) for v in d.villages],
                   town_issues={t: issues(i) for t, i in d.town_issues.items()})


def _places(d: District, village: Village | None, town: str) -> list[tuple[Board, str, str]]:
    """Where a change to a village (or to a town's own issues) shows: the village's two boards and its town's."""
    places = [(Board.towns, "", town)]
    if village is not None:
        places += [(Board.villages, "", village.code), (Board.villages_in_town, town, village.code)]
    return places


def assert_not_better(before: dict, after: dict, places, what: str) -> None:
    for key in places:
        if key not in before:  # the board is not configured
            continue
        b, a = before[key], after[key]
        if b.score is None:  # no data before: the unit had no rank to compare (docs/ranking.md)
            continue
        assert SEVERITY[a.listing] <= SEVERITY[b.listing], (what, key, b.listing, a.listing)
        if a.score is None:  # every figure it has is now equal for the whole board: it was the best on them
            assert b.rank == 1 and any(v is not None for v in a.values.values()), (what, key, b, a)
            continue
        assert a.score <= b.score, (what, key, b.score, a.score)
        assert a.rank >= b.rank, (what, key, b.rank, a.rank)


def assert_not_worse(before: dict, after: dict, places, what: str) -> None:
    for key in places:
        if key not in before:
            continue
        b, a = before[key], after[key]
        if b.score is None:
            continue
        assert a.score >= b.score, (what, key, b.score, a.score)
        assert a.rank <= b.rank, (what, key, b.rank, a.rank)
        assert SEVERITY.get(a.listing, 0) >= SEVERITY.get(b.listing, 0), (what, key, b.listing, a.listing)


@settings(max_examples=300, deadline=None)
@given(districts(), st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_another_problem_overdue_day_or_missed_milestone_never_raises_score_rank_or_list(d, pick, rnd):
    before = rank(d)
    worse = _copy(d)
    if pick % 4 == 3 or not worse.villages:  # a town's own issue
        town = worse.towns[pick % len(worse.towns)]
        change = WORSE[pick % 3]
        if not change(worse.town_issues[town], rnd):
            return
        assert_not_better(before, rank(worse), _places(worse, None, town), (change.__name__, town))
        return
    village = worse.villages[pick % len(worse.villages)]
    if pick % 5 == 4:  # a missed milestone: one due milestone it did on time is now missed
        if not village.hits:
            return
        village.hits -= 1
        what = "missed milestone"
    else:
        change = WORSE[pick % 3]
        if not change(village.issues, rnd):
            return
        what = change.__name__
    assert_not_better(before, rank(worse), _places(worse, village, village.town), (what, village.code))


@settings(max_examples=300, deadline=None)
@given(districts(), st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_closing_an_issue_on_time_never_lowers_score_rank_or_list(d, pick, rnd):
    before = rank(d)
    better = _copy(d)
    if pick % 4 == 3:
        town = better.towns[pick % len(better.towns)]
        if not close_on_time(better.town_issues[town], rnd):
            return
        assert_not_worse(before, rank(better), _places(better, None, town), town)
        return
    village = better.villages[pick % len(better.villages)]
    if not close_on_time(village.issues, rnd):
        return
    assert_not_worse(before, rank(better), _places(better, village, village.town), village.code)


@settings(max_examples=200, deadline=None)
@given(districts(), st.randoms(use_true_random=False))
def test_any_issue_of_a_unit_without_issues_never_raises_it(d, rnd):
    """Even an issue closed on time: a unit with nothing to fix already counts 100 on the issue rates. (A unit
    that has issues is another matter: one more issue closed on time raises its closure rate, as any rate.)"""
    clean = [n for n, v in enumerate(d.villages) if v.issues.stats(v.code) is None]
    if not clean:
        return
    before = rank(d)
    after_d = _copy(d)
    village = after_d.villages[rnd.choice(clean)]
    kind = rnd.choice(["on_time", "late", "open_ok", "overdue"])
    if kind == "overdue":
        village.issues.overdue.append(rnd.randint(1, 14))
    else:
        setattr(village.issues, kind, 1)
    places = _places(after_d, village, village.town)
    town = village.town
    if _roll_up([v.issues.stats(v.code) for v in d.villages if v.town == town] + [d.town_issues[town].stats(town)],
                town) is not None:
        places = places[1:]  # its town has issues: a rate of an issue closed on time may rise there (docs/ranking.md)
    assert_not_better(before, rank(after_d), places, (kind, village.code))


def _comparable(r: Ranked, code: dict[str, str]) -> tuple:
    return (r.board, code.get(r.group, r.group), code[r.code], r.score, r.rank, r.listing, r.reasons,
            dict(r.values), dict(r.normalised))


@settings(max_examples=200, deadline=None)
@given(districts(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_or_the_names_of_the_units(d, rnd):
    villages, towns = unit_data(d)
    original = rank_boards(villages, towns, d.rules, applicable=d.applicable)
    # new codes and names in a random order (a bijection), the units listed in another order
    old = [u.code for u in (*towns, *villages)]
    fresh = [f"X{n:03d}" for n in rnd.sample(range(1000), len(old))]
    to_new = dict(zip(old, fresh, strict=True))
    renamed_v = [replace(u, code=to_new[u.code], name=f"新{to_new[u.code]}", town=to_new[u.town]) for u in villages]
    renamed_t = [replace(u, code=to_new[u.code], name=f"新{to_new[u.code]}") for u in towns]
    rnd.shuffle(renamed_v)
    rnd.shuffle(renamed_t)
    shuffled = rank_boards(renamed_v, renamed_t, d.rules, applicable=d.applicable)
    to_old = {n: o for o, n in to_new.items()}
    identity = {c: c for c in old}
    assert sorted(map(repr, (_comparable(r, identity) for r in original.ranked))) == sorted(
        map(repr, (_comparable(r, to_old) for r in shuffled.ranked)))
    assert sorted(map(repr, original.left_out)) == sorted(
        map(repr, (replace(x, scope=to_old.get(x.scope, x.scope)) for x in shuffled.left_out)))


VALUE = {Indicator.closure_rate: st.floats(0, 1), Indicator.on_time_rate: st.floats(0, 1),
         Indicator.overdue_issues: st.integers(0, 6).map(float), Indicator.inspection_score: st.floats(0, 100),
         Indicator.income_growth: st.floats(-0.5, 2), Indicator.income_vs_target: st.floats(0, 1.5),
         Indicator.campaign_completion: st.floats(0, 1)}


@st.composite
def boards_with_a_constant_figure(draw):
    """Units with random values for random indicators; one unbounded figure is the same for every unit with data."""
    constant = draw(st.sampled_from([Indicator.overdue_issues, Indicator.income_growth]))
    others = draw(st.lists(st.sampled_from([k for k in VALUE if k is not constant]), min_size=1, max_size=4,
                           unique=True))
    value = draw(VALUE[constant])
    towns = [f"T{i}" for i in range(draw(st.integers(1, 3)))]
    villages, town_units = [], []

    def values() -> dict[Indicator, float | None]:
        drawn = {k: draw(st.none() | VALUE[k]) for k in others}
        if any(v is not None for v in drawn.values()):  # every unit with data has the same value of `constant`
            drawn[constant] = value
        return drawn

    for t in towns:
        town_units.append(UnitData(t, t, None, values()))
        for j in range(draw(st.integers(1, 4))):
            villages.append(UnitData(f"{t}V{j}", f"{t}V{j}", t, values(),
                                     ("否决",) if draw(st.integers(0, 5)) == 0 else ()))
    weights = {k: draw(WEIGHTS) for k in (*others, constant)}
    sizes = {"red_top_n": draw(st.integers(0, 3)), "black_bottom_n": draw(st.integers(0, 3)),
             "in_town_red_top_n": draw(st.integers(0, 2)), "in_town_black_bottom_n": draw(st.integers(0, 2))}
    order = draw(st.permutations([*others, constant]))
    with_it = RankingRules.model_validate({**sizes, "indicators": [{"key": k.value, "weight": weights[k]}
                                                                   for k in order]})
    without = RankingRules.model_validate({**sizes, "indicators": [{"key": k.value, "weight": weights[k]}
                                                                   for k in order if k is not constant]})
    return villages, town_units, with_it, without, constant


@settings(max_examples=300, deadline=None)
@given(boards_with_a_constant_figure())
def test_a_board_where_a_figure_is_constant_ranks_as_the_board_without_it(case):
    villages, towns, with_it, without, constant = case
    a = rank_boards(villages, towns, with_it, applicable=set(VALUE))
    b = rank_boards(villages, towns, without, applicable=set(VALUE))
    assert [(r.board, r.group, r.code, r.rank, r.score, r.listing, r.normalised) for r in a.ranked] == [
        (r.board, r.group, r.code, r.rank, r.score, r.listing, r.normalised) for r in b.ranked]
    assert {(x.board, x.scope) for x in a.left_out if x.indicator is constant} == {
        (r.board, r.group) for r in a.ranked if r.values.get(constant.value) is not None}


@st.composite
def boards_with_an_equal_rate(draw):
    """Units that all have the same indicators; one rate (or the inspection score) is the same for all of them."""
    constant = draw(st.sampled_from([Indicator.closure_rate, Indicator.on_time_rate, Indicator.inspection_score,
                                     Indicator.campaign_completion, Indicator.income_vs_target]))
    others = draw(st.lists(st.sampled_from([k for k in VALUE if k is not constant]), min_size=1, max_size=4,
                           unique=True))
    value = draw(VALUE[constant])
    units = [UnitData(f"V{n}", f"V{n}", "T", {**{k: draw(VALUE[k]) for k in others}, constant: value})
             for n in range(draw(st.integers(2, 8)))]
    weights = {k: draw(WEIGHTS) for k in (*others, constant)}
    with_it = RankingRules.model_validate({"boards": ["villages"], "indicators": [
        {"key": k.value, "weight": weights[k]} for k in (*others, constant)]})
    without = RankingRules.model_validate({"boards": ["villages"], "indicators": [
        {"key": k.value, "weight": weights[k]} for k in others]})
    return units, with_it, without


@settings(max_examples=200, deadline=None)
@given(boards_with_an_equal_rate())
def test_a_rate_equal_for_all_stays_counted_and_reorders_no_one(case):
    """Absolute indicators are not left out (docs/ranking.md: that could reward a problem); on a board whose units
    have the same indicators, a rate equal for all adds the same points to everyone, so whoever scored higher
    without it never scores lower with it (2-decimal rounding may merge two close scores into a tie)."""
    units, with_it, without = case
    a = {r.code: r.score for r in rank_boards(units, [], with_it, applicable=set(VALUE)).ranked}
    b = {r.code: r.score for r in rank_boards(units, [], without, applicable=set(VALUE)).ranked}
    for u in a:
        for w in a:
            if b[u] is not None and b[w] is not None and b[u] > b[w]:
                assert a[u] >= a[w], (u, w, b[u], b[w], a[u], a[w])
