"""Recording a research trip's stop (调研记录): the stop is done, with a note and findings that become issues.

Findings already recorded for the stop (same text, owner and village) are not added again, so re-running a
command changes nothing; all findings are checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from config.errors import InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from domain.issues import IssuePolicy
from domain.rounds.finding_issues import raise_issues
from domain.rounds.findings import FindingInput, OwnerBook, check_findings, save_findings
from domain.rounds.trips import get_trip
from models.audit import record_audit
from models.issues import IssueSource
from models.org import Department, Town, Village
from models.rounds import Finding, ResearchTrip, StopStatus, TripStop


@dataclass
class StopReport:
    """What recording a trip's stop did (`dudao trips record --json` prints it)."""

    trip: str
    town: str
    done_now: bool = False
    findings: list[int] = field(default_factory=list)  # new Finding ids
    issues: list[int] = field(default_factory=list)  # the issues they were raised as
    unchanged: int = 0


def record_stop(session: Session, cfg: DistrictConfig, key: str, town: str, *, findings: list[FindingInput],
                village: str | None = None, note: str | None = None, at: datetime, actor: str,
                calendar: WorkingCalendar, policy: IssuePolicy, tz: ZoneInfo) -> StopReport:
    """Mark the stop in `town` (name or code) done, keep the note, add the new findings and raise them."""
    trip = get_trip(session, key)
    stops = {(code, name): stop for stop, code, name in session.execute(
        sa.select(TripStop, Town.code, Town.name).join(Town, Town.id == TripStop.town_id)
        .where(TripStop.trip_id == trip.id))}
    match = [(code, stop) for (code, name), stop in stops.items() if town in (code, name)]
    if not match:
        raise NotFound("没有这一站", [Problem(f"TOWN {town}", f"调研 {key} 没有安排这个镇街；已安排的镇街："
                                                                 f"{'、'.join(n for _, n in sorted(stops))}")])
    code, stop = match[0]
    problems: list[Problem] = []
    village_id = None
    if village:
        row = session.execute(sa.select(Village.id, Village.active).join(Town, Town.id == Village.town_id).where(
            Village.code == village, Town.code == code)).first()
        if row is None or not row.active:
            problems.append(Problem(f"--village {village}", f"不是{town}在册的村（社区）"))
        else:
            village_id = row.id
    rows = check_findings(findings, where=f"{key} {town}", village=village, town=code, book=OwnerBook(session),
                          cfg=cfg, default_due=cfg.research.due_days, problems=problems)
    if problems:
        raise InputError(f"{key} {town} 的调研记录有 {len(problems)} 处问题，未记录（未写入任何内容）", problems)
    have = {(t, o, v) for t, o, v in session.execute(
        sa.select(Finding.text, Finding.owner, Finding.village_id).where(Finding.stop_id == stop.id))}
    seq = session.execute(sa.select(sa.func.max(Finding.seq)).where(Finding.stop_id == stop.id)).scalar() or 0
    new = [r for r in rows if (r["text"], r["owner"], village_id) not in have]
    report = StopReport(key, code, unchanged=len(rows) - len(new))
    report.findings = save_findings(session, [
        {"stop_id": stop.id, "seq": seq + n, "village_id": village_id, "town_id": stop.town_id, **r}
        for n, r in enumerate(new, start=1)], at=at, calendar=calendar, tz=tz)
    name = next(n for (c, n) in stops if c == code)
    report.issues = raise_issues(session, report.findings, at=at, actor=actor, policy=policy,
                                 source=IssueSource.trip, context=f"{key}季度督导调研（{name}）发现",
                                 where=[f.where or f"{key} {town}: 第 {n} 条发现问题" for n, f in enumerate(findings, 1)
                                        if rows[n - 1] in new])
    changes = {}
    if stop.status is StopStatus.planned:
        changes.update(status=StopStatus.done, recorded_at=at, recorded_by=actor)
        report.done_now = True
    if note and note != stop.note:
        changes["note"] = note
    if changes:
        session.execute(sa.update(TripStop).where(TripStop.id == stop.id).values(**changes))
    if changes or new:
        record_audit(session, at=at, actor=actor, entity="trip_stop", entity_id=f"{key}/{code}", action="record",
                     from_state=stop.status, to_state=StopStatus.done, note=f"{len(new)} finding(s)")
    session.expire_all()
    return report


def trip_detail(session: Session, key: str) -> dict:
    """The trip with its stops and findings (what `dudao trips show` prints)."""
    trip = get_trip(session, key)
    found: dict[int, list[dict]] = {}
    for stop_id, text, owner, category, deadline, issue in session.execute(
            sa.select(Finding.stop_id, Finding.text, Finding.owner, Finding.category, Finding.deadline,
                      Finding.issue_id).join(TripStop, TripStop.id == Finding.stop_id)
            .where(TripStop.trip_id == trip.id).order_by(Finding.stop_id, Finding.seq)):
        found.setdefault(stop_id, []).append({"text": text, "owner": owner, "category": category,
                                             "deadline": deadline.isoformat(), "issue": issue})
    names = dict(session.execute(sa.select(Department.key, Department.name)).all())
    stops = [{"day": s.day.isoformat(), "group": s.group, "town": code, "name": name, "departments": s.departments,
              "department_names": [names.get(d, d) for d in s.departments],
              "status": s.status.value, "note": s.note, "findings": found.get(s.id, [])}
             for s, code, name in session.execute(sa.select(TripStop, Town.code, Town.name)
                                                  .join(Town, Town.id == TripStop.town_id)
                                                  .where(TripStop.trip_id == trip.id)
                                                  .order_by(TripStop.day, TripStop.group))]
    return {"key": trip.key, "occurrence": trip.occurrence.isoformat(), "window": [trip.window_start.isoformat(),
                                                                                   trip.window_end.isoformat()],
            "groups": trip.groups, "status": trip.status.value, "stops": stops}


def trip_lines(session: Session) -> list[dict]:
    """Every trip with its towns, those visited and its findings (what `dudao trips list` prints)."""
    counts = {(t, s): n for t, s, n in session.execute(
        sa.select(TripStop.trip_id, TripStop.status, sa.func.count()).group_by(TripStop.trip_id, TripStop.status))}
    findings = dict(session.execute(sa.select(TripStop.trip_id, sa.func.count()).join(
        Finding, Finding.stop_id == TripStop.id).group_by(TripStop.trip_id)).all())
    return [{"key": t.key, "window": [t.window_start.isoformat(), t.window_end.isoformat()], "groups": t.groups,
             "status": t.status.value, "towns": sum(counts.get((t.id, s), 0) for s in StopStatus),
             "done": counts.get((t.id, StopStatus.done), 0), "findings": findings.get(t.id, 0)}
            for t in session.exec(sa.select(ResearchTrip).order_by(ResearchTrip.occurrence)).scalars()]
