"""Planning a round in the ledger: the example district, idempotence, the team leaders' messages."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from tests.rounds.conftest import OCCURRENCE, PLANNED_AT, ROUND, ledger_counts, work


def test_example_round_assigns_every_active_village_once(planned, example_cfg):
    from domain.calendar.workdays import WorkingCalendar
    from models.db import session_scope
    from models.org import InspectionTeam, Town, Village
    from models.rounds import InspectionRound, Visit

    with session_scope(planned) as s:
        rnd = s.execute(sa.select(InspectionRound).where(InspectionRound.key == ROUND)).scalar_one()
        rows = s.execute(sa.select(Village.code, Town.name, InspectionTeam.key, Visit.day)
                         .join(Village, Village.id == Visit.village_id).join(Town, Town.id == Village.town_id)
                         .join(InspectionTeam, InspectionTeam.id == Visit.team_id)
                         .where(Visit.round_id == rnd.id)).all()
        active = set(s.execute(sa.select(Village.code).where(Village.active)).scalars())
    assert sorted(r[0] for r in rows) == sorted(active)
    avoid = {t.key: t.avoided_towns for t in example_cfg.teams}
    assert all(town not in avoid[team] for _, town, team, _ in rows)
    cal = WorkingCalendar()
    window = [d for d in (date(2022, 10, 10 + i) for i in range(12)) if cal.is_working_day(d)]
    assert (rnd.window_start, rnd.window_end) == (window[0], window[-1]) == (date(2022, 10, 10), date(2022, 10, 21))
    assert all(r[3] in window for r in rows)
    loads = {}
    for _, _, team, _day in rows:
        loads[team] = loads.get(team, 0) + 1
    assert sorted(loads.values()) == [30] * 5 and rnd.max_load == 30


def test_each_team_leader_gets_one_message_listing_its_visits(planned):
    from models.db import session_scope
    from models.outbox import OutboxMessage
    from tests.rounds.conftest import team_visits

    with session_scope(planned) as s:
        msgs = s.execute(sa.select(OutboxMessage).where(OutboxMessage.rule == "plan")).scalars().all()
    assert sorted(m.recipient for m in msgs) == [f"team:team-{i}" for i in range(1, 6)]
    for m in msgs:
        visits = team_visits(planned, m.recipient.removeprefix("team:"))
        assert [v["village"] for v in m.payload["visits"]] == [v.village for v in visits]
        assert "座谈了解、实地查看、查阅资料" in m.payload["text"]
        assert m.item == f"round:{ROUND}" and m.period == ROUND


def test_planning_again_creates_and_sends_nothing(planned, example_cfg):
    from domain.rounds import close_rounds_before, plan_round

    before = ledger_counts(planned)
    with work(planned, example_cfg) as uow:  # what the cycle's body does: close earlier rounds, plan this one
        closed = close_rounds_before(uow, OCCURRENCE)
        again = plan_round(uow, OCCURRENCE)
    assert closed == [] and not again.created and again.visits == 150
    assert ledger_counts(planned) == before


def test_next_round_closes_the_previous_and_rotates_teams(planned, example_cfg, home):
    from domain.rounds import close_rounds_before, plan_round
    from models.db import session_scope
    from models.rounds import InspectionRound, RoundStatus

    with work(planned, example_cfg, at=PLANNED_AT.replace(day=24)) as uow:
        closed = close_rounds_before(uow, date(2022, 10, 24))
        planned_next = plan_round(uow, date(2022, 10, 24))
    assert [c.key for c in closed] == [ROUND] and closed[0].docx.exists()
    assert closed[0].docx.parent == home / "outputs" / "bulletins"  # the settings' outputs by default
    assert planned_next.repeats == 0
    with session_scope(planned) as s:
        status = dict(s.execute(sa.select(InspectionRound.key, InspectionRound.status)).all())
    assert status == {ROUND: RoundStatus.closed, "R2022-10-24": RoundStatus.planned}


def test_infeasible_district_is_reported_and_nothing_planned(example_db, example_cfg):
    import pytest

    from domain.rounds import InfeasibleRound, plan_round
    from models.db import session_scope
    from models.org import InspectionTeam

    with session_scope(example_db) as s:  # two villages a day for ten days cannot cover 150 villages
        s.execute(sa.update(InspectionTeam).values(daily_capacity=2))
    before = ledger_counts(example_db)
    with pytest.raises(InfeasibleRound) as info, work(example_db, example_cfg) as uow:
        plan_round(uow, OCCURRENCE)
    assert "还差" in str(info.value)
    assert ledger_counts(example_db) == before


def test_plan_table_for_the_artifact(planned):
    from domain.rounds import plan_table

    with work(planned) as uow:
        rows = plan_table(uow, ROUND)
        per_day = plan_table(uow, ROUND, limit=100)
    assert len(rows) == 150
    assert set(rows[0]) == {"日期", "督导组", "镇街", "村（社区）", "有逾期问题", "连续两轮同组"}
    assert sum(r["村（社区）数"] for r in per_day) == 150 and len(per_day) == 5 * 10
