"""Planning a round in the ledger (两周一督查安排): inputs from the roster and the last round, the assignment,
the visits, and one message per team leader — idempotent per occurrence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from config.dates import cn_month_day
from config.district import DistrictConfig
from config.errors import InputError, NotFound, Problem
from domain.calendar import WorkingCalendar, round_key
from domain.outbox import Outgoing, enqueue
from domain.rounds.assignment import PlannedVisit, RoundPlan, TeamToPlan, VillageToPlan, plan_assignment
from models.audit import record_audit
from models.db import bulk_insert
from models.org import InspectionTeam, TeamMember, Town, Village
from models.rounds import InspectionRound, RoundStatus, Visit

_KEY = re.compile(r"^R(\d{4}-\d{2}-\d{2})$")


def get_round(session: Session, key: str) -> InspectionRound:
    m = _KEY.match(key or "")
    if not m:
        raise InputError("不是轮次编号", [Problem(f"轮次 {key!r}", "应为 R<发生日>，例如 R2022-10-10")])
    found = session.exec(select(InspectionRound).where(InspectionRound.key == key)).first()
    if found is None:
        known = session.exec(select(InspectionRound.key).order_by(InspectionRound.occurrence.desc()).limit(5)).all()
        raise NotFound("没有这个轮次", [Problem(f"ROUND {key}", "未安排该轮次" + (
            f"；最近的轮次：{'、'.join(known)}" if known else "；还没有安排过任何轮次"))])
    return found


def round_window(calendar: WorkingCalendar, occurrence: date, working_days: int) -> list[date]:
    """The round's visit days: `working_days` working days from the occurrence (itself included if working)."""
    first = calendar.next_working_day(occurrence, include=True)
    return [first, *(calendar.add_working_days(first, n) for n in range(1, working_days))]


class Window(NamedTuple):
    """The first and last working day of a round's or a trip's window."""

    first: date
    last: date


@dataclass(frozen=True)
class RoundPlanned:
    """A round planned (督查安排), or found planned already (`created` False: nothing was written)."""

    key: str
    created: bool
    visits: int
    teams: int
    max_load: int
    repeats: int
    window: Window
    messages: int


def team_inputs(session: Session, cfg: DistrictConfig) -> list[TeamToPlan]:
    """The configured teams (a team removed from the config keeps its history in the ledger but is not planned
    any more) with the towns their people come from (回避) and their daily capacity."""
    homes: dict[int, set[str]] = {}
    for team_id, home in session.execute(sa.select(TeamMember.team_id, TeamMember.home_town)
                                         .where(TeamMember.home_town.is_not(None))):
        homes.setdefault(team_id, set()).add(home)
    teams = session.exec(select(InspectionTeam).where(InspectionTeam.key.in_([t.key for t in cfg.teams]))
                         .order_by(InspectionTeam.key)).all()
    return [TeamToPlan(t.key, frozenset(homes.get(t.id, set())), t.daily_capacity or cfg.inspection.daily_capacity,
                       t.name)
            for t in teams]


def village_inputs(session: Session, overdue: set[str]) -> list[VillageToPlan]:
    """Active villages (撤并的村不再安排) with their town's name and whether they have overdue issues."""
    rows = session.execute(sa.select(Village.code, Town.name).join(Town, Town.id == Village.town_id)
                           .where(Village.active).order_by(Village.code))
    return [VillageToPlan(code, town, code in overdue) for code, town in rows]


def previous_round(session: Session, occurrence: date) -> InspectionRound | None:
    return session.exec(select(InspectionRound).where(InspectionRound.occurrence < occurrence)
                        .order_by(InspectionRound.occurrence.desc())).first()


def previous_teams(session: Session, rnd: InspectionRound | None) -> dict[str, str]:
    """Village code → the team that visited it in `rnd`."""
    if rnd is None:
        return {}
    rows = session.execute(sa.select(Village.code, InspectionTeam.key)
                           .join(Visit, Visit.village_id == Village.id)
                           .join(InspectionTeam, InspectionTeam.id == Visit.team_id)
                           .where(Visit.round_id == rnd.id))
    return dict(rows.all())


