"""The counted-once rule (docs/meetings.md): an issue on both meetings' agendas counts in the kind that settled it."""

from datetime import date, timedelta

import pytest

from domain.meetings import Link, settling_kind

pytestmark = pytest.mark.rules
D = date(2022, 10, 10)


def test_the_last_meeting_before_closing_settled_it():
    links = [Link(date(2022, 9, 26), "weekly", "raised"), Link(date(2022, 10, 8), "joint", "agenda"),
             Link(date(2022, 10, 17), "weekly", "agenda")]
    assert settling_kind(links, D) == "joint"  # the weekly meeting of 10-17 came after the closing
    assert settling_kind(links, date(2022, 10, 17)) == "weekly"  # closed at that meeting: it settled it
    assert settling_kind(links, date(2022, 10, 1)) == "weekly"


def test_on_one_day_the_meeting_that_closed_it_else_the_joint_meeting_is_the_later_one():
    assert settling_kind([Link(D, "joint", "agenda"), Link(D, "weekly", "agenda")], D) == "joint"
    assert settling_kind([Link(D, "weekly", "agenda"), Link(D, "joint", "raised")], D) == "joint"
    settled_by_weekly = [Link(D, "joint", "agenda"), Link(D, "weekly", "settled")]
    assert settling_kind(settled_by_weekly, D) == "weekly"
    assert settling_kind(list(reversed(settled_by_weekly)), D) == "weekly"
    assert settling_kind([Link(D, "weekly", "settled"), Link(D, "joint", "agenda")], D + timedelta(days=1)) == "weekly"


def test_no_meeting_before_closing_or_still_open_counts_nowhere():
    assert settling_kind([Link(D, "weekly")], date(2022, 10, 9)) is None
    assert settling_kind([Link(D, "weekly")], None) is None
    assert settling_kind([], D) is None
