"""Rounds and trips as operations (两周一督查、季度调研): one function per thing a user does, each on a unit of work.

CLI commands, the inspection-round and research-trip flows and the demo call these and nothing below them; the
modules of this area do the work over the unit of work's session, at its as-of moment, as its acting user.
Closing a round is composed here once (`close_round`): the bulletin published and its messages queued, and the
occurrence's close recorded on its CycleRun (what `after:` cycles and catch-up read). Running the `after:`
followers is Prefect's, so it stays with the caller (cli.rounds_cmd.wake_followers, flows.followers).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.sheets import Table
from config.settings import get_settings
from domain.calendar import working_calendar
from domain.cycles import close_cycle_occurrence
from domain.issues import policy_of
from domain.rounds import adjust, close, finding_issues, plan, sheet, trip_record, trips, view, visits
from domain.rounds.adjust import Adjusted
from domain.rounds.close import RoundClosed
from domain.rounds.findings import FindingInput
from domain.rounds.plan import RoundPlanned
from domain.rounds.sheet import TeamSheet
from domain.rounds.trip_record import StopReport
from domain.rounds.trips import TripPlanned, TripSummary
from domain.rounds.view import PLAN_ROWS_LIMIT, RoundLine
from domain.rounds.visits import RecordReport, RoundVisit, VisitResult

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


# ---- inspection rounds (两周一督查) ------------------------------------------------------------------------
def plan_round(uow: UnitOfWork, occurrence: date, *, cycle_key: str = "biweekly-inspection") -> RoundPlanned:
    """Plan the occurrence's round unless it exists: every active village assigned a team and a day (villages
    with overdue issues first), one message per team leader with the open issues to check."""
    calendar = working_calendar(uow)
    context = finding_issues.issue_context(uow.session, uow.as_of, calendar=calendar)
    return plan.plan_round(uow.session, uow.config, occurrence=occurrence, at=uow.as_of, actor=uow.who,
                           calendar=calendar, cycle_key=cycle_key, overdue=context.overdue,
                           open_issues=context.open_issues)


def adjust_round(uow: UnitOfWork, key: str, *, village: str, kind: str, team: str | None = None,
                 day: date | None = None, reason: str | None = None) -> Adjusted:
    """督查安排调整: move a planned visit to another day and/or team (kind "move"), take a village out of the
    round with a reason ("exclude") or add one ("add"); 回避, the round's working days and the team's daily
    capacity are checked, and each team concerned is told once through the outbox."""
    return adjust.adjust_round(uow.session, uow.config, key, village=village, kind=kind, team=team, day=day,
                               reason=reason, at=uow.as_of, actor=uow.who, calendar=working_calendar(uow))


def close_round(uow: UnitOfWork, key: str, *, outputs_dir: Path | None = None) -> RoundClosed:
    """Publish the round's bulletin (通报, .md and .docx under `outputs_dir`, default the settings'), queue it
    for towns and leadership, and record its occurrence as closed; closing a closed round changes nothing."""
    closed = close.publish_bulletin(uow.session, uow.config, key, at=uow.as_of, actor=uow.who,
                                    outputs_dir=outputs_dir or get_settings().outputs_dir)
    if closed.created:
        close_cycle_occurrence(uow, closed.cycle_key, closed.occurrence)
    return closed


def close_rounds_before(uow: UnitOfWork, occurrence: date, *, outputs_dir: Path | None = None) -> list[RoundClosed]:
    """Close every round still open before an occurrence (oldest first), as `close_round` does."""
    return [close_round(uow, key, outputs_dir=outputs_dir) for key in close.open_rounds_before(uow.session, occurrence)]


def record_visits(uow: UnitOfWork, key: str, *, results: Sequence[VisitResult]) -> RecordReport:
    """督查结果: record the visits' results (methods and score, or why not visited) and raise their findings as
    issues; all or nothing, and the same result again changes nothing."""
    return visits.record_visits(uow.session, uow.config, key, list(results), at=uow.as_of, actor=uow.who,
                                calendar=working_calendar(uow), policy=policy_of(uow), tz=uow.tz)


def import_visit_sheet(uow: UnitOfWork, table: Table) -> list[RecordReport]:
    """Load a filled-in visit sheet: every row checked against the plan first, then each round's results
    recorded (in round order); all or nothing."""
    by_round = sheet.parse_visit_sheet(table, uow.session)
    return [record_visits(uow, key, results=results) for key, results in sorted(by_round.items())]


def write_team_sheet(uow: UnitOfWork, key: str, *, team: str, out: Path) -> TeamSheet:
    """A team's visit sheet (督查记录表): its rows of the round with empty result columns, to fill in."""
    return sheet.write_team_sheet(uow.session, key, team, out)


def list_rounds(uow: UnitOfWork) -> list[RoundLine]:
    """Every round with its visits done, findings and bulletin, by occurrence."""
    return view.round_lines(uow.session)


def round_detail(uow: UnitOfWork, key: str, *, team: str | None = None) -> RoundLine:
    """A round with its visits (or one team's): team, date, place, result and findings."""
    return view.round_detail(uow.session, key, team=team)


def round_visits(uow: UnitOfWork, key: str, *, team: str | None = None) -> list[RoundVisit]:
    """A round's planned visits (or one team's), by date, team and place."""
    return visits.round_visits(uow.session, key, team=team)


def plan_table(uow: UnitOfWork, key: str, *, limit: int = PLAN_ROWS_LIMIT) -> list[dict]:
    """The round's plan as the cycle run's table artifact (one row per visit; per team and day when large)."""
    return view.plan_table(uow.session, key, limit=limit)


# ---- research trips (季度调研) ----------------------------------------------------------------------------
def plan_trip(uow: UnitOfWork, occurrence: date, *, cycle_key: str = "quarterly-research") -> TripPlanned:
    """Plan the quarter's trip unless it exists (earlier trips still planned are closed); queue the itinerary for
    each town and partner department."""
    return trips.plan_trip(uow.session, uow.config, occurrence=occurrence, at=uow.as_of, actor=uow.who,
                           calendar=working_calendar(uow), cycle_key=cycle_key)


def trip_summary(uow: UnitOfWork, trip: TripPlanned) -> TripSummary:
    """The trip planned as its cycle run's summary line and itinerary table."""
    return trips.trip_summary(uow.session, trip)


def record_stop(uow: UnitOfWork, key: str, *, town: str, findings: Sequence[FindingInput] = (),
                village: str | None = None, note: str | None = None) -> StopReport:
    """调研记录: the trip's stop in `town` (name or code) is done, with a note and findings raised as issues
    (about `village`, else the town); a finding recorded before is not added again."""
    return trip_record.record_stop(uow.session, uow.config, key, town, findings=list(findings), village=village,
                                   note=note, at=uow.as_of, actor=uow.who, calendar=working_calendar(uow),
                                   policy=policy_of(uow), tz=uow.tz)


def list_trips(uow: UnitOfWork) -> list[dict]:
    """Every research trip with its towns, those visited and its findings."""
    return trip_record.trip_lines(uow.session)


def trip_detail(uow: UnitOfWork, key: str) -> dict:
    """A trip's itinerary: day, group, town, departments, status, note and findings of each stop."""
    return trip_record.trip_detail(uow.session, key)