def plan_round(session: Session, cfg: DistrictConfig, *, occurrence: date, at: datetime, actor: str,
               calendar: WorkingCalendar, cycle_key: str = "biweekly-inspection", overdue: set[str] | None = None,
               open_issues: dict[str, list[str]] | None = None) -> RoundPlanned:
    """Plan the occurrence's round unless it exists; queue one message per team leader.

    `overdue`: village codes with overdue issues (visited first); `open_issues`: village code → the titles of
    its open issues, listed in the team leader's message for the team to check.
    """
    key = round_key(occurrence)
    existing = session.exec(select(InspectionRound).where(InspectionRound.key == key)).first()
    if existing is not None:
        n = session.execute(sa.select(sa.func.count()).where(Visit.round_id == existing.id)).scalar_one()
        teams = session.execute(sa.select(sa.func.count(sa.distinct(Visit.team_id)))
                                .where(Visit.round_id == existing.id)).scalar_one()
        return RoundPlanned(key, False, n, teams, existing.max_load, existing.repeats,
                            Window(existing.window_start, existing.window_end), 0)
    days = round_window(calendar, occurrence, cfg.inspection.window_working_days)
    last = previous_round(session, occurrence)
    plan = plan_assignment(village_inputs(session, overdue or set()), team_inputs(session, cfg),
                           previous_teams(session, last), days)
    rnd = InspectionRound(key=key, cycle_key=cycle_key, occurrence=occurrence, window_start=days[0],
                          window_end=days[-1], status=RoundStatus.planned, planned_at=at, max_load=plan.max_load,
                          repeats=plan.repeats)
    session.add(rnd)
    session.flush()
    _save_visits(session, rnd, plan)
    record_audit(session, at=at, actor=actor, entity="round", entity_id=key, action="plan", to_state="planned",
                 note=f"{len(plan.visits)} visits, largest team load {plan.max_load}, {plan.repeats} repeats")
    messages = enqueue(session, team_messages(session, cfg, key, days, plan, open_issues or {}), at=at)
    return RoundPlanned(key, True, len(plan.visits), len(plan.loads()), plan.max_load, plan.repeats,
                        Window(days[0], days[-1]), len(messages))


def _save_visits(session: Session, rnd: InspectionRound, plan: RoundPlan) -> None:
    villages = dict(session.execute(sa.select(Village.code, Village.id)).all())
    teams = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.id)).all())
    bulk_insert(session, Visit, [
        {"round_id": rnd.id, "village_id": villages[v.village], "team_id": teams[v.team], "day": v.day,
         "overdue": v.overdue, "repeat": v.repeat, "status": "planned", "methods": []} for v in plan.visits])


class _Place(NamedTuple):
    town: str  # the town's name
    name: str  # the village's name


def team_messages(session: Session, cfg: DistrictConfig, key: str, days: list[date], plan: RoundPlan,
                  open_issues: dict[str, list[str]]) -> list[Outgoing]:
    """One message per team leader (督导组组长): the window and methods, the visits day by day and town by town
    (【逾期】 marks villages with overdue issues), then each village's open issues to check."""
    names = {code: _Place(town, name) for code, town, name in session.execute(
        sa.select(Village.code, Town.name, Village.name).join(Town, Town.id == Village.town_id))}
    team_names = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)).all())
    by_team: dict[str, list[PlannedVisit]] = {}
    for v in plan.visits:
        by_team.setdefault(v.team, []).append(v)
    out = []
    for team, visits in sorted(by_team.items()):
        title = f"{team_names.get(team, team)}{key}督查安排"
        first, last = days[0], days[-1]
        lines = [f"{title}：{cn_month_day(first)}至{cn_month_day(last)}共{len(visits)}个村（社区），"
                 f"督查方式：{'、'.join(cfg.inspection.methods)}。"]
        by_day: dict[date, dict[str, list[str]]] = {}
        for v in visits:
            place = names[v.village]
            by_day.setdefault(v.day, {}).setdefault(place.town, []).append(
                place.name + ("【逾期】" if v.overdue else ""))
        lines += [f"{cn_month_day(d)} " + "；".join(f"{t}：{'、'.join(vs)}" for t, vs in towns.items())
                  for d, towns in sorted(by_day.items())]
        checks = [f"{names[v.village].name}：{'；'.join(open_issues[v.village])}" for v in visits
                  if open_issues.get(v.village)]
        if checks:
            lines.append("待核查问题：" + "　".join(checks))
        out.append(Outgoing(f"team:{team}", f"round:{key}", "plan", key, {
            "title": title, "text": "\n".join(lines), "methods": list(cfg.inspection.methods), "visits": [
                {"village": v.village, "town": names[v.village].town, "name": names[v.village].name,
                 "day": v.day.isoformat(), "overdue": v.overdue, "issues": open_issues.get(v.village, [])}
                for v in visits]}))
    return out
