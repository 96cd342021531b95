"""How a work report writes its figures (pure rules, no ledger): 余/多, 万元, percentages, （无数据）.

SEED_FIGURES.md: the sentence floors a figure to two significant digits and adds 余/多 when the exact figure
is ≥ 20 (1,234 → 1200多; 156 → 150多; 17 → 17); 万元 amounts are yuan ÷ 10,000 floored to a whole 万元 before
余; a percentage has one decimal. Refinement (docs/report.md): 余/多 is added only when the written figure is
below the exact one — 200 is written 200, never "200多", which would claim more than there is.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NO_DATA = "（无数据）"


def floor_two_significant(n: int) -> int:
    """1,234 → 1,200; 156 → 150; 17 → 17; 0 → 0 (negative figures do not occur in a report)."""
    if n < 100:
        return n
    unit = 10 ** (len(str(n)) - 2)
    return n // unit * unit


def approx_count(n: int, suffix: str = "多") -> str:
    """A count as the sentence writes it: floored to two significant digits with 多 (or 余) when ≥ 20 and
    the floor is below the exact figure; the exact figure below 20."""
    if n < 20:
        return str(n)
    shown = floor_two_significant(n)
    return f"{shown}{suffix}" if shown < n else str(shown)


def wan_floor(yuan: int) -> int:
    """Yuan as whole 万元, floored (123,456 → 12)."""
    return yuan // 10_000


def approx_wan(yuan: int, suffix: str = "余") -> str:
    """An amount in 万元 as the sentence writes it before 万元: floored to whole 万元, then to two significant
    digits when ≥ 20, with 余 when the written amount is below the exact one (123,456 → 12余; 1,234,567 →
    120余; 120,000 → 12)."""
    wan = wan_floor(yuan)
    shown = floor_two_significant(wan) if wan >= 20 else wan
    return f"{shown}{suffix}" if shown * 10_000 < yuan else str(shown)


def percent(part: int, whole: int) -> str | None:
    """part ÷ whole in percent with one decimal, half up (133 of 150 → 88.7); None when whole is 0."""
    if whole <= 0:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}"


def wan_at_least(yuan: int) -> str:
    """An amount said as "N万元以上": floored to whole 万元 so that "以上" holds (58,000 → 5)."""
    return str(wan_floor(yuan))


def say(text: str | None) -> str:
    """The text a sentence writes for a slot: （无数据） when there is none."""
    return NO_DATA if text is None else text
