"""Recording a round's visits (督查结果): methods and score, or why a village was not visited, and findings.

All or nothing: every row is checked before anything is written. Recording a visit again with the same result
changes nothing (a sheet can be loaded twice); a different result for a recorded visit is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from config.errors import IllegalTransition, InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from domain.issues import IssuePolicy
from domain.rounds.finding_issues import raise_issues
from domain.rounds.findings import FindingInput, OwnerBook, check_findings, save_findings
from domain.rounds.plan import get_round
from models.audit import record_audits
from models.issues import IssueSource
from models.org import InspectionTeam, Town, Village
from models.rounds import Finding, RoundStatus, Visit, VisitStatus


@dataclass(frozen=True)
class VisitResult:
    """What a team reports for one village: done (methods, score 0–100) or not visited (reason)."""

    village: str  # code
    methods: tuple[str, ...] = ()
    score: int | None = None
    reason: str | None = None
    findings: tuple[FindingInput, ...] = ()
    where: str = ""  # how errors name this row: "visits.xlsx row 7", "VILLAGE V001"


@dataclass
class RecordReport:
    """What recording a round's results did (`dudao visits record | import --json` prints it)."""

    round: str
    recorded: list[str] = field(default_factory=list)  # village codes
    unchanged: list[str] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)  # new Finding ids
    issues: list[int] = field(default_factory=list)  # the issues they were raised as


@dataclass(frozen=True)
class _Change:
    """A planned visit about to be recorded: its result and its checked findings."""

    visit: Visit
    village: str  # code
    result: dict
    findings: list[dict]
    labels: list[str]  # how errors name each finding


def record_visits(session: Session, cfg: DistrictConfig, key: str, results: list[VisitResult], *,
                  at: datetime, actor: str, calendar: WorkingCalendar, policy: IssuePolicy,
                  tz: ZoneInfo) -> RecordReport:
    """Check every result, then record them all (findings raised as issues) or nothing."""
    rnd = get_round(session, key)
    if rnd.status is RoundStatus.closed:
        raise IllegalTransition(f"轮次 {key} 已结束，通报已发布", [
            Problem(f"轮次 {key}", "只有尚未结束的轮次可以记录督查结果")])
    visits, by_name = {}, {}
    for visit, code, name, town_code in session.execute(
            sa.select(Visit, Village.code, Village.name, Town.code).join(Village, Village.id == Visit.village_id)
            .join(Town, Town.id == Village.town_id).where(Visit.round_id == rnd.id)):
        visits[code] = (visit, town_code)
        by_name.setdefault(name, []).append(code)
    have = _findings_by_visit(session, [v.id for v, _ in visits.values()])
    book = OwnerBook(session)
    problems: list[Problem] = []
    changes = []
    report = RecordReport(key)
    seen: dict[str, str] = {}
    for r in results:
        where = r.where or f"VILLAGE {r.village}"
        if r.village not in visits and len(by_name.get(r.village, [])) == 1:  # a unique name will do
            r = replace(r, village=by_name[r.village][0])
        if r.village in seen:
            problems.append(Problem(where, f"村（社区）{r.village} 出现了两次（另见 {seen[r.village]}）"))
            continue
        seen[r.village] = where
        if r.village not in visits:
            problems.append(Problem(where, _unknown_village(session, r.village, key)))
            continue
        visit, town = visits[r.village]
        result = _check_result(r, where, cfg, problems)
        findings = check_findings(list(r.findings), where=where, village=r.village, town=town, book=book, cfg=cfg,
                                  default_due=cfg.inspection.due_days, problems=problems)
        if result is None:
            continue
        if result["status"] is VisitStatus.not_visited and r.findings:
            problems.append(Problem(where, "未走访的村（社区）不能有发现问题"))
            continue
        if visit.status is not VisitStatus.planned:
            same = (visit.status, visit.methods, visit.score, visit.reason) == (
                result["status"], result["methods"], result["score"], result["reason"])
            same_findings = [(f["text"], f["owner"], f["category"], f["due_days"]) for f in findings]
            if same and same_findings == have.get(visit.id, []):
                report.unchanged.append(r.village)
            else:
                problems.append(Problem(where, f"村（社区）{r.village} 已于 "
                                               f"{visit.recorded_at:%Y-%m-%d} 由 {visit.recorded_by} 记录了不同的"
                                               "结果；已记录的走访不再修改"))
            continue
        labels = [f.where or (f"{where}: 第 {n} 条发现问题" if len(r.findings) > 1 else f"{where}: 发现问题")
                  for n, f in enumerate(r.findings, start=1)]
        changes.append(_Change(visit, r.village, result, findings, labels))
    if problems:
        raise InputError(f"轮次 {key} 的督查结果有 {len(problems)} 处问题，未记录（未写入任何内容）", problems)
    _apply(session, changes, at=at, actor=actor, calendar=calendar, policy=policy, tz=tz, report=report, key=key)
    return report


