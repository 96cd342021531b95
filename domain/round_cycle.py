"""The biweekly inspection cycle's body (两周一督查): close the rounds still open, then plan this occurrence's.

This is what the `biweekly-inspection` flow runs (and `dudao rounds plan`); one unit of work, idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from config.district import DistrictConfig
from domain.round_close import RoundClosed, close_round
from domain.round_plan import RoundPlanned, plan_round
from models.rounds import InspectionRound, RoundStatus


@dataclass(frozen=True)
class RoundRun:
    planned: RoundPlanned
    closed: list[RoundClosed] = field(default_factory=list)  # earlier rounds closed on the way


def run_round(session: Session, cfg: DistrictConfig, *, occurrence: date, at: datetime, actor: str,
              outputs_dir: Path, cycle_key: str = "biweekly-inspection") -> RoundRun:
    """Close every planned round before this occurrence (publishing its bulletin), then plan this one."""
    earlier = session.exec(select(InspectionRound.key).where(
        InspectionRound.status == RoundStatus.planned, InspectionRound.occurrence < occurrence)
        .order_by(InspectionRound.occurrence)).all()
    closed = [close_round(session, cfg, key, at=at, actor=actor, outputs_dir=outputs_dir) for key in earlier]
    overdue, open_issues = issue_context(session, at)
    planned = plan_round(session, cfg, occurrence=occurrence, at=at, actor=actor, cycle_key=cycle_key,
                         overdue=overdue, open_issues=open_issues)
    return RoundRun(planned, closed)


def issue_context(session: Session, at: datetime) -> tuple[set[str], dict[str, list[str]]]:
    """(village codes with overdue issues, village code → titles of its open issues) from the issue ledger.

    The issue ledger (issue 4) is not in this tree yet: no village is overdue and none has open issues.
    """
    return set(), {}
