"""Occurrences as an RFC 5545 calendar (iCalendar), importable into DingTalk, WeCom, Outlook and WPS.

A VEVENT per occurrence in the district's time zone (with its VTIMEZONE). The UID is built from the
cycle and the occurrence's original date, so a moved occurrence updates its calendar entry instead of
adding a second one. `after:` cycles become all-day entries on the date of the occurrence they follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from config.dates import DISTRICT_TZ
from domain.calendar.occurrences import Occurrence

PRODID = "-//dudao//督导 cycle schedule//ZH"
EVENT_LENGTH = timedelta(hours=1)


def occurrence_uid(occ: Occurrence, domain: str) -> str:
    return f"{occ.cycle}-{occ.key_date:%Y%m%d}@{domain}"


def to_ics(occurrences: Sequence[Occurrence], names: Mapping[str, str], *, domain: str,
           stamp: datetime, calendar_name: str) -> bytes:
    """The calendar file's bytes. `names` gives each cycle's display name; `stamp` is DTSTAMP (no clock read)."""
    from icalendar import Calendar, Event

    zone = DISTRICT_TZ
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", DISTRICT_TZ.key)
    for occ in occurrences:
        event = Event()
        event.add("uid", occurrence_uid(occ, domain))
        event.add("dtstamp", stamp)
        name = names.get(occ.cycle, occ.cycle)
        event.add("summary", name)
        if occ.time is None:
            event.add("dtstart", occ.date)
            event.add("dtend", occ.date + timedelta(days=1))
        else:
            start = datetime.combine(occ.date, occ.time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + EVENT_LENGTH)
        event.add("description", describe(occ, names))
        event.add("categories", [occ.cycle])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def describe(occ: Occurrence, names: Mapping[str, str]) -> str:
    parts = [f"周期：{names.get(occ.cycle, occ.cycle)}（{occ.cycle}）"]
    if occ.moved:
        way = "顺延至" if occ.original_date < occ.date else "提前至"
        parts.append(f"原定 {occ.original_date}（{occ.reason or '非工作日'}），{way} {occ.date}")
    if occ.follows:
        parts.append(f"在 {names.get(occ.follows, occ.follows)} {occ.date.isoformat()} 这一期结束后进行")
    return "\n".join(parts)
