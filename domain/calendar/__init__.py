"""Calendar and schedules (日历与周期): working days with Chinese holidays and make-up days, cycle
occurrences moved onto working days, periods (year, quarter, month, round) and the iCalendar export.
"""

from __future__ import annotations

from domain.calendar.ics import to_ics
from domain.calendar.occurrences import Occurrence, followers, latest_occurrence, occurrence_on, prefect_rrule, preview
from domain.calendar.periods import Period, PeriodKind, parse_period, period_for_run, round_key
from domain.calendar.use_cases import (
    CalendarFile,
    CalendarYear,
    RunOccurrence,
    Schedule,
    calendar_year,
    ledger_calendar,
    occurrence_to_run,
    occurrences,
    override_day,
    schedule,
    schedule_ics,
    working_calendar,
)
from domain.calendar.workdays import WEEKDAY_NAMES, Day, WorkingCalendar, YearStatus, load_calendar

__all__ = [
    "WEEKDAY_NAMES",
    "CalendarFile",
    "CalendarYear",
    "Day",
    "Occurrence",
    "Period",
    "PeriodKind",
    "RunOccurrence",
    "Schedule",
    "WorkingCalendar",
    "YearStatus",
    "calendar_year",
    "followers",
    "latest_occurrence",
    "ledger_calendar",
    "load_calendar",
    "occurrence_on",
    "occurrence_to_run",
    "occurrences",
    "override_day",
    "parse_period",
    "period_for_run",
    "prefect_rrule",
    "preview",
    "round_key",
    "schedule",
    "schedule_ics",
    "to_ics",
    "working_calendar",
]
