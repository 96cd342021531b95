"""The meeting cycle through Prefect (a started server): the National Day meeting moved to the make-up Saturday
runs there, its brief goes to the participants once however often the flow runs, and a day that is not an
occurrence does nothing."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from models.db import session_scope
from models.meetings import MeetingBrief
from models.outbox import OutboxMessage

pytestmark = pytest.mark.e2e


def test_meeting_cycle_sends_its_brief_once(example_db, prefect_api, home):
    from flows.meeting import meeting

    as_of = datetime(2022, 10, 8, 8, 30, tzinfo=DISTRICT_TZ)
    state = meeting(cycle="weekly-meeting", occurrence=date(2022, 10, 8), as_of=as_of, return_state=True)
    assert state.is_completed()
    assert "2022年10月08日每周例会进展简报" in state.result() and "发送3/3位参会对象" in state.result()
    again = meeting(cycle="weekly-meeting", occurrence=date(2022, 10, 8), as_of=as_of, rerun=True)
    assert "发送0/3位参会对象" in again
    with session_scope(example_db) as s:
        sent = s.execute(sa.select(OutboxMessage.recipient).where(OutboxMessage.rule == "meeting-brief")).all()
        assert len(sent) == 3
        assert s.execute(sa.select(sa.func.count()).select_from(MeetingBrief)).scalar_one() == 1
    assert (home / "outputs" / "meetings" / "weekly-meeting-2022-10-08-进展简报.docx").exists()
    holiday = meeting(cycle="weekly-meeting", occurrence=date(2022, 10, 3), as_of=as_of.replace(day=3))
    assert "不是发生日" in holiday
