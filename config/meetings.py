"""The meeting cycles (每周例会、联席会议): which cycle convenes which kind of meeting, when it is held, who
receives its progress brief (进展简报) and how many issues the brief puts on its agenda."""

from __future__ import annotations

import re
from datetime import time
from typing import Literal

from pydantic import Field, field_validator

from config.schema_base import KEY_PATTERN, Strict

MEETING_KIND_NAMES = {"weekly": "每周例会", "joint": "联席会议"}
_PARTICIPANT = re.compile(r"^(office|leadership|coordinators|(town|village|department|team):([A-Za-z0-9_.-]+|\*))$")


class MeetingCycleConfig(Strict):
    """One `[[meetings]]` entry. The cycle (kind `meeting`) fires when the brief goes out; the meeting is held
    on the occurrence's day at `held_at` (not before the cycle's own time)."""

    cycle: str = Field(pattern=KEY_PATTERN, description="the key of a cycle of kind `meeting`")
    kind: Literal["weekly", "joint"]
    held_at: time = Field(time(9, 30), description="the meeting's time of day (wall clock, Asia/Shanghai)")
    participants: list[str] = Field(min_length=1, description="audience tags that receive the brief "
                                                              "(leadership, office, department:finance, town:* …)")
    agenda_limit: int = Field(20, ge=0, le=500, description="the most overdue open issues put on the agenda")

    @property
    def kind_name(self) -> str:
        return MEETING_KIND_NAMES[self.kind]

    @field_validator("participants")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        bad = [t for t in value if not _PARTICIPANT.match(t)]
        if bad:
            raise ValueError(f"{', '.join(map(repr, bad))}：应为 leadership、office、coordinators 或 "
                             "town:<编码>、department:<键>、team:<键>（town:*、department:* … 表示全部）")
        return value
