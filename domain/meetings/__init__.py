"""Weekly and joint meetings (每周例会、联席会议): the problems they raise become issues and the issues
they settle carry the income added; recorded by CLI or from a sheet.
"""

from __future__ import annotations

from domain.meetings.ledger import (
    KIND_NAMES,
    MeetingRecord,
    RaisedProblem,
    SettledProblem,
    meeting_rows,
    record_meeting,
)
from domain.meetings.sheet import KINDS, parse_meetings, split_units

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "MeetingRecord",
    "RaisedProblem",
    "SettledProblem",
    "meeting_rows",
    "parse_meetings",
    "record_meeting",
    "split_units",
]
