"""The red/black list (红黑榜): indicator values from the ledger, the scoring and listing rules, frozen
snapshots with streaks, publishing, revoking and the bulletin.
"""

from __future__ import annotations

from domain.ranking.bulletin import left_out_rows
from domain.ranking.engine import LISTING_NAMES
from domain.ranking.publish import CycleResult, Lists, Published, check_rankable, cycle_period
from domain.ranking.snapshot import HistoryRow, current, entries, left_out, publish, published, snapshots
from domain.ranking.use_cases import (
    Publication,
    PublishedList,
    Revoked,
    UnitHistory,
    check_publication,
    list_snapshots,
    preview_lists,
    publish_for_cycle,
    publish_period,
    revoke_period,
    show_list,
    town_names,
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
    "left_out",
    "left_out_rows",
    "list_snapshots",
    "preview_lists",
    "publish",
    "publish_for_cycle",
    "publish_period",
    "published",
    "revoke_period",
    "show_list",
    "snapshots",
    "town_names",
    "unit_history",
]
