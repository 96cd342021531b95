"""The meetings' operations (每周例会、联席会议): record one, load a sheet of them, list them with their figures —
each on a unit of work. CLI commands and the demo call these and nothing below them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.sheets import Table
from domain.issues import policy_of
from domain.meetings import ledger
from domain.meetings.ledger import MeetingList, MeetingRecord, Recorded
from domain.meetings.sheet import parse_meetings
from models.meetings import MeetingKind

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def record_meeting(uow: UnitOfWork, record: MeetingRecord) -> Recorded:
    """`meetings record`: record a meeting (idempotent on kind, day and title), open the issues it raised and
    close the issues it settled with the meeting as evidence — all or nothing, as the acting user."""
    return ledger.record_meeting(uow.session, record, at=uow.as_of, actor=uow.who, policy=policy_of(uow))


def import_meetings(uow: UnitOfWork, table: Table) -> list[Recorded]:
    """`meetings import`: the meetings of a sheet (one row per problem raised or settled), every bad row
    reported before anything is written; loading it again changes nothing."""
    return [record_meeting(uow, record) for record in parse_meetings(table)]


def list_meetings(uow: UnitOfWork, *, kind: MeetingKind | None = None, year: int | None = None) -> MeetingList:
    """`meetings list`: the meetings (of a kind, of a year) with their figures, and the totals counting each
    issue once."""
    return ledger.meeting_rows(uow.session, kind=kind, year=year)