def _check_result(r: VisitResult, where: str, cfg: DistrictConfig, problems: list[Problem]) -> dict | None:
    before = len(problems)
    reason = (r.reason or "").strip() or None
    if reason and (r.score is not None or r.methods):
        problems.append(Problem(where, "请给出评分和督查方式（已走访）或原因（未走访），"
                                       "不能两者都给"))
    elif reason:
        return {"status": VisitStatus.not_visited, "methods": [], "score": None, "reason": reason}
    if r.score is None:
        problems.append(Problem(where, "没有评分：请给出 0–100 的评分，或未走访的原因"))
    elif not 0 <= r.score <= 100:
        problems.append(Problem(where, f"评分 {r.score} 不在 0–100 之间"))
    unknown = [m for m in r.methods if m not in cfg.inspection.methods]
    if unknown:
        problems.append(Problem(where, f"未知的督查方式 {'、'.join(unknown)}；可选："
                                       f"{'、'.join(cfg.inspection.methods)}"))
    if not r.methods:
        problems.append(Problem(where, f"没有督查方式：请至少给出其中一种：{'、'.join(cfg.inspection.methods)}"))
    if len(problems) > before:
        return None
    ordered = [m for m in cfg.inspection.methods if m in r.methods]
    return {"status": VisitStatus.done, "methods": ordered, "score": r.score, "reason": None}


def _unknown_village(session: Session, village: str, key: str) -> str:
    exists = session.execute(sa.select(Village.name).where(Village.code == village)).scalar()
    if exists is None:
        return f"花名册中没有村（社区）编码 {village!r}"
    return f"{exists}（{village}）在轮次 {key} 中没有安排走访"


def _findings_by_visit(session: Session, visit_ids: list[int]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    rows = session.execute(sa.select(Finding.visit_id, Finding.text, Finding.owner, Finding.category,
                                     Finding.due_days).where(Finding.visit_id.in_(visit_ids))
                           .order_by(Finding.visit_id, Finding.seq))
    for visit_id, *rest in rows:
        out.setdefault(visit_id, []).append(tuple(rest))
    return out


def _apply(session: Session, changes: list[_Change], *, at: datetime, actor: str, calendar: WorkingCalendar,
           policy: IssuePolicy, tz: ZoneInfo, report: RecordReport, key: str) -> None:
    if not changes:
        return
    session.execute(sa.update(Visit), [
        {"id": c.visit.id, **c.result, "recorded_at": at, "recorded_by": actor} for c in changes])
    town_ids = dict(session.execute(sa.select(Village.id, Village.town_id)
                                    .where(Village.id.in_([c.visit.village_id for c in changes]))).all())
    rows = [{"visit_id": c.visit.id, "seq": n, "village_id": c.visit.village_id,
             "town_id": town_ids[c.visit.village_id], **f} for c in changes for n, f in enumerate(c.findings, start=1)]
    report.findings = save_findings(session, rows, at=at, calendar=calendar, tz=tz)
    report.issues = raise_issues(session, report.findings, at=at, actor=actor, policy=policy,
                                 source=IssueSource.visit, context=f"{key}两周一督查发现",
                                 where=[w for c in changes for w in c.labels])
    audits = []
    for c in changes:
        report.recorded.append(c.village)
        note = (f"score {c.result['score']}, {len(c.findings)} finding(s)" if c.result["score"] is not None
                else f"not visited: {c.result['reason']}")
        audits.append({"at": at, "actor": actor, "entity": "visit", "entity_id": f"{key}/{c.village}",
                       "action": "record", "from_state": VisitStatus.planned, "to_state": c.result["status"],
                       "note": note})
    record_audits(session, audits)
    session.expire_all()


@dataclass(frozen=True)
class RoundVisit:
    """One visit of a round's plan, with its place and team and its result so far."""

    id: int
    day: date
    team: str  # key
    town: str  # name
    village: str  # code
    name: str  # the village's name
    overdue: bool
    repeat: bool
    status: VisitStatus
    methods: tuple[str, ...]
    score: int | None
    reason: str | None


def round_visits(session: Session, key: str, *, team: str | None = None) -> list[RoundVisit]:
    """A round's visits (or one team's), by date, team and place."""
    rnd = get_round(session, key)
    query = (sa.select(Visit, Village.code, Village.name, Town.name, InspectionTeam.key)
             .join(Village, Village.id == Visit.village_id).join(Town, Town.id == Village.town_id)
             .join(InspectionTeam, InspectionTeam.id == Visit.team_id).where(Visit.round_id == rnd.id)
             .order_by(Visit.day, InspectionTeam.key, Town.name, Village.code))
    if team is not None:
        keys = list(session.execute(sa.select(InspectionTeam.key).order_by(InspectionTeam.key)).scalars())
        if team not in keys:
            raise NotFound("没有这个督导组", [Problem(f"--team {team!r}", f"应为以下之一：{'、'.join(keys)}")])
        query = query.where(InspectionTeam.key == team)
    return [RoundVisit(v.id, v.day, team_key, town, code, name, v.overdue, v.repeat, v.status,
                       tuple(v.methods or ()), v.score, v.reason)
            for v, code, name, town, team_key in session.execute(query)]
