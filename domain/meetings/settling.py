"""Which meeting kind settled an issue (the counted-once rule for 增收): a plain function of values.

The seed reports weekly meetings (每周例会, slots #10–#12) and joint meetings (联席会议, #28–#31) in two
sentences; an issue handled by both counts once, in the kind that settled it (docs/meetings.md):

    The kind that settled a closed issue is the kind of the LAST meeting, held on or before the day the
    issue was closed, that raised it, put it on its agenda or settled it. On one day, a meeting that settled
    it (closed it there) comes last; otherwise the joint meeting is the later one (it sits after the weekly
    meeting and convenes the departments that solve the problem). An issue no meeting had on or before its
    closing day was not settled by a meeting: no kind counts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

# the order of the kinds on one day: the later one wins
KIND_ORDER = {"weekly": 0, "joint": 1}


class Link(NamedTuple):
    """One meeting that had the issue: the day it was held, its kind (weekly/joint) and the role."""

    held_on: date
    kind: str
    role: str = "agenda"  # raised / agenda / settled — every role puts the issue before that meeting


def settling_kind(links: Iterable[Link], closed_on: date | None) -> str | None:
    """The kind of meeting that settled an issue closed on `closed_on` (None: still open, or no meeting had it
    on or before that day)."""
    if closed_on is None:
        return None
    before = [link for link in links if link.held_on <= closed_on]
    if not before:
        return None
    return max(before, key=lambda link: (link.held_on, link.role == "settled", KIND_ORDER.get(link.kind, -1))).kind
