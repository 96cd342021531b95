"""The calendar's operations on a unit of work: the working calendar (read once per unit of work),
a coordinator's override, the occurrences of a window."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.calendar.occurrences import Occurrence, preview
from domain.calendar.workdays import WorkingCalendar, load_calendar, set_override

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def working_calendar(uow: UnitOfWork) -> WorkingCalendar:
    """The working-day calendar with the ledger's overrides, read once per unit of work."""
    return uow.memo("calendar", lambda: load_calendar(uow.session))


def override_day(uow: UnitOfWork, day: date, *, working: bool, note: str | None) -> str | None:
    """`dudao calendar set`: a coordinator's override for one date (audited); the previous one, if any."""
    previous = set_override(uow.session, day, working=working, note=note, actor=uow.who, at=uow.as_of)
    uow.forget("calendar")
    return previous


def occurrences(uow: UnitOfWork, start: date, end: date, *, cycle: str | None = None) -> list[Occurrence]:
    """Every configured cycle's occurrences in [start, end], moved onto working days."""
    return preview(uow.config.cycles, working_calendar(uow), start, end, only=cycle)
