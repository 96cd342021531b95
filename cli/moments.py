"""Moments and dates typed on the command line, in the district's time zone unless an offset is given
(parsed by config.dates, pendulum's home); a mistake names the option and what was expected."""

from __future__ import annotations

from datetime import date, datetime

from config.dates import DISTRICT_TZ, YEARS, parse_moment


def moment(text: str | None, option: str = "--as-of") -> datetime:
    """--as-of: '2022-10-12' (09:00 that day), '2022-10-12T15:30' or '2022-10-12 15:30'; None means now."""
    from config.errors import InputError, Problem

    if text is None:
        return datetime.now(DISTRICT_TZ)
    try:
        return parse_moment(text)
    except ValueError:
        raise InputError("时间无效", [Problem(option, f"{text!r}：应为 {YEARS.lo}–{YEARS.hi} 年间的日期或时刻，"
                                                     "例如 2022-10-12 或 2022-10-12T15:30")]) from None


def parse_date(text: str | None, option: str) -> date | None:
    """A date typed for `option`: 2022-10-08 (also 2022/10/8 or 2022年10月8日, as in the sheets); None stays None."""
    from adapters.sheets import cell_day
    from config.errors import InputError, Problem

    if text is None:
        return None
    try:
        day = cell_day(text)
    except ValueError:  # not a date, or a year outside YEARS
        day = None
    if day is None or not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(f"不是有效日期：{text!r}", [Problem(option, f"应为 {YEARS.lo}–{YEARS.hi} 年间的日期，"
                                                               "例如 2026-10-08")])
    return day
