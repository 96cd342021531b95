"""The scoring rule of the red/black list (计分规则), version 2: scoring is monotone (DOMAIN.md).

    absolute points     a rate counts on its own scale, a 0–100 score as it is (capped to 0–100):
                        closure, on-time, campaign completion, income ÷ target: p = 100·v; inspection: p = s
    nothing to rate     a unit with data but no issue in the period has nothing to fix and nothing late: closure
                        and on-time count 100 points, overdue issues count 0 (its rates are shown as "—");
                        likewise on-time counts 100 while nothing was closed and nothing is late
    normalised points   only unbounded figures (overdue issues, income growth), over the units of the board that
                        have a value: p = 100·(v − min)/(max − min); lower is better: p = 100·(max − v)/(max − min)
    left out            a normalised figure on which every unit of the board is equal (min = max): it
                        distinguishes no one and counts for no one on that board (never 100 for all)
    score               Σ wᵢ·pᵢ / Σ wᵢ over the indicators the unit has points for, rounded to 2 decimals

Why each choice keeps "another problem never raises a unit's score or rank" is written out in docs/ranking.md.
A unit's absolute points do not depend on the board; its normalised points do, so a village's score on its
town's board can differ from its district-wide score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from config.ranking import NORMALISED, Board, Direction, Indicator, IndicatorConfig

SCORING_RULE = 2
"""The scoring rule a snapshot records (RankingSnapshot.scoring_rule): 1 = min–max over every indicator, all units
equal worth 100 to each (until issue 11); 2 = this module."""

NO_ISSUE_POINTS = {Indicator.closure_rate.value: 100.0, Indicator.on_time_rate.value: 100.0}
"""Points of a rate with nothing to rate (0 ÷ 0) for a unit that has data: nothing to fix, nothing late."""
NO_ISSUE_VALUES = {Indicator.overdue_issues.value: 0.0}
"""Values of a count with no issue for a unit that has data: no overdue issue."""


@dataclass(frozen=True, slots=True)
class Term:
    """One configured indicator as the rule uses it (worked out once per level, not per unit)."""

    key: str
    indicator: Indicator
    weight: float
    normalised: bool  # an unbounded figure: normalised over the board
    lower: bool  # lower is better
    scale: float  # points per unit of value on the absolute scale: 100 for a rate, 1 for the inspection score
    no_issue_points: float | None  # the points of a rate with nothing to rate, for a unit with data
    no_issue_value: float | None  # the value of a count with no issue, for a unit with data


def plan(indicators: Sequence[IndicatorConfig]) -> tuple[Term, ...]:
    return tuple(Term(i.key.value, i.key, i.weight, i.key in NORMALISED, i.direction is Direction.lower,
                      1.0 if i.key is Indicator.inspection_score else 100.0, NO_ISSUE_POINTS.get(i.key.value),
                      NO_ISSUE_VALUES.get(i.key.value)) for i in indicators)


@dataclass(frozen=True, slots=True)
class Base:
    """A unit's board-independent part: the values it shows, its absolute points and their weighted sum."""

    values: dict[str, float | None]
    points: dict[str, float]  # absolute indicators only
    num: float  # Σ w·p over `points`
    weight: float  # Σ w over `points`


@dataclass(frozen=True, slots=True)
class LeftOut:
    """本期未计入的指标: an indicator left out of one board (one town's board for villages_in_town) because every
    unit there has the same value."""

    board: Board
    scope: str  # the town code on a villages_in_town board, "" otherwise
    indicator: Indicator
    value: float  # the value every unit of the board has


def base(values: Mapping[Indicator, float | None], terms: Sequence[Term]) -> Base:
    """The unit's shown values and absolute points. A unit without any value has no data: no points at all."""
    shown: dict[str, float | None] = {}
    points: dict[str, float] = {}
    num = weight = 0.0
    data = False
    for t in terms:  # one pass, in the configured order; the defaults are dropped again if there is no data
        key = t.key
        v = values.get(t.indicator)
        if v is None:
            if t.no_issue_value is not None:
                shown[key] = t.no_issue_value
                continue
            shown[key] = None
            if t.no_issue_points is None:
                continue
            p = t.no_issue_points
        else:
            data = True
            shown[key] = v
            if t.normalised:
                continue
            p = t.scale * v
            p = 0.0 if p < 0.0 else 100.0 if p > 100.0 else float(p)
        points[key] = p
        num += t.weight * p
        weight += t.weight
    if not data:
        return Base(dict.fromkeys(shown), {}, 0.0, 0.0)
    return Base(shown, points, num, weight)


def board_points(bases: Sequence[Base], terms: Sequence[Term]
                 ) -> tuple[list[dict[str, float]], list[float | None], list[tuple[Indicator, float]]]:
    """(each unit's points, each unit's score, the indicators left out with their common value) for the units of
    one board. A unit's points dict is its Base's own object when no normalised figure counts for it."""
    nums = [b.num for b in bases]
    weights = [b.weight for b in bases]
    points = [b.points for b in bases]
    own = [False] * len(bases)  # points[k] is this board's own copy
    left_out: list[tuple[Indicator, float]] = []
    for t in terms:
        if not t.normalised:
            continue
        key = t.key
        present = [(k, float(v)) for k, b in enumerate(bases) if (v := b.values.get(key)) is not None]
        if not present:
            continue
        lo = min(v for _, v in present)
        hi = max(v for _, v in present)
        if lo == hi:
            left_out.append((t.indicator, lo))
            continue
        span, w, lower = hi - lo, t.weight, t.lower
        for k, v in present:
            p = 100.0 * ((hi - v) if lower else (v - lo)) / span
            if own[k]:
                points[k][key] = p
            else:
                points[k] = {**points[k], key: p}
                own[k] = True
            nums[k] += w * p  # in the configured order: absolute points first, then each normalised figure
            weights[k] += w
    scores = [round(num / weight, 2) if weight else None for num, weight in zip(nums, weights, strict=True)]
    return points, scores, left_out
