"""The round and trip flows on a started Prefect server: plan, artifact, re-run and retries create nothing twice,
the next round closes the previous one and wakes its `after:` followers."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from tests.rounds.conftest import ROUND, ledger_counts, work

pytestmark = pytest.mark.e2e
AS_OF = datetime(2022, 10, 10, 9, 0, tzinfo=DISTRICT_TZ)


def cycle_runs(url):
    from models.cycles import CycleRun
    from models.db import session_scope

    with session_scope(url) as s:
        return {(r.cycle, r.occurrence): r for r in s.execute(sa.select(CycleRun)).scalars()}


def test_round_flow_plans_once_and_leaves_the_plan_as_a_table_artifact(example_db, prefect_api):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.inspection_round import inspection_round

    state = inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10), as_of=AS_OF,
                             return_state=True)
    assert state.is_completed(), state.message
    assert "R2022-10-10已安排：150个村（社区），5个督导组" in state.result()
    after_first = ledger_counts(example_db)
    assert after_first["outbox"] == 5 and after_first["rounds"] == 1
    run = cycle_runs(example_db)[("biweekly-inspection", date(2022, 10, 10))]
    assert run.closed_at is None  # the round's occurrence closes with its bulletin, not when planned

    again = inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10), as_of=AS_OF, rerun=True,
                             return_state=True)
    assert again.is_completed() and "此前已安排" in again.result()
    assert ledger_counts(example_db) == after_first  # a re-run creates and sends nothing

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["biweekly-inspection-2022-10-10-plan"])))
    assert found and found[0].type == "table"
    rows = found[0].data if isinstance(found[0].data, list) else json.loads(found[0].data)
    assert len(rows) == 150 and {"日期", "督导组", "镇街", "村（社区）"} <= set(rows[0])


def test_next_round_closes_the_previous_and_wakes_the_red_black_list(example_db, prefect_api, home):
    from flows.inspection_round import inspection_round

    inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 10), as_of=AS_OF)
    state = inspection_round(cycle="biweekly-inspection", occurrence=date(2022, 10, 24),
                             as_of=AS_OF.replace(day=24), return_state=True)
    assert state.is_completed(), state.message
    assert "已通报R2022-10-10" in state.result()
    runs = cycle_runs(example_db)
    assert runs[("biweekly-inspection", date(2022, 10, 10))].closed_at is not None
    assert runs[("red-black-list", date(2022, 10, 10))].state == "completed"  # the after: follower ran
    assert ("red-black-list", date(2022, 10, 24)) not in runs  # R2022-10-24 is still open
    assert (home / "outputs" / "bulletins" / "R2022-10-10-督查通报.docx").exists()


def test_a_prefect_task_retry_after_commit_creates_nothing_twice(example_db, example_cfg, prefect_api):
    """The task plans and commits, then fails before Prefect hears of it; its retry must find the work done."""
    from prefect import flow, task

    from domain.rounds import close_rounds_before, plan_round

    attempts: list[dict] = []

    @task(retries=2, retry_delay_seconds=0)
    def plan_round_task() -> str:
        with work(example_db, example_cfg, at=AS_OF) as uow:
            close_rounds_before(uow, date(2022, 10, 10))
            planned = plan_round(uow, date(2022, 10, 10))
        attempts.append(ledger_counts(example_db))
        if len(attempts) == 1:
            raise ConnectionError("the worker lost its connection after the commit")
        return planned.key

    @flow(retries=1, retry_delay_seconds=0)
    def round_with_retries() -> str:
        return plan_round_task()

    assert round_with_retries() == ROUND
    assert len(attempts) == 2 and attempts[0] == attempts[1]  # the retry created and queued nothing


def test_trip_flow_plans_the_quarter_once(example_db, prefect_api):
    from flows.research_trip import research_trip

    state = research_trip(cycle="quarterly-research", occurrence=date(2022, 10, 10), as_of=AS_OF, return_state=True)
    assert state.is_completed(), state.message
    assert "2022-Q4季度督导调研已安排：10个镇街，2个调研组" in state.result()
    before = ledger_counts(example_db)
    research_trip(cycle="quarterly-research", occurrence=date(2022, 10, 10), as_of=AS_OF, rerun=True)
    assert ledger_counts(example_db) == before
