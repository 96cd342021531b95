"""The red/black list engine (红黑榜): pure functions over a table of per-unit indicator values.

    normalised value  n = 100 · (v − min) / (max − min) over the units of the level that have a value
                      (direction "lower": 100 − n; all units equal: 100 for everyone)
    score             Σ wᵢ·nᵢ / Σ wᵢ over the indicators the unit has a value for, rounded to 2 decimals
    rank              1 + the number of units with a higher score (ties share a rank: 1, 2, 2, 4)
    red               rank ≤ red N (ties at the edge all included) and no hard rule hit
    black             rank from the bottom ≤ black N, or any hard rule hit
    neither           a unit both in the top N and in the bottom N (a group too small or all tied)
    no data           no indicator value at all: left out of the ranking and listed as such

docs/ranking.md explains the choices; domain/ranking/data.py computes the values from the ledger.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import itemgetter

from config.ranking import INDICATOR_NAMES, Board, Direction, Indicator, IndicatorConfig, RankingRules
from models.ranking import Listing

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
    """排名结果: one unit on one board. `values` and `normalised` are shared between a village's two boards
    (treat them as read-only)."""

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


def normalise(units: Sequence[UnitData], indicators: Sequence[IndicatorConfig]) -> dict[str, dict[str, float]]:
    """Unit code → indicator → normalised value 0–100 (only for the indicators the unit has)."""
    out: dict[str, dict[str, float]] = {u.code: {} for u in units}
    for ind in indicators:
        key, lower = ind.key.value, ind.direction is Direction.lower
        present = [(u.code, float(v)) for u in units if (v := u.values.get(ind.key)) is not None]
        if not present:
            continue
        lo, hi = min(v for _, v in present), max(v for _, v in present)
        if hi == lo:
            for code, _ in present:
                out[code][key] = 100.0
            continue
        span = hi - lo
        for code, v in present:
            n = 100.0 * (v - lo) / span
            out[code][key] = 100.0 - n if lower else n
    return out


def weighted_score(normalised: Mapping[str, float], indicators: Sequence[IndicatorConfig]) -> float | None:
    """Σ wᵢ·nᵢ / Σ wᵢ over the indicators present, rounded to 2 decimals; None when none is present."""
    return _score(normalised, [(i.key.value, i.weight) for i in indicators])


def _score(normalised: Mapping[str, float], weights: Sequence[tuple[str, float]]) -> float | None:
    total = num = 0.0
    for key, w in weights:
        n = normalised.get(key)
        if n is not None:
            total += w
            num += w * n
    return round(num / total, 2) if total else None


@dataclass(frozen=True)
class Scored:
    """A unit with its values, normalised values and score (computed once per level)."""

    unit: UnitData
    values: dict[str, float | None]
    normalised: dict[str, float]
    score: float | None
    indicators: Sequence[IndicatorConfig]

    @cached_property
    def weak_points(self) -> tuple[str, ...]:
        """What the unit must fix if it is black (worked out once for both boards of a village)."""
        return tuple(weak_points(self.values, self.normalised, self.indicators))


def score_units(units: Sequence[UnitData], indicators: Sequence[IndicatorConfig]) -> list[Scored]:
    norm = normalise(units, indicators)
    weights = [(i.key.value, i.weight) for i in indicators]
    keys = [(i.key.value, i.key) for i in indicators]
    return [Scored(u, {k: u.values.get(ind) for k, ind in keys}, norm[u.code], _score(norm[u.code], weights),
                   indicators) for u in units]


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
            reasons = u.hard_rules or ("本期无考核数据",)
            out.append(Ranked(board, group, u.code, u.name, u.town, x.values, x.normalised, None, None, listing,
                              reasons))
            continue
        rank = 1 + n - bisect_right(ranked_scores, score)  # 1 + units with a higher score
        from_bottom = 1 + bisect_left(ranked_scores, score)  # 1 + units with a lower score
        top, bottom = rank <= red_n, from_bottom <= black_n
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


def weak_points(values: Mapping[str, float | None], norm: Mapping[str, float],
                indicators: Sequence[IndicatorConfig]) -> list[str]:
    """The indicators a black unit scored below 50 of 100 on, worst first: what it must fix."""
    below = [(n, i.key) for i in indicators if (n := norm.get(i.key.value, 100.0)) < 50.0]
    below.sort(key=itemgetter(0))  # stable: equal values keep the configured order
    return [f"{INDICATOR_NAMES[key]}{format_value(key, values[key.value])}" for _, key in below]


def format_value(key: Indicator | str, value: float | None) -> str:
    if value is None:
        return "—"
    key = Indicator(key)
    if key in (Indicator.overdue_issues,):
        return f"{value:g}个"
    if key is Indicator.inspection_score:
        return f"{value:.1f}分"
    return f"{value:.1%}"


def _order(r: Ranked) -> tuple:
    return (r.rank is None, r.rank or 0, r.code)


def rank_period(
    villages: Sequence[UnitData],
    towns: Sequence[UnitData],
    rules: RankingRules,
    *,
    applicable: Iterable[Indicator],
) -> list[Ranked]:
    """Every board of a period. `applicable`: the indicators that exist in this period (income only for
    years, campaign completion only while a campaign runs). Villages are normalised and scored
    district-wide, so a village has one score on both its boards."""
    applicable = set(applicable)
    out: list[Ranked] = []
    scored: dict[Board, list[Scored]] = {}
    for board in rules.boards:
        indicators = [i for i in rules.indicators_for(board.level) if i.key in applicable]
        level = Board.towns if board is Board.towns else Board.villages
        if level not in scored:
            scored[level] = score_units(towns if board is Board.towns else villages, indicators)
        units = scored[level]
        red_n, black_n = rules.sizes(board)
        if board is Board.villages_in_town:
            by_town: dict[str, list[Scored]] = {}
            for x in units:
                by_town.setdefault(x.unit.town or "", []).append(x)
            for town in sorted(by_town):
                out += list_group(board, town, by_town[town], red_n=red_n, black_n=black_n)
        else:
            out += list_group(board, "", units, red_n=red_n, black_n=black_n)
    return out


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
