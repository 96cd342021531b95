"""Periods (考核周期): `2022` (year), `2022-Q4` (quarter), `2022-10` (month), `R2022-10-10` (a biweekly round).

Rankings, bulletins and reports take a period. A round's period is named by its occurrence date and
runs for `round_days` calendar days (two weeks: 两周一督查) unless the caller knows its real end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from config.dates import days_after, month_bounds, previous_month, quarter_bounds
from config.errors import InputError, Problem
from config.limits import YEARS

EXPECTED = "应为期间，例如 2022（年度）、2022-Q4（季度）、2022-10（月度）或 R2022-10-10（督查轮次）"

_YEAR = re.compile(r"^(?P<y>\d{4})$")
_QUARTER = re.compile(r"^(?P<y>\d{4})-[Qq](?P<q>[1-4])$")
_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_ROUND = re.compile(r"^[Rr](?P<d>\d{4}-\d{2}-\d{2})$")


class PeriodKind(StrEnum):
    year = "year"  # 年度
    quarter = "quarter"  # 季度
    month = "month"  # 月度
    round = "round"  # 督查轮次


@dataclass(frozen=True, order=True)
class Period:
    """考核周期: a span of dates [start, end], both inclusive, in Asia/Shanghai."""

    start: date
    end: date
    kind: PeriodKind
    key: str

    @property
    def is_yearly(self) -> bool:
        return self.kind is PeriodKind.year

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        """The period in Chinese: 2022年, 2022年第四季度, 2022年10月, 2022年10月10日轮次."""
        if self.kind is PeriodKind.year:
            return f"{self.start.year}年"
        if self.kind is PeriodKind.quarter:
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if self.kind is PeriodKind.month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日督查轮次"

    def overlaps(self, start: date, end: date) -> bool:
        return start <= self.end and self.start <= end


def round_key(occurrence: date) -> str:
    """A round's period and id (DOMAIN.md): R2022-10-10."""
    return f"R{occurrence.isoformat()}"


def parse_period(text: str, *, round_days: int = 14, where: str = "--period") -> Period:
    """Parse a period written as DOMAIN.md defines; InputError naming `where` when it is not one."""
    raw = (text or "").strip()
    try:
        if (m := re.match(r"^[Rr]?(\d{4})", raw)) and (problem := YEARS.problem(int(m[1]))):
            raise ValueError(problem)
        if m := _YEAR.match(raw):
            y = int(m["y"])
            return Period(date(y, 1, 1), date(y, 12, 31), PeriodKind.year, f"{y}")
        if m := _QUARTER.match(raw):
            y, q = int(m["y"]), int(m["q"])
            return Period(*quarter_bounds(y, q), PeriodKind.quarter, f"{y}-Q{q}")
        if m := _MONTH.match(raw):
            y, mo = int(m["y"]), int(m["m"])
            return Period(*month_bounds(y, mo), PeriodKind.month, f"{y}-{mo:02d}")
        if m := _ROUND.match(raw):
            d = date.fromisoformat(m["d"])
            return Period(d, days_after(d, round_days - 1), PeriodKind.round, round_key(d))
    except ValueError as exc:
        raise InputError("期间无效", [Problem(where, f"{raw!r}：{exc}；{EXPECTED}")]) from None
    raise InputError("期间无效", [Problem(where, f"{raw!r}：{EXPECTED}")])


def period_for_run(occurrence: date, *, follows_round: bool, scheduled: str = "month") -> Period:
    """The period a ranking run covers: the round it follows (R<occurrence>), or else the last complete
    month / quarter / year before the occurrence date."""
    if follows_round:
        return parse_period(round_key(occurrence))
    if scheduled == "year":
        return parse_period(str(occurrence.year - 1))
    if scheduled == "quarter":
        q = (occurrence.month - 1) // 3  # the current quarter's index; the previous one is complete
        return parse_period(f"{occurrence.year - 1}-Q4" if q == 0 else f"{occurrence.year}-Q{q}")
    year, month = previous_month(occurrence)
    return parse_period(f"{year}-{month:02d}")

