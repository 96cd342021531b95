"""Publishing red/black lists on a small ledger: frozen snapshots, revoke/republish, streaks across periods.

Five villages in one town, ranked on income_vs_target (income ÷ plan target) for yearly periods; a year
without a target for a village is a year without data for it.
"""

from datetime import datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from config.errors import IllegalTransition, InputError, NotFound
from domain.calendar import parse_period
from domain.ranking import publish_for_cycle, publish_period, revoke_period, show_list, snapshots, unit_history
from domain.unit_of_work import unit_of_work
from models.audit import AuditEvent
from models.db import session_scope
from models.org import Town, Village
from models.outbox import OutboxMessage
from models.ranking import Listing, SnapshotStatus
from models.records import IncomeRecord, PlanTarget

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
    return datetime(year + 1, 1, 10, 9, 0, tzinfo=DISTRICT_TZ)


def work(url, year, actor="测试"):
    return unit_of_work(url=url, config=CFG, as_of=at(year), actor=actor)


def publish_year(url, year, tmp_path, reason=None):
    with work(url, year) as uow:
        return publish_period(uow, parse_period(str(year)), outputs_dir=tmp_path, reason=reason)


def board(url, year):
    with work(url, year) as uow:
        shown = show_list(uow, parse_period(str(year)))
    assert shown.snapshot.status == SnapshotStatus.published
    return {e.unit_code: e for e in shown.entries}


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
    with work(ledger, 2020) as uow, pytest.raises(InputError):
        revoke_period(uow, parse_period("2020"), reason="  ")
    with work(ledger, 2020, actor="组织部") as uow:
        revoked = revoke_period(uow, parse_period("2020"), reason="收入数据填报有误")
    assert (revoked.snapshot.status, revoked.queued) == (SnapshotStatus.revoked, 2)  # leadership and the town
    with session_scope(ledger) as s:
        event = s.execute(sa.select(AuditEvent).where(AuditEvent.entity == "ranking", AuditEvent.action == "revoke")
                          ).scalar_one()
        assert (event.entity_id, event.actor, event.from_state, event.to_state) == ("2020", "组织部", "published",
                                                                                     "revoked")
        assert "收入数据填报有误" in event.note
    with work(ledger, 2020, actor="组织部") as uow:
        with pytest.raises(IllegalTransition):
            revoke_period(uow, parse_period("2020"), reason="again")
        with pytest.raises(NotFound):
            revoke_period(uow, parse_period("2019"), reason="x")
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
    with work(ledger, 2020) as uow:
        history = unit_history(uow, "V1")
    assert (history.unit, history.name) == ("V1", "V1村")
    assert [(h.version, h.status, h.listing) for h in history.rows] == [
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


def test_the_cycle_publishes_a_period_once_and_leaves_a_revoked_one_to_a_person(ledger, tmp_path):
    year = parse_period("2020")
    runs = []
    for _ in range(2):
        with work(ledger, 2020, actor="dudao:red-black-list") as uow:
            runs.append(publish_for_cycle(uow, year, actor="红黑榜（自动）", outputs_dir=tmp_path))
    first, again = runs
    assert first.summary.startswith("红黑榜 2020 第1版已发布（计分规则第2版）：全区村（社区）红2黑1")
    assert first.published.queued == 3
    assert first.published.snapshot.published_by == "红黑榜（自动）"  # signed as the cycle, not its run's actor
    assert again.published is None and again.existing.version == 1 and "本次不重复发布" in again.summary
    with work(ledger, 2020, actor="组织部") as uow:
        revoke_period(uow, year, reason="收入数据填报有误")
    with work(ledger, 2020) as uow:
        waiting = publish_for_cycle(uow, year, outputs_dir=tmp_path)
        assert [x.version for x in snapshots(uow.session, "2020")] == [1]
    assert waiting.published is None and "已撤销，不自动重新发布" in waiting.summary


def test_the_cycle_ranks_nothing_before_the_roster_is_loaded(db_url, tmp_path):
    with unit_of_work(url=db_url, config=CFG, as_of=at(2020), actor="测试") as uow:
        result = publish_for_cycle(uow, parse_period("2020"), outputs_dir=tmp_path)
    assert (result.published, result.existing) == (None, None) and "还没有镇（街道）和村（社区）" in result.summary
