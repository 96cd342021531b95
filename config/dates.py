"""The district's time zone and the date library (pendulum): the one home for dates a user types or reads.

DOMAIN.md fixes dates to Asia/Shanghai, so the zone is a constant, not a setting (there is no
DUDAO_TIMEZONE): a deadline, a light or a period boundary means the same day everywhere. Stored
datetimes are UTC and aware; everything shown or parsed goes through the helpers below.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from config.limits import YEARS  # dates outside these are typing mistakes (config/limits.py)

if TYPE_CHECKING:
    import pendulum

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")


def local(moment: datetime) -> datetime:
    """The moment in the district's time zone (an aware datetime)."""
    return moment.astimezone(DISTRICT_TZ)


def local_day(moment: datetime) -> date:
    """The district's calendar day of an aware moment."""
    return moment.astimezone(DISTRICT_TZ).date()


def at_time(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That day at hour:minute in the district's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=DISTRICT_TZ)


def parse_moment(text: str, *, default_hour: int = 9) -> datetime:
    """A moment typed by a user: `2022-10-12` (that day at `default_hour`), `2022-10-12T15:30`,
    `2022-10-12 15:30`, or with an offset (`…+08:00`); naive ones are in the district's zone.
    ValueError when it is not one, or outside YEARS."""
    raw = text.strip()
    if not raw:
        raise ValueError("为空")
    import pendulum

    parsed = pendulum.parse(raw, tz=DISTRICT_TZ, strict=True, exact=True)
    if not isinstance(parsed, date):
        raise ValueError(f"不是日期或时刻：{raw!r}")
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise ValueError(f"年份 {parsed.year} 超出范围（{YEARS[0]}–{YEARS[1]}）")
    if not isinstance(parsed, datetime):
        return at_time(date(parsed.year, parsed.month, parsed.day), default_hour)
    zone = DISTRICT_TZ if parsed.tzinfo is None or parsed.tzinfo.utcoffset(parsed) == DISTRICT_TZ.utcoffset(parsed) \
        else timezone(parsed.utcoffset())
    # a plain datetime (not pendulum's subclass), as the rest of dudao and SQLAlchemy expect
    return datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                    parsed.microsecond, tzinfo=zone)


def cn_date(day: date) -> str:
    """2022年9月14日 (no leading zeros, as official documents write it)."""
    return _pd(day).format("YYYY年M月D日", locale="zh")


def cn_month_day(day: date) -> str:
    """10月12日."""
    return _pd(day).format("M月D日", locale="zh")


def cn_relative(day: date, today: date) -> str:
    """How far a day is from today, as a Chinese message says it: 今天, 3天后, 2天前."""
    if day == today:
        return "今天"
    return _pd(day).diff_for_humans(_pd(today), locale="zh").replace(" ", "")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = _pd(date(year, month, 1))
    return _plain(first), _plain(first.last_of("month"))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = _pd(date(year, 3 * quarter - 2, 1))
    return _plain(first), _plain(first.last_of("quarter"))


def days_after(day: date, days: int) -> date:
    """The calendar day `days` after `day` (a round's 14 days: days_after(start, 13) is its last)."""
    return _plain(_pd(day).add(days=days))


def previous_month(day: date) -> tuple[int, int]:
    """(year, month) of the month before the one `day` falls in."""
    last = _pd(date(day.year, day.month, 1)).subtract(days=1)
    return last.year, last.month


def _pd(day: date) -> pendulum.Date:
    """pendulum's date for a plain date (imported on first use: `dudao --help` does not load it)."""
    import pendulum

    return pendulum.date(day.year, day.month, day.day)


def _plain(d: date) -> date:
    return date(d.year, d.month, d.day)
