"""Issue statistics per village and per town for a period (问题统计) — what the red/black list and the work
report read. Set-based: one aggregate over the villages' issues (covering index) and one over the towns' own
issues, the overdue figures included (units with a frozen late issue get one small query more); towns roll up
their villages.

For a period [start, end] (district dates), a unit's figures are:
- raised: issues opened in the period;
- closed / closed_on_time: issues closed (verified) in the period / of those, closed on time (the verified
  rectification was submitted on or before the deadline as extended) — a late one is late here too;
- income_added_yuan: 增收 recorded on the issues closed in the period (recorded once, on the issue);
- open_at_end: issues opened before the end of the period and not closed at it;
- open_overdue / max_overdue_days: issues not closed at the end of the period that are past their deadline,
  and the largest "overdue by N" among them (working days after the deadline up to the end, or up to the
  submission while an issue awaited verification then: the light was frozen).
Units without any issue raised, closed or open in the period are absent (no data).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from domain.calendar import WorkingCalendar
from domain.issues.lights import end_of_day, local_day
from models.issues import Issue, IssueStatus
from models.org import Town, Village


@dataclass(frozen=True)
class IssueStats:
    """问题统计: one unit's issue figures for a period."""

    code: str
    raised: int = 0
    closed: int = 0
    closed_on_time: int = 0
    open_overdue: int = 0
    max_overdue_days: int = 0
    income_added_yuan: int = 0
    open_at_end: int = 0  # issues opened before the end and not closed at it (closure rate's denominator)


def village_stats(session: Session, *, start: date, end: date, calendar: WorkingCalendar,
                  tz: ZoneInfo = DISTRICT_TZ) -> dict[str, IssueStats]:
    """Per village code (issues of a village; town-level issues are in `town_stats` only)."""
    return unit_stats(session, start=start, end=end, calendar=calendar, tz=tz)[0]


def town_stats(session: Session, *, start: date, end: date, calendar: WorkingCalendar,
               tz: ZoneInfo = DISTRICT_TZ) -> dict[str, IssueStats]:
    """Per town code: its villages' issues and its own."""
    return unit_stats(session, start=start, end=end, calendar=calendar, tz=tz)[1]


def unit_stats(session: Session, *, start: date, end: date, calendar: WorkingCalendar,
               tz: ZoneInfo = DISTRICT_TZ, villages: Container[int] | None = None
               ) -> tuple[dict[str, IssueStats], dict[str, IssueStats]]:
    """(per village code, per town code) in one pass: the village aggregate runs over the covering index
    `ix_issue_village_stats`; a town's figures are its villages' figures rolled up (by the village's town)
    plus those of its own issues (village_id IS NULL, found through the same index). Given `villages` (ids:
    the active ones, for the red/black list), only those villages are reported and rolled up into their towns —
    a village that left the roster no longer counts for its town."""
    only = villages
    villages = _figures(session, Issue.village_id, Issue.village_id.is_not(None), start, end, calendar, tz)
    if only is not None:
        villages = {vid: f for vid, f in villages.items() if vid in only}
    own = _figures(session, Issue.town_id, Issue.village_id.is_(None), start, end, calendar, tz)
    village_of = {vid: (code, town_id) for vid, code, town_id in
                  session.execute(sa.select(Village.id, Village.code, Village.town_id))}
    town_codes = dict(session.execute(sa.select(Town.id, Town.code)).all())
    by_village: dict[str, IssueStats] = {}
    towns: dict[int, dict] = {}
    for vid, f in villages.items():
        code, town_id = village_of[vid]
        by_village[code] = IssueStats(code, **f)
        _roll_up(towns, town_id, f)
    for town_id, f in own.items():
        _roll_up(towns, town_id, f)
    return by_village, {town_codes[k]: IssueStats(town_codes[k], **f) for k, f in towns.items()}


