"""Roster and organisation (花名册与组织): towns, villages, incomes and targets, the district config kept
in the ledger, setting a ledger up, and what it holds; exports the import, the listing and the summary.
"""

from __future__ import annotations

from domain.roster.ledger import ImportReport, apply_roster, deactivate_village
from domain.roster.setup import initialise
from domain.roster.sheet import parse_roster
from domain.roster.summary import district_summary
from domain.roster.view import roster_listing

__all__ = [
    "ImportReport",
    "apply_roster",
    "deactivate_village",
    "district_summary",
    "initialise",
    "parse_roster",
    "roster_listing",
]
