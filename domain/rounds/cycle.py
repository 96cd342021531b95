"""The biweekly inspection cycle's body (两周一督查), as plain functions the flow calls in order:

1. `open_rounds_before` / `close_rounds`: every earlier round still open is closed and its bulletin published
   (the flow commits this first, then runs the `after:` followers of each closed occurrence);
2. `plan_next_round`: this occurrence's round is planned with the issue ledger's overdue villages first.

`run_round` does both in one unit of work (for callers without followers to wake: tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from config.district import DistrictConfig
from domain.rounds.close import RoundClosed, close_round
from domain.rounds.finding_issues import issue_context
from domain.rounds.plan import RoundPlanned, plan_round
from models.rounds import InspectionRound, RoundStatus


@dataclass(frozen=True)
class RoundRun:
    planned: RoundPlanned
    closed: list[RoundClosed] = field(default_factory=list)  # earlier rounds closed on the way


def open_rounds_before(session: Session, occurrence: date) -> list[str]:
    return list(session.exec(select(InspectionRound.key).where(
        InspectionRound.status == RoundStatus.planned, InspectionRound.occurrence < occurrence)
        .order_by(InspectionRound.occurrence)))


def close_rounds(session: Session, cfg: DistrictConfig, keys: list[str], *, at: datetime, actor: str,
                 outputs_dir: Path) -> list[RoundClosed]:
    return [close_round(session, cfg, key, at=at, actor=actor, outputs_dir=outputs_dir) for key in keys]


def plan_next_round(session: Session, cfg: DistrictConfig, *, occurrence: date, at: datetime, actor: str,
                    cycle_key: str = "biweekly-inspection") -> RoundPlanned:
    overdue, open_issues = issue_context(session, at)
    return plan_round(session, cfg, occurrence=occurrence, at=at, actor=actor, cycle_key=cycle_key,
                      overdue=overdue, open_issues=open_issues)


def run_round(session: Session, cfg: DistrictConfig, *, occurrence: date, at: datetime, actor: str,
              outputs_dir: Path, cycle_key: str = "biweekly-inspection") -> RoundRun:
    """Close every planned round before this occurrence (publishing its bulletin), then plan this one."""
    closed = close_rounds(session, cfg, open_rounds_before(session, occurrence), at=at, actor=actor,
                          outputs_dir=outputs_dir)
    return RoundRun(plan_next_round(session, cfg, occurrence=occurrence, at=at, actor=actor, cycle_key=cycle_key),
                    closed)


def run_summary(planned: RoundPlanned, closed: list[RoundClosed]) -> tuple[str, str]:
    """(one line, markdown details) for the cycle run's record and artifact."""
    verb = "已安排" if planned.created else "此前已安排"
    (a, b) = planned.window
    line = (f"{planned.key}{verb}：{planned.visits}个村（社区），{planned.teams}个督导组，"
            f"{a.month}月{a.day}日至{b.month}月{b.day}日，每组最多{planned.max_load}个")
    if planned.repeats:
        line += f"，{planned.repeats}个村无法避免连续两轮同组"
    done = [c for c in closed if c.created]
    if done:
        line += "；已通报" + "、".join(c.key for c in done)
    details = [f"- 督查安排：`dudao rounds show {planned.key}`；各组记录表：`dudao rounds sheet {planned.key} "
               "--team <组> --out <文件>.xlsx`", f"- 已通知督导组组长：{planned.messages}条"]
    for c in done:
        t = c.figures.total
        details.append(f"- {c.key}通报：已督查{t.done}/{t.planned}，新发现问题{c.figures.new_issue_total}个，"
                       f"文件 `{c.docx}`")
    return line, "\n".join(details)
