"""Calendar and schedules (日历与周期): working days with Chinese holidays and make-up days, cycle
occurrences moved onto working days, periods (year, quarter, month, round) and the iCalendar export.
"""

from __future__ import annotations

from domain.calendar.ics import to_ics
from domain.calendar.occurrences import Occurrence, followers, latest_occurrence, occurrence_on, prefect_rrule, preview
from domain.calendar.periods import Period, PeriodKind, cn_date, parse_period, period_for_run, round_key
from domain.calendar.use_cases import occurrences, override_day, working_calendar
from domain.calendar.workdays import WEEKDAY_NAMES, WorkingCalendar, load_calendar, set_override

__all__ = [
    "WEEKDAY_NAMES",
    "Occurrence",
    "Period",
    "PeriodKind",
    "WorkingCalendar",
    "cn_date",
    "followers",
    "latest_occurrence",
    "load_calendar",
    "occurrence_on",
    "occurrences",
    "override_day",
    "parse_period",
    "period_for_run",
    "prefect_rrule",
    "preview",
    "round_key",
    "set_override",
    "to_ics",
    "working_calendar",
]
