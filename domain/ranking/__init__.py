"""The red/black list (红黑榜): indicator values from the ledger, the scoring and listing rules, frozen
snapshots with streaks, publishing, revoking and the bulletin.
"""

from __future__ import annotations

from domain.ranking.engine import LISTING_NAMES
from domain.ranking.publish import CycleResult, Lists, Published, check_rankable, cycle_period
from domain.ranking.snapshot import HistoryRow, current, entries, publish, published, snapshots
from domain.ranking.use_cases import (
    Publication,
    PublishedList,
    Revoked,
    UnitHistory,
    check_publication,
    preview_lists,
    publish_for_cycle,
    publish_period,
    revoke_period,
    show_list,
    unit_history,
)

__all__ = [
    "LISTING_NAMES",
    "CycleResult",
    "HistoryRow",
    "Lists",
    "Publication",
    "Published",
    "PublishedList",
    "Revoked",
    "UnitHistory",
    "check_publication",
    "check_rankable",
    "current",
    "cycle_period",
    "entries",
    "preview_lists",
    "publish",
    "publish_for_cycle",
    "publish_period",
    "published",
    "revoke_period",
    "show_list",
    "snapshots",
    "unit_history",
]
