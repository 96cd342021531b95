"""Quarterly research trips (每季度督导调研): every town visited once, one town per day per group, working days
inside the quarter's first `window_months` months, each group with its share of the partner departments.

`plan_stops` is pure; `plan_trip` writes the trip and queues the itinerary for each town and department.
"""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from config.dates import cn_month_day
from config.district import DistrictConfig
from config.errors import ConfigError, InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from domain.outbox import Outgoing, enqueue
from domain.rounds.plan import Window
from models.audit import record_audit, record_audits
from models.db import bulk_insert
from models.org import Department, Town, Village
from models.rounds import ResearchTrip, TripStatus, TripStop


def quarter_key(day: date) -> str:
    """The quarter's period (DOMAIN.md): 2022-Q4."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def trip_window(cal: WorkingCalendar, occurrence: date, window_months: int) -> list[date]:
    """Working days from the occurrence to the end of the quarter's `window_months`-th month."""
    first_month = 3 * ((occurrence.month - 1) // 3) + 1
    last_month = first_month + window_months - 1
    end = date(occurrence.year, last_month, months.monthrange(occurrence.year, last_month)[1])
    return cal.working_days(occurrence, end)


@dataclass(frozen=True)
class PlannedStop:
    town: str  # code
    day: date
    group: int  # 1-based
    departments: tuple[str, ...]


def plan_stops(towns: list[str], departments: list[str], groups: int, days: list[date]) -> list[PlannedStop]:
    """Towns in the given order, one per group per day; department i travels with group i mod G.

    Raises ConfigError naming the towns that do not fit into the window."""
    groups = max(1, min(groups, len(towns)))
    need = -(-len(towns) // groups)
    if need > len(days):
        left = towns[len(days) * groups:]
        raise ConfigError("无法安排季度调研：时间窗口内工作日太少", [Problem(
            "镇街 " + "、".join(left),
            f"{len(towns)} 个镇街、{groups} 个调研组、每组每天一个镇街，需要 {need} 个工作日，但时间窗口内"
            f"只有 {len(days)} 个；请增加 research.groups 或 research.window_months")])
    shares = {g: tuple(d for i, d in enumerate(departments) if i % groups == g - 1) for g in range(1, groups + 1)}
    return [PlannedStop(town, days[k // groups], k % groups + 1, shares[k % groups + 1])
            for k, town in enumerate(towns)]


@dataclass(frozen=True)
class TripPlanned:
    """A quarter's trip planned, or found planned already (`created` False: nothing was written)."""

    key: str
    created: bool
    stops: list[PlannedStop]
    window: Window
    messages: int
    closed: list[str]  # the earlier trips closed on the way


def get_trip(session: Session, key: str) -> ResearchTrip:
    found = session.exec(select(ResearchTrip).where(ResearchTrip.key == key)).first()
    if found is None:
        known = session.exec(select(ResearchTrip.key).order_by(ResearchTrip.occurrence.desc()).limit(5)).all()
        raise NotFound("没有这次季度调研", [Problem(f"TRIP {key}", "应为已安排调研的季度，例如 2022-Q4" + (
            f"；已安排：{'、'.join(known)}" if known else "；尚未安排任何调研"))])
    return found


def plan_trip(session: Session, cfg: DistrictConfig, *, occurrence: date, at: datetime, actor: str,
              calendar: WorkingCalendar, cycle_key: str = "quarterly-research") -> TripPlanned:
    """Plan the quarter's trip unless it exists (earlier trips still planned are closed); queue itineraries."""
    key = quarter_key(occurrence)
    existing = session.exec(select(ResearchTrip).where(ResearchTrip.key == key)).first()
    if existing is not None:
        stops = [PlannedStop(code, s.day, s.group, tuple(s.departments)) for s, code in session.execute(
            sa.select(TripStop, Town.code).join(Town, Town.id == TripStop.town_id)
            .where(TripStop.trip_id == existing.id).order_by(TripStop.day, TripStop.group))]
        return TripPlanned(key, False, stops, Window(existing.window_start, existing.window_end), 0, [])
    days = trip_window(calendar, occurrence, cfg.research.window_months)
    if not days:
        raise InputError("季度调研的时间窗口已过", [Problem(
            f"发生日 {occurrence}", f"本季度前 {cfg.research.window_months} 个月内已没有剩余的工作日")])
    towns = dict(session.execute(sa.select(Town.code, Town.id).where(
        sa.exists().where(Village.town_id == Town.id, Village.active)).order_by(Town.code)).all())
    stops = plan_stops(list(towns), list(cfg.research.departments), cfg.research.groups, days)
    closed = _close_earlier(session, occurrence, at=at, actor=actor)
    trip = ResearchTrip(key=key, cycle_key=cycle_key, occurrence=occurrence, window_start=days[0],
                        window_end=days[-1], groups=max((s.group for s in stops), default=0), planned_at=at)
    session.add(trip)
    session.flush()
    bulk_insert(session, TripStop, [{"trip_id": trip.id, "town_id": towns[s.town], "day": s.day, "group": s.group,
                                     "departments": list(s.departments), "status": "planned"} for s in stops])
    record_audit(session, at=at, actor=actor, entity="trip", entity_id=key, action="plan", to_state="planned",
                 note=f"{len(stops)} towns, {trip.groups} group(s), {days[0]}…{days[-1]}")
    queued = enqueue(session, itinerary_messages(session, key, stops), at=at)
    return TripPlanned(key, True, stops, Window(days[0], days[-1]), len(queued), closed)


def _close_earlier(session: Session, occurrence: date, *, at: datetime, actor: str) -> list[str]:
    keys = list(session.exec(select(ResearchTrip.key).where(ResearchTrip.status == TripStatus.planned,
                                                            ResearchTrip.occurrence < occurrence)))
    if keys:
        session.execute(sa.update(ResearchTrip).where(ResearchTrip.key.in_(keys)).values(status=TripStatus.closed))
        record_audits(session, [{"at": at, "actor": actor, "entity": "trip", "entity_id": k, "action": "close",
                                 "from_state": "planned", "to_state": "closed",
                                 "note": "the next quarter's trip was planned"} for k in keys])
    return keys


def itinerary_messages(session: Session, key: str, stops: list[PlannedStop]) -> list[Outgoing]:
    """Each town: its day, group and departments; each department: its group's whole itinerary."""
    town_names = dict(session.execute(sa.select(Town.code, Town.name)).all())
    dept_names = dict(session.execute(sa.select(Department.key, Department.name)).all())
    title = f"{key}季度督导调研行程"

    def depts(keys) -> str:
        return "、".join(dept_names.get(k, k) for k in keys) or "区委组织部"

    out = [Outgoing(f"town:{s.town}", f"trip:{key}", "itinerary", key, {
        "title": title, "day": s.day.isoformat(), "group": s.group, "departments": list(s.departments),
        "text": f"{title}：{cn_month_day(s.day)}，第{s.group}调研组（{depts(s.departments)}）"
                f"到{town_names[s.town]}调研村级集体经济发展情况，请做好准备。"}) for s in stops]
    for dept in sorted({d for s in stops for d in s.departments}):
        mine = [s for s in stops if dept in s.departments]
        lines = "；".join(f"{cn_month_day(s.day)} {town_names[s.town]}" for s in mine)
        out.append(Outgoing(f"department:{dept}", f"trip:{key}", "itinerary", key, {
            "title": title, "group": mine[0].group, "stops": [{"town": s.town, "day": s.day.isoformat()} for s in mine],
            "text": f"{title}：{dept_names.get(dept, dept)}随第{mine[0].group}调研组，行程：{lines}。"}))
    return out


class TripSummary(NamedTuple):
    """What a trip's cycle run records: one line, and the itinerary rows of its table artifact."""

    line: str
    rows: list[dict]


def trip_summary(session: Session, trip: TripPlanned) -> TripSummary:
    """The trip planned as the cycle run's summary line and itinerary table."""
    towns = dict(session.execute(sa.select(Town.code, Town.name)).all())
    depts = dict(session.execute(sa.select(Department.key, Department.name)).all())
    groups = max((s.group for s in trip.stops), default=0)
    verb = "已安排" if trip.created else "此前已安排"
    start = trip.window.first
    line = f"{trip.key}季度督导调研{verb}：{len(trip.stops)}个镇街，{groups}个调研组，{cn_month_day(start)}起"
    rows = [{"日期": s.day.isoformat(), "调研组": s.group, "镇街": towns.get(s.town, s.town),
             "成员单位": "、".join(depts.get(d, d) for d in s.departments)} for s in trip.stops]
    return TripSummary(line, rows)
