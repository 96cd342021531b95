"""The streak a unit carries into a period comes from its newest earlier entry, however far back."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from config.ranking import Board
from domain.calendar.periods import parse_period
from domain.ranking.snapshot import previous_streaks
from models.ranking import RankingEntry, RankingSnapshot

AT = datetime(2023, 1, 1, tzinfo=UTC)


def _publish(session, period: str, streaks: dict[str, int]) -> None:
    p = parse_period(period)
    snap = RankingSnapshot(period=p.key, period_kind=p.kind.value, period_start=p.start, period_end=p.end,
                           rule_version="1", as_of=AT, published_at=AT, published_by="测试")
    session.add(snap)
    session.flush()
    session.execute(sa.insert(RankingEntry.__table__), [
        {"snapshot_id": snap.id, "board": Board.villages.value, "scope": "", "unit_code": code, "unit_name": code,
         "listing": "black" if streak else "unlisted", "streak": streak, "values": {}, "normalised": {},
         "reasons": []} for code, streak in streaks.items()])


def test_each_unit_takes_its_newest_earlier_entry(session):
    _publish(session, "2022-08", {"A": 1, "B": 1, "C": 1})
    _publish(session, "2022-09", {"A": 2, "B": 0})
    _publish(session, "2022-10", {"A": 3})
    _publish(session, "2022-12", {"A": 9, "B": 9, "C": 9})  # after the period: never read
    keys = [(Board.villages, code) for code in ("A", "B", "C", "D")]
    assert previous_streaks(session, parse_period("2022-11"), keys) == {
        (Board.villages, "A"): 3, (Board.villages, "B"): 0, (Board.villages, "C"): 1}
    assert previous_streaks(session, parse_period("2022-08"), keys) == {}
