"""The working-day calendar (工作日): Chinese public holidays skipped, make-up working days (调休) counted.

Sources, first match wins: coordinator overrides → `chinese_calendar` (the State Council's official
arrangements, with make-up days) → `holidays.China` for years the first does not cover yet (no make-up
days: such a year is *provisional* and every user of it is told so) → weekends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate
from types import MappingProxyType

from sqlmodel import Session, select

from models.audit import record_audit
from models.calendar import CalendarOverride

WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


class YearStatus(StrEnum):
    official = "official"  # the library has the State Council's arrangement
    provisional = "provisional"  # computed without make-up days
    overridden = "overridden"  # coordinators entered dates for this year


@dataclass(frozen=True)
class Day:
    day: date
    working: bool
    reason: str | None  # 国庆节, 周末, 调休上班, or an override's note
    source: str  # official, provisional, override, weekend


class WorkingCalendar:
    """Working-day arithmetic. Memoised per year; `provisional_years` records every provisional year consulted."""

    def __init__(self, overrides: Mapping[date, tuple[bool, str | None]] | None = None):
        self._overrides = dict(overrides or {})
        self._years: dict[int, dict[date, Day]] = {}
        self._counts: dict[int, list[int]] = {}  # per year: working days in [1 Jan, day] by day of the year
        self._status: dict[int, YearStatus] = {}
        self.provisional_years: set[int] = set()

    # ---- one day -------------------------------------------------------------------------------
    def day(self, d: date) -> Day:
        return self._year(d.year)[d]

    def is_working_day(self, d: date) -> bool:
        return self.day(d).working

    def status(self, year: int) -> YearStatus:
        self._year(year)
        return self._status[year]

    # ---- moving ----------------------------------------------------------------------------------
    def next_working_day(self, d: date, *, include: bool = False) -> date:
        """The first working day after `d` (or `d` itself when `include` and it is one)."""
        d = d if include else d + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date, *, include: bool = False) -> date:
        d = d if include else d - timedelta(days=1)
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (n ≥ 0; n = 0 gives `d` moved onto a working day)."""
        if n < 0:
            raise ValueError("n must be ≥ 0; use subtract_working_days")
        if n == 0:
            return self.next_working_day(d, include=True)
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def subtract_working_days(self, d: date, n: int) -> date:
        """The n-th working day before `d`."""
        for _ in range(n):
            d = self.previous_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start. "Overdue by N" is this count."""
        if end < start:
            return -self.working_days_between(end, start)
        # prefix counts per year: O(years spanned), not a day-by-day walk (a ledger page computes this per row)
        n = self._through(end) - self._through(start)
        for year in range(start.year, end.year):
            n += self._counts_of(year)[-1]
        return n

    def _through(self, d: date) -> int:
        """Working days in [1 January of d's year, d]."""
        return self._counts_of(d.year)[d.timetuple().tm_yday - 1]

    def _counts_of(self, year: int) -> list[int]:
        table = self._year(year)  # also records a provisional year as consulted, as a day's lookup does
        if year not in self._counts:
            self._counts[year] = list(accumulate(table[d].working for d in _days(date(year, 1, 1),
                                                                                   date(year, 12, 31))))
        return self._counts[year]

    def working_days(self, start: date, end: date) -> list[date]:
        """Every working day in [start, end]."""
        return [d for d in _days(start, end) if self.is_working_day(d)]

    # ---- a year ----------------------------------------------------------------------------------
    def special_days(self, year: int) -> list[Day]:
        """Holidays on weekdays and make-up working days on weekends: the year's arrangement."""
        return [x for x in self._year(year).values() if x.working == (x.day.weekday() >= 5)]

    def overrides(self, year: int) -> list[Day]:
        """The coordinators' overrides in the year."""
        return [x for x in self._year(year).values() if x.source == "override"]

    def _year(self, year: int) -> dict[date, Day]:
        if year not in self._years:
            self._years[year], self._status[year] = _build_year(year, self._overrides)
        if self._status[year] is YearStatus.provisional or _library_year(year)[1] is YearStatus.provisional:
            self.provisional_years.add(year)  # a few overrides do not make the whole notice entered: still warned
        return self._years[year]


def _days(start: date, end: date) -> Iterator[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def _build_year(year: int, overrides: Mapping[date, tuple[bool, str | None]]) -> tuple[dict[date, Day], YearStatus]:
    library, status = _library_year(year)
    table = dict(library)
    overridden = False
    for d, (working, note) in overrides.items():
        if d.year == year:
            table[d] = Day(d, working, note or ("调休上班" if working else "放假"), "override")
            overridden = True
    return table, (YearStatus.overridden if overridden else status)


@lru_cache(maxsize=16)
def _library_year(year: int) -> tuple[Mapping[date, Day], YearStatus]:
    """The libraries' answer for a year (no overrides): computed once per process, shared read-only."""
    days = list(_days(date(year, 1, 1), date(year, 12, 31)))
    try:
        return MappingProxyType(_official(days)), YearStatus.official
    except NotImplementedError:
        return MappingProxyType(_provisional(year, days)), YearStatus.provisional


def _official(days: list[date]) -> dict[date, Day]:
    import chinese_calendar

    table = {}
    for d in days:
        is_holiday, name = chinese_calendar.get_holiday_detail(d)
        working = not is_holiday
        if name:
            reason = HOLIDAY_NAMES.get(name, name) + ("调休上班" if working else "")
        else:
            reason = None if working else "周末"
        table[d] = Day(d, working, reason, "official" if name else ("weekend" if not working else "official"))
    return table


def _provisional(year: int, days: list[date]) -> dict[date, Day]:
    import holidays

    names = holidays.China(years=year, language="zh_CN")
    table = {}
    for d in days:
        if d in names:
            table[d] = Day(d, False, names[d].replace("（补假）", ""), "provisional")
        elif d.weekday() >= 5:
            table[d] = Day(d, False, "周末", "weekend")
        else:
            table[d] = Day(d, True, None, "provisional")
    return table


def load_calendar(session: Session) -> WorkingCalendar:
    """The calendar with every override from the ledger."""
    rows = session.exec(select(CalendarOverride)).all()
    return WorkingCalendar({r.day: (r.working, r.note) for r in rows})


def set_override(session: Session, day: date, *, working: bool, note: str | None, actor: str,
                 at: datetime) -> str | None:
    """Store a coordinator's override for `day` (re-setting a date updates it) and audit it.

    Returns the previous override as 'workday'/'holiday', or None when the date had none.
    """
    row = session.exec(select(CalendarOverride).where(CalendarOverride.day == day)).first()
    before = None if row is None else ("workday" if row.working else "holiday")
    if row is None:
        row = CalendarOverride(day=day, working=working, note=note, actor=actor, at=at)
    else:
        row.working, row.note, row.actor, row.at = working, note, actor, at
    session.add(row)
    record_audit(session, at=at, actor=actor, entity="calendar", entity_id=day.isoformat(), action="override",
                 from_state=before, to_state="workday" if working else "holiday", note=note)
    return before
