"""Weekly and joint meetings (每周例会、联席会议) as cycles: the progress brief before each, the meeting recorded
with its agenda, the issues it raised and settled, and the 增收 counted once in the kind that settled it.
"""

from __future__ import annotations

from domain.meetings.ledger import (
    KIND_NAMES,
    KindFigures,
    MeetingFigures,
    MeetingList,
    MeetingRecord,
    MeetingRow,
    RaisedProblem,
    Recorded,
    SettledProblem,
)
from domain.meetings.settling import Link, settling_kind
from domain.meetings.sheet import KINDS, split_units
from domain.meetings.use_cases import (
    BriefFiles,
    PreparedBrief,
    find_brief,
    import_meetings,
    list_meetings,
    meeting_figures,
    prepare_brief,
    record_held_meetings,
    record_meeting,
)

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "BriefFiles",
    "KindFigures",
    "Link",
    "MeetingFigures",
    "MeetingList",
    "MeetingRecord",
    "MeetingRow",
    "PreparedBrief",
    "RaisedProblem",
    "Recorded",
    "SettledProblem",
    "find_brief",
    "import_meetings",
    "list_meetings",
    "meeting_figures",
    "prepare_brief",
    "record_held_meetings",
    "record_meeting",
    "settling_kind",
    "split_units",
]
