"""Moments and dates typed on the command line (Asia/Shanghai unless an offset is given)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

YEARS = (1900, 2999)  # dates outside these are typing mistakes (and beyond what the calendars know)


def moment(text: str | None, option: str = "--as-of") -> datetime:
    """--as-of: '2022-10-12' (09:00 that day), '2022-10-12T15:30' or '2022-10-12 15:30'; None means now."""
    from cli import context
    from config.errors import InputError, Problem

    if text is None:
        return context.now()
    try:
        value = datetime.combine(date.fromisoformat(text), time(9)) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or not YEARS[0] <= value.year <= YEARS[1]:
        raise InputError("invalid moment", [Problem(option, f"{text!r}; expected 2022-10-12 or 2022-10-12T15:30")])
    return value if value.tzinfo else value.replace(tzinfo=context.tz())


def parse_date(text: str | None, option: str) -> date | None:
    """A date typed for `option`: 2022-10-08 (also 2022/10/8 or 2022年10月8日, as in the sheets); None stays None."""
    from adapters.sheets import cell_day
    from config.errors import InputError, Problem

    if text is None:
        return None
    try:
        day = cell_day(text)
    except ValueError:
        day = None
    if day is None or not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(f"not a date: {text!r}", [Problem(option, "expected YYYY-MM-DD, e.g. 2026-10-08")])
    return day


def submitted_moment(text: str | None, now: datetime, tz: ZoneInfo) -> datetime | None:
    """--submitted-on D: noon that day (or now, if earlier)."""
    day = parse_date(text, "--submitted-on")
    return None if day is None else min(now, datetime.combine(day, time(12), tzinfo=tz))
