"""Adjusting a planned round (督查安排调整): move a visit to another day or team, exclude a village with a reason,
add one — 回避 and the team's daily capacity checked as the planner checks them — and each team concerned told
once through the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import cn_month_day
from config.district import DistrictConfig
from config.errors import InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from domain.outbox import Outgoing, enqueue
from domain.rounds.assignment import TeamToPlan
from domain.rounds.plan import get_round, team_inputs
from models.audit import AuditEvent, record_audit
from models.org import InspectionTeam, Town, Village
from models.rounds import RoundStatus, Visit, VisitStatus

KINDS = ("move", "exclude", "add")


@dataclass(frozen=True)
class Adjusted:
    """What an adjustment did: the village, where it was and where it is now (None: not in the plan)."""

    round: str
    kind: str
    village: str
    name: str
    town: str
    from_team: str | None
    from_day: date | None
    to_team: str | None
    to_day: date | None
    reason: str | None
    queued: int


def placement_problems(team: TeamToPlan, town: str, day: date, window: Sequence[date], load: int,
                       where: str) -> list[Problem]:
    """Why `team` may not visit a village of `town` on `day` (a plain rule): 回避, outside the round's working
    days, or the team's day already full (`load` visits besides this one)."""
    problems = []
    if town in team.avoided_towns:
        problems.append(Problem(where, f"回避：{team.label}有成员来自{town}，不能督查该镇街的村（社区）"))
    if day not in window:
        problems.append(Problem(where, f"{day} 不在本轮的工作日内（{window[0]} 至 {window[-1]}）"))
    if load >= team.daily_capacity:
        problems.append(Problem(where, f"{team.label}在 {day} 已安排 {load} 个村（社区），"
                                       f"每天最多 {team.daily_capacity} 个"))
    return problems


def adjust_round(session: Session, cfg: DistrictConfig, key: str, *, village: str, kind: str, team: str | None,
                 day: date | None, reason: str | None, at: datetime, actor: str,
                 calendar: WorkingCalendar) -> Adjusted:
    rnd = get_round(session, key)
    if kind not in KINDS:
        raise InputError("未知的调整方式", [Problem("--move/--exclude/--add",
                                                   f"{kind!r} 不是调整方式；应为 move、exclude 或 add")])
    if rnd.status is RoundStatus.closed:
        raise InputError("本轮已通报，不能再调整", [Problem(f"ROUND {key}", "已通报")])
    row = session.execute(sa.select(Village.id, Village.name, Village.active, Town.name)
                          .join(Town, Town.id == Village.town_id).where(Village.code == village)).first()
    if row is None:
        raise NotFound("没有这个村（社区）", [Problem("--village", f"台账中没有编码为 {village!r} 的村（社区）")])
    village_id, name, active, town = row
    teams = {t.key: t for t in team_inputs(session, cfg)}
    team_ids = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.id)).all())
    team_keys = {v: k for k, v in team_ids.items()}
    visit = session.scalars(sa.select(Visit).where(Visit.round_id == rnd.id, Visit.village_id == village_id)).first()
    where = f"{key} {name}（{village}）"
    if kind in ("move", "exclude") and (visit is None or visit.status is not VisitStatus.planned):
        raise InputError("没有可调整的走访", [Problem(where, "本轮没有安排该村，或已记录结果")])
    if kind == "add" and visit is not None:
        planned = team_keys[visit.team_id]
        label = teams[planned].label if planned in teams else planned
        raise InputError("该村已在本轮安排中", [Problem(where, f"已安排：{label} {visit.day}")])
    if kind == "add" and not active:
        raise InputError("该村已撤并", [Problem(where, "不再安排督查")])
    before_team = team_keys[visit.team_id] if visit is not None else None
    before_day = visit.day if visit is not None else None
    if kind == "exclude":
        if not (reason or "").strip():
            raise InputError("不安排须写明原因", [Problem("--reason", "请填写")])
        session.delete(visit)
        after_team = after_day = None
    else:
        after_team = team or before_team
        after_day = day or before_day
        if after_team is None or after_day is None:
            raise InputError("请给出督导组和日期", [Problem("--team/--day", "新增走访需要两者")])
        if after_team not in teams:
            raise InputError("没有这个督导组", [Problem("--team", f"{after_team!r} 不是督导组；可选："
                                                     + "、".join(f"{k}（{teams[k].label}）" for k in sorted(teams)))])
        if (after_team, after_day) == (before_team, before_day):
            raise InputError("没有变化", [Problem(where, f"已是 {teams[after_team].label} {after_day}")])
        window = calendar.working_days(rnd.window_start, rnd.window_end)
        load = session.scalar(sa.select(sa.func.count()).select_from(Visit).where(
            Visit.round_id == rnd.id, Visit.team_id == team_ids[after_team], Visit.day == after_day,
            *([Visit.id != visit.id] if visit is not None else []))) or 0
        problems = placement_problems(teams[after_team], town, after_day, window, load, where)
        if problems:
            raise InputError("不能这样调整", problems)
        if visit is None:
            session.add(Visit(round_id=rnd.id, village_id=village_id, team_id=team_ids[after_team], day=after_day,
                              overdue=False, repeat=False))
        else:
            visit.team_id, visit.day = team_ids[after_team], after_day
    record_audit(session, at=at, actor=actor, entity="round", entity_id=key, action=f"adjust-{kind}",
                 from_state=f"{before_team} {before_day}" if before_team else None,
                 to_state=f"{after_team} {after_day}" if after_team else None, note=f"{village} {reason or ''}".strip())
    names = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)).all())

    def said(t: str | None, d: date | None) -> str:
        return f"{names.get(t, t)}{cn_month_day(d)}" if t and d else "不安排"

    change = f"{town}{name}：{said(before_team, before_day)} → {said(after_team, after_day)}" + (
        f"（{reason.strip()}）" if reason and reason.strip() else "")
    concerned = sorted({t for t in (before_team, after_team) if t})  # each team concerned, once
    session.flush()
    seq = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "round", AuditEvent.entity_id == key, AuditEvent.action.like("adjust-%")))
    messages = [Outgoing(f"team:{t}", f"round:{key}", "plan-change", f"{key} {village} #{seq}", {
        "title": f"{names.get(t, t)}{key}督查安排调整", "text": f"【督查安排调整】{key} {change}",
        "village": village, "from": [before_team, before_day.isoformat() if before_day else None],
        "to": [after_team, after_day.isoformat() if after_day else None]}) for t in concerned]
    queued = len(enqueue(session, messages, at=at))
    session.flush()
    return Adjusted(key, kind, village, name, town, before_team, before_day, after_team, after_day,
                    (reason or "").strip() or None, queued)
