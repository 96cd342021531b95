"""Fixtures of the issue ledger: the example district loaded, its rules and calendar, a Shanghai clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
VILLAGE = "330101001"  # 青山镇 顺乐村 (town T01)
VILLAGE_2 = "330101002"  # 青山镇 玉荣村
OTHER_TOWN_VILLAGE = "330102001"  # 河口镇 先万村 (town T02)


def at(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


@pytest.fixture
def ledger(example_db):
    """A unit of work on the example district (committed when the test ends)."""
    from models.db import session_scope

    with session_scope(example_db) as s:
        yield s


@pytest.fixture
def policy(ledger, example_cfg):
    from domain.issues.raising import issue_policy

    return issue_policy(ledger, example_cfg)


@pytest.fixture
def open_one(ledger, policy):
    """Open an issue in 青山镇 顺乐村 (defaults), return its id."""
    from domain.issues.raising import open_issue

    def _open(when: datetime = at(2026, 9, 21), **fields) -> int:
        fields.setdefault("title", "村集体资产台账不全")
        fields.setdefault("village", VILLAGE)
        fields.setdefault("category", "资产管理")
        return open_issue(ledger, at=when, actor="测试", policy=policy, **fields)

    return _open
