"""The red/black list engine (红黑榜): pure functions over a table of per-unit indicator values.

    points, score       domain/ranking/rule.py (scoring rule 2: rates on their own scale, only unbounded figures
                        normalised over the board, a figure equal for every unit of a board left out there)
    rank                1 + the number of units with a higher score on the board (ties share a rank: 1, 2, 2, 4)
    red                 rank ≤ red N (ties at the edge all included) and no hard rule hit
    black               rank from the bottom ≤ black N, or any hard rule hit
    neither             a unit both in the top N and in the bottom N (a group too small or all tied); a unit
                        nobody scores above is never black by rank, one nobody scores below never red
    no data             no indicator value at all: left out of the ranking and listed as such

docs/ranking.md explains the choices; domain/ranking/data.py computes the values from the ledger.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter

from config.ranking import INDICATOR_NAMES, Board, Indicator, IndicatorConfig, RankingRules
from domain.ranking.rule import Base, LeftOut, Term, base, board_points, plan
from models.ranking import Listing

PASS_MARK = 60.0  # 及格: fewer points on an indicator make it a weak point of a black unit
LISTING_NAMES = {Listing.red: "红榜", Listing.black: "黑榜", Listing.unlisted: "—", Listing.no_data: "无数据"}


@dataclass(frozen=True)
class UnitData:
    """指标数据: one unit's raw indicator values for a period (None or absent: no data for that indicator)."""

    code: str
    name: str
    town: str | None = None  # the town code of a village; None for a town
    values: Mapping[Indicator, float | None] = field(default_factory=dict)
    hard_rules: tuple[str, ...] = ()  # the reasons of the hard rules the unit hits


@dataclass(slots=True)
class Ranked:
    """排名结果: one unit on one board. `normalised` holds the points (0–100) each indicator counted for on this
    board. `values`, and `normalised` when no normalised figure counts for the unit, are shared between a
    village's two boards (treat them as read-only)."""

    board: Board
    group: str  # the town code for villages_in_town, "" otherwise
    code: str
    name: str
    town: str | None
    values: dict[str, float | None]
    normalised: dict[str, float]
    score: float | None
    rank: int | None
    listing: Listing
    reasons: tuple[str, ...]
    streak: int = 0
    action: str | None = None


@dataclass(slots=True)
class Scored:
    """A unit on one board (one town's board for villages_in_town): its values, points and score."""

    unit: UnitData
    values: dict[str, float | None]
    normalised: dict[str, float]  # the points of each indicator that counts for the unit on this board
    score: float | None
    terms: Sequence[Term]
    labels: dict[tuple[int, Indicator], str]  # shared by a period's boards: "问题销号率0.0%" per values dict

    @property
    def weak_points(self) -> list[str]:
        """What the unit must fix if it is black."""
        return weak_points(self.values, self.normalised, self.terms, self.labels)


def score_board(units: Sequence[UnitData], bases: Sequence[Base], terms: Sequence[Term],
                labels: dict[tuple[int, Indicator], str] | None = None
                ) -> tuple[list[Scored], list[tuple[Indicator, float]]]:
    """Score the units of one board (domain/ranking/rule.py); also the indicators left out there."""
    points, scores, left_out = board_points(bases, terms)
    labels = {} if labels is None else labels
    return [Scored(u, b.values, p, s, terms, labels)
            for u, b, p, s in zip(units, bases, points, scores, strict=True)], left_out


def score_units(units: Sequence[UnitData], indicators: Sequence[IndicatorConfig]) -> list[Scored]:
    """The units as one board."""
    terms = plan(indicators)
    return score_board(units, [base(u.values, terms) for u in units], terms)[0]


def list_group(
    board: Board,
    group: str,
    units: Sequence[Scored],
    *,
    red_n: int,
    black_n: int,
) -> list[Ranked]:
    """Rank one group of scored units and list its red and black units (see the module docstring)."""
    ranked_scores = sorted(x.score for x in units if x.score is not None)
    n = len(ranked_scores)
    out = []
    for x in units:
        u, score = x.unit, x.score
        if score is None:
            listing = Listing.black if u.hard_rules else Listing.no_data
            silent = "本榜各项指标均无区分度" if any(v is not None for v in x.values.values()) else "本期无考核数据"
            reasons = u.hard_rules or (silent,)
            out.append(Ranked(board, group, u.code, u.name, u.town, x.values, x.normalised, None, None, listing,
                              reasons))
            continue
        rank = 1 + n - bisect_right(ranked_scores, score)  # 1 + units with a higher score
        from_bottom = 1 + bisect_left(ranked_scores, score)  # 1 + units with a lower score
        top, bottom = rank <= red_n, from_bottom <= black_n
        # the lists need a difference: nobody above a unit → never black by rank, nobody below → never red (with
        # both sizes ≥ 1 such a unit is in the top and the bottom N anyway, and on neither list)
        bottom = bottom and (rank > 1 or top)
        top = top and (from_bottom > 1 or bottom)
        if not (top or bottom or u.hard_rules):
            out.append(Ranked(board, group, u.code, u.name, u.town, x.values, x.normalised, score, rank,
                              Listing.unlisted, ()))
            continue
        reasons: list[str] = []
        if u.hard_rules:
            listing = Listing.black
            reasons += u.hard_rules
            if bottom and not top:
                reasons.append(_bottom_reason(score, from_bottom, n))
        elif top and not bottom:
            listing = Listing.red
            reasons.append(f"综合得分{score:.2f}，排名第{rank}")
        elif bottom and not top:
            listing = Listing.black
            reasons.append(_bottom_reason(score, from_bottom, n))
        else:
            listing = Listing.unlisted
        if listing is Listing.black:
            reasons += x.weak_points
        out.append(Ranked(board, group, u.code, u.name, u.town, x.values, x.normalised, score, rank, listing,
                          tuple(reasons)))
    return sorted(out, key=_order)


