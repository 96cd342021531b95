"""Rounds as listings (督查轮次一览): what `dudao rounds list | show` print, the plan as the cycle run's table,
and the run's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from config.dates import cn_month_day
from config.links import document, page
from domain.rounds.close import RoundClosed
from domain.rounds.plan import RoundPlanned, get_round
from domain.rounds.visits import round_visits
from models.org import InspectionTeam
from models.rounds import Finding, InspectionRound, Visit, VisitStatus


@dataclass
class RoundLine:
    """A round with its counts (`rounds list`); with its visits (`rounds show`)."""

    key: str
    occurrence: str
    window: str
    status: str
    planned: int
    done: int
    not_visited: int
    findings: int
    max_load: int
    repeats: int
    bulletin: str | None
    visits: list[dict] = field(default_factory=list)


def round_lines(session: Session, *, round_id: int | None = None) -> list[RoundLine]:
    """Every round with its counts, by occurrence; only the round `round_id` when given."""
    counts_q = sa.select(Visit.round_id, Visit.status, sa.func.count()).group_by(Visit.round_id, Visit.status)
    findings_q = (sa.select(Visit.round_id, sa.func.count()).join(Finding, Finding.visit_id == Visit.id)
                  .group_by(Visit.round_id))
    rounds_q = select(InspectionRound).order_by(InspectionRound.occurrence)
    if round_id is not None:
        counts_q, findings_q = counts_q.where(Visit.round_id == round_id), findings_q.where(Visit.round_id == round_id)
        rounds_q = rounds_q.where(InspectionRound.id == round_id)
    counts = {(r, s): n for r, s, n in session.execute(counts_q)}
    findings = dict(session.execute(findings_q).all())
    out = []
    for r in session.exec(rounds_q):
        n = {s: counts.get((r.id, s), 0) for s in VisitStatus}
        out.append(RoundLine(r.key, r.occurrence.isoformat(), f"{r.window_start}…{r.window_end}", r.status.value,
                             sum(n.values()), n[VisitStatus.done], n[VisitStatus.not_visited], findings.get(r.id, 0),
                             r.max_load, r.repeats, r.bulletin_docx))
    return out


def round_detail(session: Session, key: str, *, team: str | None = None) -> RoundLine:
    """The round's line with its visits (or one team's), each with its result and findings."""
    rnd = get_round(session, key)
    line = next(x for x in round_lines(session, round_id=rnd.id) if x.key == rnd.key)
    texts: dict[int, list[dict]] = {}
    for visit_id, text, owner, category, deadline, issue in session.execute(
            sa.select(Finding.visit_id, Finding.text, Finding.owner, Finding.category, Finding.deadline,
                      Finding.issue_id).join(Visit, Visit.id == Finding.visit_id).where(Visit.round_id == rnd.id)
            .order_by(Finding.visit_id, Finding.seq)):
        texts.setdefault(visit_id, []).append({"text": text, "owner": owner, "category": category,
                                               "deadline": deadline.isoformat(), "issue": issue})
    line.visits = [{"day": v.day.isoformat(), "team": v.team, "town": v.town, "village": v.village, "name": v.name,
                    "overdue": v.overdue, "repeat": v.repeat, "status": v.status.value, "methods": list(v.methods),
                    "score": v.score, "reason": v.reason, "findings": texts.get(v.id, [])}
                   for v in round_visits(session, key, team=team)]
    return line


PLAN_ROWS_LIMIT = 3000  # beyond this the artifact shows one row per team and day


def plan_table(session: Session, key: str, *, limit: int = PLAN_ROWS_LIMIT) -> list[dict]:
    """The plan as a table for the flow run's artifact: one row per visit (日期, 督导组, 镇街, 村（社区）, 逾期,
    连续两轮); for very large districts one row per team and day (villages and towns)."""
    rows = round_visits(session, key)
    teams = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)).all())  # 第一督导组, not team-1
    if len(rows) <= limit:
        return [{"日期": v.day.isoformat(), "督导组": teams.get(v.team, v.team), "镇街": v.town,
                 "村（社区）": f"{v.name}（{v.village}）",
                 "有逾期问题": "是" if v.overdue else "", "连续两轮同组": "是" if v.repeat else ""}
                for v in rows]
    days: dict[tuple[str, str], list[str]] = {}
    for v in rows:
        days.setdefault((v.day.isoformat(), teams.get(v.team, v.team)), []).append(v.town)
    return [{"日期": day, "督导组": team, "村（社区）数": len(towns), "镇街": "、".join(dict.fromkeys(towns))}
            for (day, team), towns in sorted(days.items())]


class RunSummary(NamedTuple):
    """What a round's cycle run records: one line, and markdown details for its artifact."""

    line: str
    details: str


def run_summary(planned: RoundPlanned, closed: list[RoundClosed]) -> RunSummary:
    """The round planned (and the earlier rounds closed on the way) as the cycle run's summary."""
    verb = "已安排" if planned.created else "此前已安排"
    first, last = planned.window
    line = (f"{planned.key}{verb}：{planned.visits}个村（社区），{planned.teams}个督导组，"
            f"{cn_month_day(first)}至{cn_month_day(last)}，每组最多{planned.max_load}个")
    if planned.repeats:
        line += f"，{planned.repeats}个村无法避免连续两轮同组"
    done = [c for c in closed if c.created]
    if done:
        line += "；已通报" + "、".join(c.key for c in done)
    details = [f"- 督查安排与各组记录：{page(f'{planned.key} 督查轮次', f'rounds/{planned.key}')}",
               f"- 已通知督导组组长：{planned.messages}条"]
    for c in done:
        t = c.figures.total
        details.append(f"- {c.key}通报：已督查{t.done}/{t.planned}，新发现问题{c.figures.new_issue_total}个，"
                       f"通报 {document(c.docx)}")
    return RunSummary(line, "\n".join(details))
