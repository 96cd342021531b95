"""Fixtures of the rounds area: the example district with its first round planned, and a unit of work on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

import pytest

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from domain.rounds import RoundVisit
    from domain.unit_of_work import UnitOfWork

pytest.register_assert_rewrite("tests.rounds.bulletin_check")

ROUND = "R2022-10-10"
OCCURRENCE = date(2022, 10, 10)
PLANNED_AT = datetime(2022, 10, 10, 9, 0, tzinfo=DISTRICT_TZ)


@contextmanager
def work(url: str, cfg: DistrictConfig | None = None, *, at: datetime = PLANNED_AT,
         actor: str | None = "测试") -> Iterator[UnitOfWork]:
    """A unit of work on the test ledger `url`, as of `at`, acting as `actor`, with the district config `cfg`."""
    from domain.unit_of_work import unit_of_work

    with unit_of_work(as_of=at, actor=actor, config=cfg, url=url) as uow:
        yield uow


@pytest.fixture
def planned(example_db, example_cfg):
    """The example district with round R2022-10-10 planned (as the cycle does on 2022-10-10 09:00)."""
    from domain.rounds import plan_round

    with work(example_db, example_cfg) as uow:
        plan_round(uow, OCCURRENCE)
    return example_db


def ledger_counts(url: str) -> dict[str, int]:
    """Row counts a failed command must leave unchanged."""
    import sqlalchemy as sa

    from models.audit import AuditEvent
    from models.db import session_scope
    from models.outbox import OutboxMessage
    from models.rounds import Finding, InspectionRound, StopStatus, TripStop, Visit, VisitStatus

    with session_scope(url) as s:
        def count(q):
            return s.execute(q).scalar_one()

        return {
            "recorded": count(sa.select(sa.func.count()).where(Visit.status != VisitStatus.planned)),
            "findings": count(sa.select(sa.func.count()).select_from(Finding)),
            "audit": count(sa.select(sa.func.count()).select_from(AuditEvent)),
            "outbox": count(sa.select(sa.func.count()).select_from(OutboxMessage)),
            "rounds": count(sa.select(sa.func.count()).select_from(InspectionRound)),
            "stops_done": count(sa.select(sa.func.count()).where(TripStop.status == StopStatus.done)),
        }


def team_visits(url: str, team: str) -> list[RoundVisit]:
    """A team's visits in ROUND (village code, town name, day …)."""
    from domain.rounds import round_visits

    with work(url) as uow:
        return round_visits(uow, ROUND, team=team)
