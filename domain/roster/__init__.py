"""Roster and organisation (花名册与组织): towns, villages, incomes and targets, the district config kept
in the ledger, setting a ledger up, and what it holds; exports its use cases and their results.
"""

from __future__ import annotations

from domain.roster.income import IncomeBands, PlanTotal
from domain.roster.ledger import ImportReport
from domain.roster.summary import CycleLine, DistrictSummary
from domain.roster.use_cases import (
    deactivate_village,
    district_summary,
    import_roster,
    list_roster,
    set_up_ledger,
)
from domain.roster.view import RosterLine, RosterListing

__all__ = [
    "CycleLine",
    "DistrictSummary",
    "ImportReport",
    "IncomeBands",
    "PlanTotal",
    "RosterLine",
    "RosterListing",
    "deactivate_village",
    "district_summary",
    "import_roster",
    "list_roster",
    "set_up_ledger",
]