def _bottom_reason(score: float, from_bottom: int, n: int) -> str:
    return f"综合得分{score:.2f}，排名倒数第{from_bottom}（共{n}个单位参与排名）"


def weak_points(values: Mapping[str, float | None], points: Mapping[str, float], terms: Sequence[Term],
                labels: dict[tuple[int, Indicator], str] | None = None) -> list[str]:
    """The indicators a black unit scored fewer than PASS_MARK points on (of 100, on this board), worst first: what
    it must fix. A left-out indicator, or one with nothing to rate, is not among them. `labels` keeps the texts
    of a unit's values (keyed by the values dict a village's boards share): each is formatted once."""
    below = [(p, t.indicator) for t in terms if (p := points.get(t.key, 100.0)) < PASS_MARK]
    if not below:
        return []
    below.sort(key=itemgetter(0))  # stable: equal values keep the configured order
    labels = {} if labels is None else labels
    out = []
    for _, key in below:
        label = labels.get((id(values), key))
        if label is None:
            label = labels[(id(values), key)] = f"{INDICATOR_NAMES[key]}{format_value(key, values[key])}"
        out.append(label)
    return out


def format_value(key: Indicator | str, value: float | None) -> str:
    if value is None:
        return "—"
    if key == Indicator.overdue_issues:
        return f"{value:g}个"
    if key == Indicator.inspection_score:
        return f"{value:.1f}分"
    return f"{value:.1%}"


def _order(r: Ranked) -> tuple:
    return (r.rank is None, r.rank or 0, r.code)


@dataclass(frozen=True)
class Boards:
    """Every board of a period: the units on them, and the indicators left out of each board."""

    ranked: list[Ranked]
    left_out: list[LeftOut]


def rank_boards(
    villages: Sequence[UnitData],
    towns: Sequence[UnitData],
    rules: RankingRules,
    *,
    applicable: Iterable[Indicator],
) -> Boards:
    """Every board of a period. `applicable`: the indicators that exist in this period (income only for
    years, campaign completion only while a campaign runs). A unit's absolute points are worked out once for
    its boards; normalised figures, and what is left out, are per board (per town on villages_in_town)."""
    applicable = set(applicable)
    out: list[Ranked] = []
    left: list[LeftOut] = []
    bases: dict[str, tuple[Sequence[UnitData], list[Base], tuple[Term, ...]]] = {}
    labels: dict[tuple[int, Indicator], str] = {}
    for board in rules.boards:
        if board.level not in bases:
            terms = plan([i for i in rules.indicators_for(board.level) if i.key in applicable])
            units = towns if board is Board.towns else villages
            bases[board.level] = (units, [base(u.values, terms) for u in units], terms)
        units, unit_bases, terms = bases[board.level]
        red_n, black_n = rules.sizes(board)
        groups: dict[str, list[int]] = {}
        if board is Board.villages_in_town:
            for k, u in enumerate(units):
                groups.setdefault(u.town or "", []).append(k)
        else:
            groups[""] = list(range(len(units)))
        for group in sorted(groups):
            members = groups[group]
            scored, left_out = score_board([units[k] for k in members], [unit_bases[k] for k in members], terms,
                                           labels)
            left += [LeftOut(board, group, key, value) for key, value in left_out]
            out += list_group(board, group, scored, red_n=red_n, black_n=black_n)
    return Boards(out, left)


def rank_period(
    villages: Sequence[UnitData],
    towns: Sequence[UnitData],
    rules: RankingRules,
    *,
    applicable: Iterable[Indicator],
) -> list[Ranked]:
    """The units on every board of a period (rank_boards without what was left out)."""
    return rank_boards(villages, towns, rules, applicable=applicable).ranked


def climb_ladder(ranked: Sequence[Ranked], previous: Mapping[tuple[Board, str], int], rules: RankingRules
                 ) -> list[Ranked]:
    """Streaks and ladder steps, set in place. `previous[(board, code)]` is the unit's streak going into
    this period (domain.ranking.snapshot.previous_streaks). Black: +1; ranked and not black: 0; no data:
    unchanged."""

    @cache
    def step(streak: int) -> tuple[str | None, str]:  # (the ladder's action, the reason it adds) per streak
        found = rules.ladder_step(streak)
        action = found.action if found else None
        times = "首次列入黑榜" if streak == 1 else f"连续第{streak}次列入黑榜"
        return action, f"{times}：{action}" if action else times

    for r in ranked:
        if r.listing is Listing.black:
            r.streak = previous.get((r.board, r.code), 0) + 1
            r.action, reason = step(r.streak)
            r.reasons = (*r.reasons, reason)
        elif r.listing is Listing.no_data:
            r.streak = previous.get((r.board, r.code), 0)
        else:
            r.streak = 0
    return list(ranked)
