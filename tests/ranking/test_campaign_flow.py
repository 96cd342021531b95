"""The campaign cycle through Prefect (a started server): reminders once even when the flow runs twice, the
progress artifact, and the summary bulletin after the last day."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from models.db import session_scope
from models.outbox import OutboxMessage
from tests.ranking.prefect_artifacts import run_artifacts

pytestmark = pytest.mark.e2e


def outbox(url):
    with session_scope(url) as s:
        return s.execute(sa.select(OutboxMessage.recipient, OutboxMessage.rule, OutboxMessage.period)).all()


def test_campaign_cycle_reminds_once_and_reports_progress(example_db, prefect_api, home):
    from cli import context
    from domain.campaign.progress import ProgressRow, record_progress
    from flows.campaign import campaign

    with session_scope(example_db) as s:  # 30 villages started their project on time
        record_progress(s, context.district().campaign,
                        [ProgressRow("t", f"3301{t:02d}{n:03d}", "项目开工", date(2022, 9, 13))
                         for t in (1, 2, 3) for n in range(1, 11)],
                        at=datetime(2022, 9, 20, tzinfo=DISTRICT_TZ), actor="t", source="t")
    monday = datetime(2022, 9, 26, 9, 0, tzinfo=DISTRICT_TZ)
    state = campaign(cycle="hundred-day-campaign", occurrence=date(2022, 9, 26), as_of=monday, return_state=True)
    first = state.result()
    assert "30/150个村（社区）按期（20.0%）；提醒151条" in first  # 150 villages + the department's list
    again = campaign(cycle="hundred-day-campaign", occurrence=date(2022, 9, 26), as_of=monday, rerun=True)
    assert "提醒0条" in again
    reminders = [m for m in outbox(example_db) if m.rule == "campaign-remind"]
    assert len(reminders) == 151 and {m.period for m in reminders} == {"2022-10-08"}

    found = run_artifacts(state.state_details.flow_run_id)
    progress = found["hundred-day-campaign-2022-09-26-progress"]
    assert (progress.type, float(progress.data)) == ("progress", 20.0)
    status = found["hundred-day-campaign-2022-09-26"].data
    assert "| 项目开工 | 2022-09-14（已到期） | 镇（街道） | 30 | 0 | 120 |" in status

    last = campaign(cycle="hundred-day-campaign", occurrence=date(2022, 11, 28),
                    as_of=datetime(2022, 11, 28, 9, 0, tzinfo=DISTRICT_TZ))
    assert "总结通报" in last
    assert (home / "outputs" / "campaign" / "2022-08-15-总结通报.docx").exists()
    summary = [m for m in outbox(example_db) if m.rule == "campaign-summary"]
    assert len(summary) == 11  # leadership and the 10 towns, once
    campaign(cycle="hundred-day-campaign", occurrence=date(2022, 11, 28),
             as_of=datetime(2022, 11, 28, 9, 0, tzinfo=DISTRICT_TZ), rerun=True)
    assert len([m for m in outbox(example_db) if m.rule == "campaign-summary"]) == 11
