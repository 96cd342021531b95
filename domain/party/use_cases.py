"""The party ledgers' operations (党组织、干部、培训): one function per thing a user does, on a unit of work.
CLI commands, the demo and (later) the report call these and nothing below them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.ledger_sheet import write_template
from adapters.sheets import Table
from domain.calendar import working_calendar
from domain.issues import policy_of
from domain.party import ledger, query
from domain.party.ledger import Loaded
from domain.party.query import (
    CadreRow,
    OrgRow,
    PartyFigures,
    ReviewRow,
    SessionRow,
    WeakRow,
)
from domain.party.sheets import SHEETS, spec
from models.party import CadreReview

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def party_template(kind: str, out: Path) -> Path:
    """The blank .xlsx template of one ledger (`kind` in SHEETS: orgs, ratings, weak, brands, reviews,
    assessments, excellent, sessions, attendance)."""
    return write_template(out, spec(kind, villages={}, orgs={}, sessions={}))


def import_party_sheet(uow: UnitOfWork, kind: str, table: Table) -> Loaded:
    """Import one ledger's sheet: all or nothing (every bad cell named with its row and column), idempotent by
    natural key. A weak-and-lax designation opens its rectification issue (owner: the town; deadline in working
    days) and tells its district leader once."""
    if kind not in SHEETS:
        raise KeyError(kind)
    return ledger.load(uow.session, kind, table, at=uow.as_of, actor=uow.who, policy=policy_of(uow))


def list_orgs(uow: UnitOfWork, year: int, *, town: str | None = None, include_inactive: bool = False
              ) -> list[OrgRow]:
    """The organisations with the year's city-level rating, designation status and brands."""
    return query.org_rows(uow.session, year, town=town, include_inactive=include_inactive)


def list_weak(uow: UnitOfWork, year: int | None = None) -> list[WeakRow]:
    """Weak-and-lax designations with their rectification issue's deadline and status."""
    return query.weak_rows(uow.session, year)


def list_reviews(uow: UnitOfWork, year: int | None = None, *, found_only: bool = False) -> list[ReviewRow]:
    """Qualification reviews (district and town), the cases found and how each was handled."""
    return query.review_rows(uow.session, year, found_only=found_only)


def handle_review_case(uow: UnitOfWork, review_id: int, *, handling: str, handled_on: date | None = None
                       ) -> CadreReview:
    """会商处理: record how a found case was handled (default today); its queued notices are cancelled."""
    return ledger.handle_case(uow.session, review_id, handling=handling, handled_on=handled_on or uow.today,
                              at=uow.as_of, actor=uow.who)


def sweep_reviews(uow: UnitOfWork) -> int:
    """Queue the reminders, due-day and overdue notices of unhandled cases, each once."""
    return query.sweep_reviews(uow.session, working_calendar(uow), as_of=uow.as_of,
                               warn_days=uow.config.issues.warn_days)


def list_assessments(uow: UnitOfWork, year: int | None = None) -> list[CadreRow]:
    """Secretaries' 述职评议考核 with their grades."""
    return query.assessment_rows(uow.session, year)


def list_excellent(uow: UnitOfWork, year: int | None = None) -> list[CadreRow]:
    """Cadres named excellent per assessment year."""
    return query.excellent_rows(uow.session, year)


def list_sessions(uow: UnitOfWork, year: int | None = None) -> list[SessionRow]:
    """Training sessions with their cadre and party-member attendances (the list's count, else the stated one)."""
    return query.session_rows(uow.session, year)


def party_figures(uow: UnitOfWork, year: int) -> PartyFigures:
    """The year's figures up to the unit of work's day: organisations, stars, brands, weak-and-lax closed,
    cadres reviewed and records handled, training, and the previous year's excellent cadres."""
    return query.figures(uow.session, year, uow.today)


def transfer_party_org(uow: UnitOfWork, from_village: str, to_village: str, *, reason: str | None = None
                       ) -> tuple[int | None, str]:
    """A village leaves the roster: its party organisation moves to the village it merged into ('moved'), or is
    closed into that village's own organisation ('merged'); ('none') when it had none. For the roster's exit."""
    return ledger.transfer_org(uow.session, from_village, to_village, at=uow.as_of, actor=uow.who, reason=reason)
