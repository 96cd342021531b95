"""Weekly and joint meetings (每周例会、联席会议): the problems they raise become issues and the issues
they settle carry the income added; recorded by CLI or from a sheet.
"""

from __future__ import annotations

from domain.meetings.ledger import (
    KIND_NAMES,
    MeetingFigures,
    MeetingList,
    MeetingRecord,
    MeetingRow,
    RaisedProblem,
    Recorded,
    SettledProblem,
)
from domain.meetings.sheet import KINDS, split_units
from domain.meetings.use_cases import import_meetings, list_meetings, record_meeting

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "MeetingFigures",
    "MeetingList",
    "MeetingRecord",
    "MeetingRow",
    "RaisedProblem",
    "Recorded",
    "SettledProblem",
    "import_meetings",
    "list_meetings",
    "record_meeting",
    "split_units",
]
