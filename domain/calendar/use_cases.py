"""The calendar's operations on a unit of work: the working calendar (read once per unit of work), a year of
it (`dudao calendar show`), a coordinator's override, the cycles' occurrences of a window (`dudao schedule
preview | ics`) and the occurrence a `dudao run` runs.

Reading commands work before `dudao init` (a ledger without the schema has no overrides): they use
`ledger_calendar`; everything else uses `working_calendar`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from config.errors import InputError, Problem
from domain.calendar.ics import to_ics
from domain.calendar.occurrences import Occurrence, latest_occurrence, occurrence_on, preview
from domain.calendar.workdays import Day, WorkingCalendar, YearStatus, load_calendar, set_override
from models.calendar import CalendarOverride

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork

NEARBY = timedelta(days=45)  # how far around a date that is no occurrence `dudao run` looks for ones that are


def working_calendar(uow: UnitOfWork) -> WorkingCalendar:
    """The working-day calendar with the ledger's overrides, read once per unit of work."""
    return uow.memo("calendar", lambda: load_calendar(uow.session))


def ledger_calendar(uow: UnitOfWork) -> WorkingCalendar:
    """The working calendar for a command that may run before `dudao init`: the ledger's overrides when it
    has them, none while it has no schema yet."""
    def build() -> WorkingCalendar:
        if not sa.inspect(uow.session.connection()).has_table(CalendarOverride.__tablename__):
            return WorkingCalendar()
        return load_calendar(uow.session)

    return uow.memo("calendar", build)


@dataclass(frozen=True)
class CalendarYear:
    """`dudao calendar show`: a year's arrangement — its status, the holidays on weekdays, the make-up working
    days on weekends (调休上班), the coordinators' overrides and how many working days it has."""

    year: int
    status: YearStatus
    holidays: list[Day]
    workdays: list[Day]
    overrides: list[Day]
    working_days: int
    provisional_years: frozenset[int]  # computed without the official arrangement (every reader is told)

    @property
    def provisional(self) -> bool:
        return self.year in self.provisional_years


def calendar_year(uow: UnitOfWork, year: int) -> CalendarYear:
    cal = ledger_calendar(uow)
    status = cal.status(year)
    special = cal.special_days(year)
    return CalendarYear(year, status, [d for d in special if not d.working], [d for d in special if d.working],
                        cal.overrides(year), len(cal.working_days(date(year, 1, 1), date(year, 12, 31))),
                        frozenset(cal.provisional_years))


def override_day(uow: UnitOfWork, day: date, *, working: bool, note: str | None) -> str | None:
    """`dudao calendar set`: a coordinator's override for one date (audited); the previous one, if any."""
    previous = set_override(uow.session, day, working=working, note=note, actor=uow.who, at=uow.as_of)
    uow.forget("calendar")
    return previous


def occurrences(uow: UnitOfWork, start: date, end: date, *, cycle: str | None = None) -> list[Occurrence]:
    """Every configured cycle's occurrences in [start, end], moved onto working days."""
    return preview(uow.config.cycles, working_calendar(uow), start, end, only=cycle)


@dataclass(frozen=True)
class Schedule:
    """The cycles' occurrences in [first, last], moved onto working days, with the cycles' names."""

    first: date
    last: date
    occurrences: list[Occurrence]
    names: dict[str, str]  # cycle key → display name
    provisional_years: frozenset[int]

    @property
    def moved(self) -> int:
        return sum(o.moved for o in self.occurrences)


def schedule(uow: UnitOfWork, start: date | None = None, *, end: date | None = None, cycle: str | None = None,
             days: int = 90) -> Schedule:
    """`dudao schedule preview`: the occurrences from `start` (default the as-of day) to `end` (default `days`
    later), of every cycle or only `cycle`; works before `dudao init`."""
    first = start or uow.today
    last = end or first + timedelta(days=days)
    if last < first:
        raise InputError("时间窗口为空", [Problem("--to", f"{last} 早于 --from {first}")])
    cfg, cal = uow.config, ledger_calendar(uow)
    try:
        found = preview(cfg.cycles, cal, first, last, only=cycle)
    except KeyError:
        raise InputError(f"没有周期 {cycle!r}", [Problem(
            "--cycle", "应为以下之一：" + "、".join(c.key for c in cfg.cycles if c.enabled))]) from None
    # only the window's own years: looking past its end (the next working day after 12-31) is not a reason to warn
    # about the following year
    return Schedule(first, last, found, {c.key: c.display_name for c in cfg.cycles},
                    frozenset(y for y in cal.provisional_years if first.year <= y <= last.year))


@dataclass(frozen=True)
class CalendarFile:
    """`dudao schedule ics`: the occurrences of a window as an iCalendar file's bytes."""

    schedule: Schedule
    data: bytes

    @property
    def provisional_years(self) -> frozenset[int]:
        return self.schedule.provisional_years


def schedule_ics(uow: UnitOfWork, start: date | None = None, *, end: date | None = None,
                 days: int = 365) -> CalendarFile:
    """The schedule of every cycle from `start` (default the as-of day) to `end` (default `days` later) as an
    iCalendar file (DTSTAMP the as-of moment), importable into DingTalk, WeCom, Outlook and WPS."""
    found = schedule(uow, start, end=end, days=days)
    cfg = uow.config
    return CalendarFile(found, to_ics(found.occurrences, found.names, domain=f"{cfg.district.code.lower()}.dudao",
                                      stamp=uow.as_of, calendar_name=f"{cfg.district.name} 督导周期"))


@dataclass(frozen=True)
class RunOccurrence:
    """The occurrence a `dudao run` runs."""

    occurrence: Occurrence
    provisional_years: frozenset[int]


def _cycle_name(cycles, key: str) -> str:
    """A cycle's display name for a message (its key when the config does not know it)."""
    return next((c.display_name for c in cycles if c.key == key), key)


def occurrence_to_run(uow: UnitOfWork, cycle: str, *, day: date | None = None) -> RunOccurrence:
    """`dudao run CYCLE`: its occurrence on `day` (which must be one: the error lists those nearby), else the
    latest on or before the as-of day."""
    cycles, cal = uow.config.cycles, ledger_calendar(uow)
    if day is not None:
        occ = occurrence_on(cycles, cal, cycle, day)
        if occ is None:
            near = [o.date.isoformat() for o in preview(cycles, cal, day - NEARBY, day + NEARBY, only=cycle)]
            raise InputError(f"{day} 不是周期「{_cycle_name(cycles, cycle)}」的一次发生日", [Problem(
                "--occurrence", "附近的发生日：" + ("、".join(near) or "前后 45 天内没有"))])
    else:
        occ = latest_occurrence(cycles, cal, cycle, uow.today)
        if occ is None:
            raise InputError(f"周期「{_cycle_name(cycles, cycle)}」在 {uow.today} 及之前没有发生日",
                             [Problem("--occurrence", "请给出发生日期")])
    return RunOccurrence(occ, frozenset(y for y in cal.provisional_years if y == occ.date.year))
