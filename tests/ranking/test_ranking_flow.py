"""The red-black-list cycle through Prefect (a started server): it publishes the round's list once, leaves
the lists as a table artifact, and a second run publishes and sends nothing twice."""

import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from models.db import session_scope
from models.outbox import OutboxMessage
from models.ranking import RankingSnapshot
from tests.ranking.prefect_artifacts import run_artifacts

pytestmark = pytest.mark.e2e


def test_red_black_list_cycle_publishes_the_round_once(example_db, prefect_api, home):
    from cli import context
    from domain.campaign.progress import ProgressRow, record_progress
    from flows.ranking import ranking

    cfg = context.district()
    with session_scope(example_db) as s:  # campaign progress: 4 villages did both milestones, 4 one, the rest none
        rows = [ProgressRow("t", f"330101{n:03d}", "项目开工", date(2022, 9, 13)) for n in range(1, 9)]
        rows += [ProgressRow("t", f"330101{n:03d}", "合同规范签订", date(2022, 10, 8)) for n in range(1, 5)]
        record_progress(s, cfg.campaign, rows, at=datetime(2022, 10, 9, tzinfo=DISTRICT_TZ), actor="t", source="t")
    as_of = datetime(2022, 10, 24, 9, 0, tzinfo=DISTRICT_TZ)
    state = ranking(cycle="red-black-list", occurrence=date(2022, 10, 10), as_of=as_of, return_state=True)
    first = state.result()
    assert first.startswith("红黑榜 R2022-10-10 第1版已发布（计分规则第2版）：全区村（社区）红4黑142")  # 142 tied at 0
    again = ranking(cycle="red-black-list", occurrence=date(2022, 10, 10), as_of=as_of, rerun=True)
    assert "本次不重复发布" in again
    with session_scope(example_db) as s:
        snaps = s.execute(sa.select(RankingSnapshot.period, RankingSnapshot.version,
                                    RankingSnapshot.published_by)).all()
        messages = s.execute(sa.select(OutboxMessage.recipient, OutboxMessage.rule)).all()
    assert [tuple(x) for x in snaps] == [("R2022-10-10", 1, "红黑榜（自动）")]  # signed as the cycle
    assert len(messages) == len(set(messages)) and ("leadership", "ranking-publish") in messages
    assert (home / "outputs" / "ranking" / "红黑榜-R2022-10-10.docx").exists()

    found = run_artifacts(state.state_details.flow_run_id)
    table = found["red-black-list-2022-10-10-lists"]
    rows = json.loads(table.data)
    assert table.type == "table" and {r["结果"] for r in rows} == {"红榜", "黑榜"}
    assert {r["编码"] for r in rows if r["榜单"] == "全区村（社区）" and r["结果"] == "红榜"} == {
        "330101001", "330101002", "330101003", "330101004"}
    assert "红黑榜 R2022-10-10" in found["red-black-list-2022-10-10"].data
