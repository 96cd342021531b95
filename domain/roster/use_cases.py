"""The roster's operations (花名册与组织): one function per thing a user does, each on a unit of work —
setting a ledger up, importing a roster, retiring a village, listing the roster, the district's figures.

CLI commands and the demo call these and nothing below them; the modules of this area do the work over the
unit of work's session, at its as-of moment, as its acting user, with its district config.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.sheets import Table
from domain.roster import ledger, summary
from domain.roster.district import sync_config
from domain.roster.ledger import ImportReport
from domain.roster.sheet import RosterRow, parse_roster
from domain.roster.summary import DistrictSummary
from domain.roster.view import RosterListing, roster_listing
from models.migrate import upgrade
from models.org import Village

if TYPE_CHECKING:
    from pathlib import Path

    from domain.unit_of_work import UnitOfWork


def set_up_ledger(uow: UnitOfWork, config_path: Path, *, roster: Table | None = None) -> ImportReport | None:
    """`dudao init`: bring the ledger to this dudao's schema (models.migrate), load the district config into
    it and, given a roster, import it (what the import did). Idempotent: again, it changes nothing.

    Open the unit of work without the schema check: the ledger may not exist yet. A roster is validated
    before the database is touched, so a bad one leaves nothing half-written."""
    rows = None if roster is None else _rows(uow, roster)
    upgrade(uow.session.get_bind().url.render_as_string(hide_password=False))
    sync_config(uow.session, uow.config, at=uow.as_of, actor=uow.who, source=str(config_path))
    if rows is None:
        return None
    return ledger.apply_roster(uow.session, rows, at=uow.as_of, actor=uow.who, source=roster.path.name)


def import_roster(uow: UnitOfWork, roster: Table, *, dry_run: bool = False) -> ImportReport:
    """`dudao roster import`: upsert towns, villages, incomes, targets and secretaries by code (never delete;
    audited); all or nothing, every bad row reported. A dry run validates only: its report counts the rows
    and writes nothing (it needs no ledger)."""
    rows = _rows(uow, roster)
    if dry_run:
        return ImportReport(rows=len(rows))
    return ledger.apply_roster(uow.session, rows, at=uow.as_of, actor=uow.who, source=roster.path.name)


def deactivate_village(uow: UnitOfWork, code: str, *, reason: str) -> Village:
    """Retire a village (merged, abolished): it keeps its history and is no longer planned, ranked or reminded."""
    return ledger.deactivate_village(uow.session, code, reason=reason, at=uow.as_of, actor=uow.who)


def list_roster(uow: UnitOfWork, *, town: str | None = None, year: int | None = None,
                include_inactive: bool = False) -> RosterListing:
    """`dudao roster show`: the villages (of one town, by name or code) with their income and target of `year`
    (default the latest recorded) and secretary; the active ones unless `include_inactive`."""
    return roster_listing(uow.session, town=town, year=year, include_inactive=include_inactive)


def district_summary(uow: UnitOfWork, year: int | None = None) -> DistrictSummary:
    """What the ledger holds for the district: towns, villages, income bands of `year` and the year before,
    plan targets, teams, departments and the configured cycles (`dudao init` and the demo print it). Without
    a year: the latest year with a recorded income up to the unit of work's year (a district without a demo
    season whose roster has 2021 and 2022 incomes shows those), else the unit of work's year."""
    if year is None:
        year = summary.latest_income_year(uow.session, up_to=uow.today.year) or uow.today.year
    return summary.district_summary(uow.session, uow.config, year)


def _rows(uow: UnitOfWork, roster: Table) -> list[RosterRow]:
    """The roster's rows validated; its towns must be the config's, when the config lists towns."""
    return parse_roster(roster, known_towns={t.name for t in uow.config.towns} or None)
