"""Fixtures of the rounds area: the example district with its first round planned."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

pytest.register_assert_rewrite("tests.rounds.bulletin_check")

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROUND = "R2022-10-10"
PLANNED_AT = datetime(2022, 10, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def planned(example_db, example_cfg, home):
    """The example district with round R2022-10-10 planned (as the cycle does on 2022-10-10 09:00)."""
    from domain.rounds.cycle import run_round
    from models.db import session_scope

    with session_scope(example_db) as s:
        run_round(s, example_cfg, occurrence=date(2022, 10, 10), at=PLANNED_AT, actor="测试",
                  outputs_dir=home / "outputs")
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


def team_visits(url: str, team: str) -> list[tuple[str, str, date]]:
    """(village code, town name, day) of a team's visits in ROUND."""
    from domain.rounds.visits import round_visits
    from models.db import session_scope

    with session_scope(url) as s:
        return [(code, town, v.day) for v, code, _, town, t in round_visits(s, ROUND, team=team)]
