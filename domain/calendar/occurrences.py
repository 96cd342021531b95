"""Cycle occurrences (周期发生日): a cycle's RRULE set expanded over a window and moved onto working days.

An occurrence that falls on a non-working day moves by the cycle's holiday policy (next / previous
working day, or skip) and keeps its original date and the reason (国庆节 …). Two occurrences shifted
onto one day become one. `after:` cycles have no dates of their own: each is listed with the
occurrence it follows (it runs when that occurrence closes).

The same expansion gives Prefect its schedule (`prefect_rrule`): the cycle's rule plus wall-clock
EXDATE/RDATE lines over a horizon, so the dates Prefect fires equal the preview. Plain functions, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from config.cycles import CycleConfig, HolidayPolicy
from domain.calendar.workdays import WEEKDAY_NAMES as WEEKDAYS
from domain.calendar.workdays import WorkingCalendar

# How far an occurrence can move: past the longest run of non-working days (Spring Festival + weekends).
SHIFT_MARGIN = timedelta(days=31)
RRULE_LIMIT = 6500  # Prefect's cap on an RRULE string


@dataclass(frozen=True)
class Occurrence:
    """One due date of a cycle (周期发生日). `original_date` and `reason` are set when it was moved."""

    cycle: str
    date: date
    time: time | None  # None for `after:` cycles: they run when the followed occurrence closes
    original_date: date | None = None
    reason: str | None = None
    follows: str | None = None  # for `after:` cycles: the cycle whose occurrence this one follows

    @property
    def moved(self) -> bool:
        return self.original_date is not None

    @property
    def key_date(self) -> date:
        """The date that identifies the occurrence across moves (the original one)."""
        return self.original_date or self.date

    def as_dict(self) -> dict:
        return {"cycle": self.cycle, "date": self.date.isoformat(), "weekday": WEEKDAYS[self.date.weekday()],
                "time": self.time.strftime("%H:%M") if self.time else None,
                "original_date": self.original_date.isoformat() if self.original_date else None,
                "reason": self.reason, "follows": self.follows}





def rule_set(cycle: CycleConfig):
    """The cycle's RRULE set (dateutil), naive wall-clock datetimes."""
    from dateutil.rrule import rrulestr

    return rrulestr(cycle.trigger, forceset=True)


def raw_datetimes(cycle: CycleConfig, start: date, end: date) -> list[datetime]:
    """The rule's own datetimes with a date in [start, end], before any holiday moves."""
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    return rule_set(cycle).between(lo, hi, inc=True)


def expand(cycle: CycleConfig, calendar: WorkingCalendar, start: date, end: date) -> list[Occurrence]:
    """The occurrences of a dated cycle whose (moved) date is in [start, end], one per day."""
    if cycle.after is not None:
        raise ValueError(f"{cycle.key} follows {cycle.after}: use preview()")
    by_day: dict[date, Occurrence] = {}
    for raw in raw_datetimes(cycle, start - SHIFT_MARGIN, end + SHIFT_MARGIN):
        occ = _place(cycle, calendar, raw)
        if occ is None or not start <= occ.date <= end:
            continue
        kept = by_day.get(occ.date)
        # Two occurrences on one day become one: an unmoved one wins, else the earliest original date.
        if kept is None or (kept.moved and (not occ.moved or occ.original_date < kept.original_date)):
            by_day[occ.date] = occ
    return [by_day[d] for d in sorted(by_day)]


def _place(cycle: CycleConfig, calendar: WorkingCalendar, raw: datetime) -> Occurrence | None:
    day = raw.date()
    if calendar.is_working_day(day):
        return Occurrence(cycle.key, day, raw.time())
    if cycle.holiday_policy is HolidayPolicy.skip:
        return None
    reason = calendar.day(day).reason
    if cycle.holiday_policy is HolidayPolicy.next:
        moved = calendar.next_working_day(day)
    else:
        moved = calendar.previous_working_day(day)
    return Occurrence(cycle.key, moved, raw.time(), original_date=day, reason=reason)


def preview(cycles: Sequence[CycleConfig], calendar: WorkingCalendar, start: date, end: date,
            only: str | None = None) -> list[Occurrence]:
    """Every occurrence of every enabled cycle in [start, end] (or of `only`), by date, time and cycle.

    An `after:` cycle is listed once per occurrence of the cycle it follows, on that occurrence's date.
    """
    by_key = {c.key: c for c in cycles if c.enabled}
    if only is not None and only not in by_key:
        raise KeyError(only)
    memo: dict[str, list[Occurrence]] = {}

    def occurrences(key: str, seen: frozenset[str] = frozenset()) -> list[Occurrence]:
        if key not in memo:
            cycle = by_key[key]
            if cycle.after is None:
                memo[key] = expand(cycle, calendar, start, end)
            elif cycle.after in seen or cycle.after not in by_key:
                memo[key] = []  # a loop or a disabled leader: nothing to follow
            else:
                memo[key] = [Occurrence(key, o.date, None, follows=o.cycle)
                             for o in occurrences(cycle.after, seen | {key})]
        return memo[key]

    keys = [only] if only else list(by_key)
    found = [o for k in keys for o in occurrences(k)]
    return sorted(found, key=lambda o: (o.date, o.time or time.max, o.cycle))


def occurrence_on(cycles: Sequence[CycleConfig], calendar: WorkingCalendar, key: str, day: date) -> Occurrence | None:
    """The cycle's occurrence on `day`, or None when `day` is not one of its occurrence dates."""
    found = preview(cycles, calendar, day, day, only=key)
    return found[0] if found else None


def latest_occurrence(cycles: Sequence[CycleConfig], calendar: WorkingCalendar, key: str, day: date,
                      lookback_days: int = 400) -> Occurrence | None:
    """The cycle's latest occurrence on or before `day` (within `lookback_days`)."""
    found = preview(cycles, calendar, day - timedelta(days=lookback_days), day, only=key)
    return found[-1] if found else None


def followers(cycles: Iterable[CycleConfig], key: str) -> list[CycleConfig]:
    """The enabled cycles triggered `after:` the cycle `key`."""
    return [c for c in cycles if c.enabled and c.after == key]


# ---- Prefect's view of the same dates -------------------------------------------------------------------
def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")  # wall clock, no Z: a UTC EXDATE silently fails to exclude


def prefect_rrule(cycle: CycleConfig, calendar: WorkingCalendar, start: date, horizon_days: int = 400,
                  limit: int = RRULE_LIMIT) -> tuple[str, date]:
    """The cycle's rule with EXDATE/RDATE so its dates in [start, horizon end] equal the preview.

    Returns the rule string and the last date it is exact for. The horizon shrinks until the string
    fits Prefect's limit; beyond it the plain rule goes on and the flow's run-time guard declines any
    date that is not an occurrence (serve regenerates the schedules long before that).
    """
    days = horizon_days
    while True:
        end = start + timedelta(days=days)
        wanted = {datetime.combine(o.date, o.time) for o in expand(cycle, calendar, start, end)}
        raw = set(raw_datetimes(cycle, start, end))
        lines = [cycle.trigger]
        if excluded := sorted(raw - wanted):
            lines.append("EXDATE:" + ",".join(_stamp(d) for d in excluded))
        if added := sorted(wanted - raw):
            lines.append("RDATE:" + ",".join(_stamp(d) for d in added))
        text = "\n".join(lines)
        if len(text) <= limit or days <= 14:
            if len(text) > limit:
                raise ValueError(f"cycle {cycle.key}: even two weeks of holiday dates exceed {limit} characters")
            return text, end
        days = days * 2 // 3
