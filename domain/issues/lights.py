"""Traffic lights (红黄绿灯) and "overdue by N", exactly as DOMAIN.md defines them.

- green: more than `warn_days` working days left; yellow: due within `warn_days` working days, or
  the due day itself; red: past the deadline.
- "Overdue by N" counts working days after the deadline: working days in (deadline, day].
- While an issue awaits verification its light is frozen at the day the rectification was submitted;
  a failed verification unfreezes it and the light is again computed against the deadline (which
  only an approved extension moves).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from config.dates import DISTRICT_TZ
from domain.calendar import WorkingCalendar
from models.issues import Issue, IssueStatus


class Light(StrEnum):
    """灯: green 绿灯, yellow 黄灯, red 红灯."""

    green = "green"
    yellow = "yellow"
    red = "red"


LIGHT_NAMES = {Light.green: "绿灯", Light.yellow: "黄灯", Light.red: "红灯"}


def local_day(at: datetime, tz: ZoneInfo = DISTRICT_TZ) -> date:
    """The district's calendar day of an aware moment."""
    return at.astimezone(tz).date()


def days_left(deadline: date, day: date, calendar: WorkingCalendar) -> int:
    """Working days in (day, deadline]; 0 on the due day, negative once past it."""
    return calendar.working_days_between(day, deadline)


def overdue_by(deadline: date, day: date, calendar: WorkingCalendar) -> int:
    """Working days after the deadline up to `day` (0 when not past the deadline)."""
    return calendar.working_days_between(deadline, day) if day > deadline else 0


def light(deadline: date, day: date, calendar: WorkingCalendar, warn_days: int) -> Light:
    if day > deadline:
        return Light.red
    return Light.yellow if days_left(deadline, day, calendar) <= warn_days else Light.green


def yellow_until(day: date, calendar: WorkingCalendar, warn_days: int) -> date:
    """The first deadline that is still green on `day`: deadlines in [day, yellow_until) are yellow."""
    return calendar.add_working_days(day, warn_days + 1)


def reference_day(issue: Issue, day: date, tz: ZoneInfo = DISTRICT_TZ) -> date | None:
    """The day an issue's light is computed at: `day`, or the submission day while it awaits verification
    (frozen); None for a closed issue (it has no light)."""
    if issue.status is IssueStatus.closed:
        return None
    if issue.status is IssueStatus.awaiting_verification and issue.submitted_at is not None:
        return min(day, local_day(issue.submitted_at, tz))
    return day


def issue_light(issue: Issue, day: date, calendar: WorkingCalendar, warn_days: int,
                tz: ZoneInfo = DISTRICT_TZ) -> Light | None:
    ref = reference_day(issue, day, tz)
    return None if ref is None else light(issue.deadline, ref, calendar, warn_days)


def issue_overdue_by(issue: Issue, day: date, calendar: WorkingCalendar, tz: ZoneInfo = DISTRICT_TZ) -> int:
    ref = reference_day(issue, day, tz)
    return 0 if ref is None else overdue_by(issue.deadline, ref, calendar)


def end_of_day(day: date, tz: ZoneInfo = DISTRICT_TZ) -> datetime:
    """The first moment after `day` in the district (exclusive upper bound for 'on or before day')."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
