"""The red/black list (红黑榜): indicator values from the ledger, the scoring and listing rules, frozen
snapshots with streaks, publishing, revoking and the bulletin.
"""

from __future__ import annotations

from domain.ranking.engine import LISTING_NAMES
from domain.ranking.publish import (
    Lists,
    Published,
    check_rankable,
    compute_lists,
    cycle_period,
    publish_for_cycle,
    publish_lists,
    revoke_lists,
)
from domain.ranking.snapshot import check_publishable, current, entries, publish, published, snapshots, unit_history

__all__ = [
    "LISTING_NAMES",
    "Lists",
    "Published",
    "check_publishable",
    "check_rankable",
    "compute_lists",
    "current",
    "cycle_period",
    "entries",
    "publish",
    "publish_for_cycle",
    "publish_lists",
    "published",
    "revoke_lists",
    "snapshots",
    "unit_history",
]
