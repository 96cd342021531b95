"""Moments and dates typed on the command line (Asia/Shanghai unless an offset is given)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def moment(text: str | None) -> datetime:
    """--as-of: '2022-10-12' (09:00 that day), '2022-10-12T15:30' or '2022-10-12 15:30'; default now."""
    from cli import context
    from config.errors import InputError, Problem

    if not text:
        return context.now()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(9), tzinfo=context.tz())
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InputError("invalid moment", [Problem("--as-of", f"{text!r}; expected 2022-10-12 or "
                                                               "2022-10-12T15:30")]) from None
    return value if value.tzinfo else value.replace(tzinfo=context.tz())


def parse_date(text: str | None, option: str) -> date | None:
    """A date typed for `option`: 2022-10-08 (also 2022/10/8 or 2022年10月8日, as in the sheets); None stays None."""
    from config.errors import InputError, Problem
    from domain.sheets import cell_day

    if text is None:
        return None
    try:
        day = cell_day(text)
    except ValueError:
        day = None
    if day is None:
        raise InputError(f"not a date: {text!r}", [Problem(option, "expected YYYY-MM-DD, e.g. 2026-10-08")])
    return day


def submitted_moment(text: str | None, now: datetime, tz: ZoneInfo) -> datetime | None:
    """--submitted-on D: noon that day (or now, if earlier)."""
    day = parse_date(text, "--submitted-on")
    return None if day is None else min(now, datetime.combine(day, time(12), tzinfo=tz))
