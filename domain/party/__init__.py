"""Party-building ledgers (党建台账): village party organisations with star ratings, weak-and-lax rectification,
brands; cadre qualification reviews; secretaries' assessments and excellent cadres; training sessions."""

from __future__ import annotations

from domain.party.ledger import Loaded, dissolve_org, transfer_org, village_org
from domain.party.query import CadreRow, OrgRow, PartyFigures, ReviewRow, SessionRow, WeakRow
from domain.party.rules import (
    CATEGORY_NAMES,
    FINDING_NAMES,
    GRADE_NAMES,
    ORG_KIND_NAMES,
    REVIEW_LEVEL_NAMES,
    STAR_NAMES,
    TRAINING_KIND_NAMES,
)
from domain.party.sheets import SHEET_NAMES, SHEETS
from domain.party.sync import Synced, sync_by_key
from domain.party.use_cases import (
    handle_review_case,
    import_party_sheet,
    list_assessments,
    list_excellent,
    list_orgs,
    list_reviews,
    list_sessions,
    list_weak,
    party_figures,
    party_template,
    sweep_reviews,
    transfer_party_org,
)

__all__ = [
    "CATEGORY_NAMES",
    "FINDING_NAMES",
    "GRADE_NAMES",
    "ORG_KIND_NAMES",
    "REVIEW_LEVEL_NAMES",
    "SHEETS",
    "SHEET_NAMES",
    "STAR_NAMES",
    "TRAINING_KIND_NAMES",
    "CadreRow",
    "Loaded",
    "OrgRow",
    "PartyFigures",
    "ReviewRow",
    "SessionRow",
    "Synced",
    "WeakRow",
    "dissolve_org",
    "handle_review_case",
    "import_party_sheet",
    "list_assessments",
    "list_excellent",
    "list_orgs",
    "list_reviews",
    "list_sessions",
    "list_weak",
    "party_figures",
    "party_template",
    "sweep_reviews",
    "sync_by_key",
    "transfer_org",
    "transfer_party_org",
    "village_org",
]