def _roll_up(towns: dict[int, dict], town_id: int, f: dict) -> None:
    """Add a unit's figures to its town's: the counts add up, max_overdue_days is the larger of the two."""
    t = towns.get(town_id)
    if t is None:
        towns[town_id] = dict(f)
        return
    for name, value in f.items():
        t[name] = max(t.get(name, 0), value) if name == "max_overdue_days" else t.get(name, 0) + value


def _figures(session: Session, key, where, start: date, end: date, calendar: WorkingCalendar,
             tz: ZoneInfo) -> dict[int, dict]:
    """One aggregate per unit over the covering index, the overdue figures included. A "late" issue is open at
    the end with its deadline before it. Unless it awaited verification then, it is overdue by the working
    days from its deadline to the end, so a unit has `late` overdue issues and its largest "overdue by N" is
    that of its earliest deadline. A unit with a late issue submitted before the end (its light froze at the
    submission) is looked at issue by issue instead, in `_frozen_overdue`.

    Each FILTER's terms go cheapest-rejecting first: SQLite stops at the first false one."""
    t0, t1 = datetime.combine(start, time(0), tzinfo=tz), end_of_day(end, tz)
    closed = sa.and_(Issue.closed_at >= t0, Issue.closed_at < t1, Issue.status == IssueStatus.closed)
    open_at_end = sa.not_(sa.and_(Issue.status == IssueStatus.closed, Issue.closed_at < t1))
    late = sa.and_(open_at_end, Issue.deadline < end)

    def count(cond) -> sa.ColumnElement:
        return sa.func.count().filter(cond)

    overdue_days = cache(calendar.working_days_between)  # few distinct (deadline, day) pairs
    figures: dict[int, dict] = {}
    frozen: list[int] = []
    for k, raised, n_closed, on_time, income, still_open, n_late, first_deadline, n_frozen in session.execute(
        sa.select(key, count(Issue.opened_at >= t0), count(closed), count(sa.and_(Issue.closed_on_time, closed)),
                  sa.func.sum(Issue.income_added_yuan).filter(sa.and_(Issue.income_added_yuan.is_not(None), closed)),
                  count(open_at_end), count(late), sa.func.min(Issue.deadline).filter(late),
                  count(sa.and_(late, Issue.submitted_at < t1)))
        .where(where, Issue.opened_at < t1).group_by(key)):
        if not (raised or n_closed or still_open):
            continue
        figures[k] = {"raised": raised, "closed": n_closed, "closed_on_time": on_time,
                      "income_added_yuan": int(income or 0), "open_at_end": still_open}
        if n_frozen:
            frozen.append(k)
        elif n_late:
            figures[k]["open_overdue"] = n_late
            figures[k]["max_overdue_days"] = overdue_days(first_deadline, end)
    if frozen:
        _frozen_overdue(session, figures, key, where, frozen, t1, end, open_at_end, overdue_days, tz)
    return figures


def _frozen_overdue(session: Session, figures: dict[int, dict], key, where, keys: list[int], t1: datetime,
                    end: date, open_at_end, overdue_days: Callable[[date, date], int], tz: ZoneInfo) -> None:
    """The overdue figures of `keys` from their late issues one by one (grouped by deadline and submission):
    an issue submitted before the end is overdue by the working days up to its submission day (frozen), the
    others by those up to the end."""
    frozen_at = sa.case((Issue.submitted_at < t1, Issue.submitted_at), else_=None)
    in_keys = key.in_(sa.bindparam("keys", keys, expanding=True, literal_execute=True))  # no parameter limit
    overdue = session.execute(
        sa.select(key, Issue.deadline, frozen_at, sa.func.count())
        .where(where, in_keys, Issue.opened_at < t1, open_at_end, Issue.deadline < end)
        .group_by(key, Issue.deadline, frozen_at))
    for k, deadline, submitted, n in overdue:
        ref = min(end, local_day(submitted, tz)) if submitted is not None else end
        if ref <= deadline:
            continue
        f = figures[k]
        f["open_overdue"] = f.get("open_overdue", 0) + n
        f["max_overdue_days"] = max(f.get("max_overdue_days", 0), overdue_days(deadline, ref))
