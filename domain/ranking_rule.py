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
SCORING_RULE_NAMES = {
    1: "第1版（各指标按最小–最大值标准化）",
    2: "第2版（比率和督查得分按实际数值计分，逾期问题数、收入增长按本榜标准化；问题越多得分不会越高）",
}

NO_ISSUE_POINTS = {Indicator.closure_rate.value: 100.0, Indicator.on_time_rate.value: 100.0}
"""Points of a rate with nothing to rate (0 ÷ 0) for a unit that has data: nothing to fix, nothing late."""
NO_ISSUE_VALUES = {Indicator.overdue_issues.value: 0.0}
"""Values of a count with no issue for a unit that has data: no overdue issue."""


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


def base(values: Mapping[Indicator, float | None], indicators: Sequence[IndicatorConfig]) -> Base:
    """The unit's shown values and absolute points. A unit without any value has no data: no points at all."""
    shown = {i.key.value: values.get(i.key) for i in indicators}
    if all(v is None for v in shown.values()):
        return Base(shown, {}, 0.0, 0.0)
    points: dict[str, float] = {}
    num = weight = 0.0
    for ind in indicators:
        key = ind.key.value
        v = shown[key]
        if v is None and key in NO_ISSUE_VALUES:
            shown[key] = v = NO_ISSUE_VALUES[key]
        if ind.key in NORMALISED:
            continue
        if v is not None:
            p = float(v) if ind.key is Indicator.inspection_score else 100.0 * v
            p = 0.0 if p < 0.0 else 100.0 if p > 100.0 else p
        elif key in NO_ISSUE_POINTS:
            p = NO_ISSUE_POINTS[key]
        else:
            continue
        points[key] = p
        num += ind.weight * p
        weight += ind.weight
    return Base(shown, points, num, weight)


def board_points(bases: Sequence[Base], indicators: Sequence[IndicatorConfig]
                 ) -> tuple[list[dict[str, float]], list[float | None], list[tuple[Indicator, float]]]:
    """(each unit's points, each unit's score, the indicators left out with their common value) for the units of
    one board. A unit's points dict is its Base's own object when no normalised figure counts for it."""
    n = len(bases)
    extra: list[dict[str, float] | None] = [None] * n
    left_out: list[tuple[Indicator, float]] = []
    for ind in indicators:
        if ind.key not in NORMALISED:
            continue
        key = ind.key.value
        present = [(k, float(v)) for k, b in enumerate(bases) if (v := b.values.get(key)) is not None]
        if not present:
            continue
        lo = min(v for _, v in present)
        hi = max(v for _, v in present)
        if lo == hi:
            left_out.append((ind.key, lo))
            continue
        span, lower = hi - lo, ind.direction is Direction.lower
        for k, v in present:
            p = 100.0 * ((hi - v) if lower else (v - lo)) / span
            if extra[k] is None:
                extra[k] = {}
            extra[k][key] = p
    points: list[dict[str, float]] = []
    scores: list[float | None] = []
    weights = {i.key.value: i.weight for i in indicators}
    for b, more in zip(bases, extra, strict=True):
        num, weight = b.num, b.weight
        if more is None:
            points.append(b.points)
        else:
            for key, p in more.items():  # in the configured order: `indicators` was walked in order
                num += weights[key] * p
                weight += weights[key]
            points.append({k: p for k in weights if (p := b.points.get(k, more.get(k))) is not None})
        scores.append(round(num / weight, 2) if weight else None)
    return points, scores, left_out
