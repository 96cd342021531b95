"""Publishing red/black lists on a small ledger: frozen snapshots, revoke/republish, streaks across periods.

Five villages in one town, ranked on income_vs_target (income ÷ plan target) for yearly periods; a year
without a target for a village is a year without data for it.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from config.district import DistrictConfig
from config.errors import IllegalTransition, InputError, NotFound
from domain.calendar.periods import parse_period
from domain.calendar.workdays import WorkingCalendar
from domain.ranking.publish import compute_lists, publish_lists, revoke_lists
from domain.ranking.snapshot import entries, snapshots, unit_history
from models.audit import AuditEvent
from models.db import session_scope
from models.org import Town, Village
from models.outbox import OutboxMessage
from models.ranking import Listing, SnapshotStatus
from models.records import IncomeRecord, PlanTarget

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkingCalendar()
CFG = DistrictConfig.model_validate({
    "district": {"code": "X", "name": "测试区"},
    "ranking": {"rule_version": "t1", "red_top_n": 1, "black_bottom_n": 1, "boards": ["villages"],
                "indicators": [{"key": "income_vs_target", "weight": 1}],
                "ladder": [{"streak": 1, "action": "镇街约谈"}, {"streak": 2, "action": "组织部约谈"},
                           {"streak": 3, "action": "启动问责程序"}]},
})
# income ÷ target per year (None: no target that year → no data)
RATIOS = {
    "V1": {2020: 0.5, 2021: 0.5, 2022: 0.5, 2023: None, 2024: 0.5, 2025: 1.3},
    "V2": {2020: 0.9, 2021: 0.9, 2022: 0.9, 2023: 0.9, 2024: 0.9, 2025: 0.9},
    "V3": {y: 1.0 for y in range(2020, 2026)},
    "V4": {y: 1.1 for y in range(2020, 2026)},
    "V5": {y: None for y in range(2020, 2026)},  # never any data
}


@pytest.fixture
def ledger(db_url):
    with session_scope(db_url) as s:
        s.add(Town(code="T1", name="一镇"))
        s.flush()
        town_id = s.execute(sa.select(Town.id)).scalar_one()
        for code in RATIOS:
            s.add(Village(code=code, name=f"{code}村", town_id=town_id))
        s.flush()
        ids = dict(s.execute(sa.select(Village.code, Village.id)).all())
        for code, years in RATIOS.items():
            for year, ratio in years.items():
                if ratio is not None:
                    s.add(PlanTarget(village_id=ids[code], year=year, target_yuan=100_000))
                    s.add(IncomeRecord(village_id=ids[code], year=year, amount_yuan=int(ratio * 100_000)))
    return db_url


def at(year):
    return datetime(year + 1, 1, 10, 9, 0, tzinfo=SH)


def publish_year(url, year, tmp_path, reason=None):
    with session_scope(url) as s:
        lists = compute_lists(s, CFG, parse_period(str(year)), CAL, as_of=at(year))
        return publish_lists(s, CFG, lists, at=at(year), actor="测试", outputs_dir=tmp_path, reason=reason)


def board(url, year):
    with session_scope(url) as s:
        [snap] = [x for x in snapshots(s, str(year)) if x.status == SnapshotStatus.published]
        return {e.unit_code: e for e in entries(s, snap.id)}


def test_streak_climbs_holds_through_no_data_and_resets(ledger, tmp_path):
    for year in range(2020, 2026):
        publish_year(ledger, year, tmp_path)
    v1 = [(y, board(ledger, y)["V1"]) for y in range(2020, 2026)]
    assert [(y, e.listing, e.streak, e.action) for y, e in v1] == [
        (2020, Listing.black, 1, "镇街约谈"),
        (2021, Listing.black, 2, "组织部约谈"),
        (2022, Listing.black, 3, "启动问责程序"),
        (2023, Listing.no_data, 3, None),  # no data: neither extends nor resets
        (2024, Listing.black, 4, "启动问责程序"),  # the top step holds beyond it
        (2025, Listing.red, 0, None),  # ranked and not black: reset
    ]
    assert board(ledger, 2023)["V2"].listing is Listing.black and board(ledger, 2023)["V2"].streak == 1
    assert [board(ledger, y)["V2"].streak for y in (2024, 2025)] == [0, 1]  # 2024 ranked, not black: reset
    assert board(ledger, 2025)["V5"].listing is Listing.no_data


def test_snapshot_is_frozen_revocable_with_reason_and_audited(ledger, tmp_path):
    first = publish_year(ledger, 2020, tmp_path)
    assert first.markdown.exists() and first.docx.exists()
    before = {c: (e.score, e.rank, e.listing, e.values) for c, e in board(ledger, 2020).items()}
    with session_scope(ledger) as s:  # the data changes after publication
        s.execute(sa.update(IncomeRecord).values(amount_yuan=IncomeRecord.amount_yuan * 3)
                  .where(IncomeRecord.year == 2020, IncomeRecord.village_id == sa.select(Village.id).where(
                      Village.code == "V1").scalar_subquery()))
    assert {c: (e.score, e.rank, e.listing, e.values) for c, e in board(ledger, 2020).items()} == before
    with pytest.raises(IllegalTransition):
        publish_year(ledger, 2020, tmp_path)
    with session_scope(ledger) as s, pytest.raises(InputError):
        revoke_lists(s, CFG, parse_period("2020"), reason="  ", at=at(2020), actor="测试")
    with session_scope(ledger) as s:
        revoke_lists(s, CFG, parse_period("2020"), reason="收入数据填报有误", at=at(2020), actor="组织部")
    with session_scope(ledger) as s:
        event = s.execute(sa.select(AuditEvent).where(AuditEvent.entity == "ranking", AuditEvent.action == "revoke")
                          ).scalar_one()
        assert (event.entity_id, event.actor, event.from_state, event.to_state) == ("2020", "组织部", "published",
                                                                                     "revoked")
        assert "收入数据填报有误" in event.note
        with pytest.raises(IllegalTransition):
            revoke_lists(s, CFG, parse_period("2020"), reason="again", at=at(2020), actor="组织部")
        with pytest.raises(NotFound):
            revoke_lists(s, CFG, parse_period("2019"), reason="x", at=at(2020), actor="组织部")
    with pytest.raises(InputError):  # republishing needs a reason
        publish_year(ledger, 2020, tmp_path)
    second = publish_year(ledger, 2020, tmp_path, reason="更正收入数据后重新发布")
    assert second.snapshot.version == 2 and second.markdown.name == "红黑榜-2020-v2.md"
    with session_scope(ledger) as s:
        both = snapshots(s, "2020")
        assert [(x.version, x.status) for x in both] == [(2, SnapshotStatus.published), (1, SnapshotStatus.revoked)]
        actions = s.execute(sa.select(AuditEvent.action).where(AuditEvent.entity == "ranking")
                            .order_by(AuditEvent.id)).scalars().all()
        assert actions == ["publish", "revoke", "republish"]
        _, history = unit_history(s, "V1")
    assert [(h.version, h.status, h.listing) for h in history] == [
        (1, SnapshotStatus.revoked, Listing.black), (2, SnapshotStatus.published, Listing.red)]  # 3× income now


def test_messages_to_towns_leadership_and_each_black_unit(ledger, tmp_path):
    out = publish_year(ledger, 2020, tmp_path)
    with session_scope(ledger) as s:
        rows = {(m.recipient, m.rule): m for m in s.execute(sa.select(OutboxMessage)).scalars()}
    assert set(rows) == {("leadership", "ranking-publish"), ("town:T1", "ranking-publish"),
                         ("village:V1", "ranking-black")}
    assert out.queued == 3
    black = rows[("village:V1", "ranking-black")]
    assert (black.item, black.period) == ("ranking:2020", "v1")
    assert "首次列入黑榜，处理措施：镇街约谈。" in black.payload["text"] and black.payload["action"] == "镇街约谈"
    assert "镇街约谈" in black.payload["text"] and "收入目标完成率50.0%" in black.payload["text"]
    assert "V4村" in rows[("town:T1", "ranking-publish")].payload["text"]
    text = out.markdown.read_text(encoding="utf-8")
    assert "# 测试区红黑榜（2020年）" in text and "V5村" in text.split("未参与排名的单位")[1]
