"""Cycle definitions: what fires when (周期). The rules each kind applies live in their own tables."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import Field, field_validator

from config.schema_base import KEY_PATTERN, Strict


class CycleKind(StrEnum):
    """What a cycle does when it fires."""

    inspection_round = "inspection_round"  # 两周一督查
    research_trip = "research_trip"  # 每季度调研
    campaign = "campaign"  # 百日攻坚
    deadline_sweep = "deadline_sweep"  # 每日到期检查
    ranking = "ranking"  # 红黑榜
    meeting = "meeting"  # 每周例会、联席会议 (the [[meetings]] entry naming the cycle says which)


class HolidayPolicy(StrEnum):
    """Where an occurrence that falls on a non-working day goes."""

    next = "next"  # the next working day
    previous = "previous"  # the previous working day
    skip = "skip"  # dropped


KIND_NAMES = {
    CycleKind.inspection_round: "两周一督查",
    CycleKind.research_trip: "季度督导调研",
    CycleKind.campaign: "百日攻坚",
    CycleKind.deadline_sweep: "问题到期检查",
    CycleKind.ranking: "红黑榜",
    CycleKind.meeting: "会议",
}

_AFTER = re.compile(r"^after:(?P<key>[a-z0-9][a-z0-9_-]*)$")
_DTSTART = re.compile(r"^DTSTART(;[^:]*)?:(?P<value>\d{8}T\d{6})(?P<z>Z?)$", re.MULTILINE)


class CycleConfig(Strict):
    """One cycle: a key, a kind, a trigger and a holiday policy.

    `trigger` is either an RFC 5545 rule set with a DTSTART (wall-clock Asia/Shanghai time; the
    time of day of every occurrence comes from DTSTART), or `after:<cycle key>`: the cycle runs
    when that cycle's occurrence closes.
    """

    key: str = Field(pattern=KEY_PATTERN)
    kind: CycleKind
    name: str = ""
    trigger: str
    holiday_policy: HolidayPolicy = HolidayPolicy.next
    catch_up_days: int = Field(7, ge=0, le=30, description="Older missed occurrences are reported, not run.")
    enabled: bool = True

    @field_validator("trigger")
    @classmethod
    def _valid_trigger(cls, value: str) -> str:
        value = "\n".join(line.strip() for line in value.strip().splitlines() if line.strip())
        if value.startswith("after:"):
            if not _AFTER.match(value):
                raise ValueError("应为 'after:<周期键>'，指向另一个周期")
            return value
        start = _DTSTART.search(value)
        if not start:
            raise ValueError(
                "应为以当地时间 DTSTART 行开头的 RRULE 规则，例如 "
                "'DTSTART:20221010T090000\\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'，或 'after:<周期键>'"
            )
        if start.group("z") or start.group(1):
            raise ValueError("DTSTART 应为 Asia/Shanghai 当地时间，不带 'Z' 或 TZID")
        from dateutil.rrule import rrulestr

        try:
            rules = rrulestr(value, forceset=True)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"RRULE 无效：{exc}") from None
        if re.search(r"(?i)\bCOUNT=0*(;|$|\n)", value) or next(iter(rules), None) is None:
            raise ValueError("该规则不产生任何一次发生（如 COUNT=0 或 UNTIL 早于 DTSTART），周期永远不会运行")
        if len(value) > 6500:
            raise ValueError("规则超过 Prefect 的 6,500 个字符上限")
        return value

    @property
    def after(self) -> str | None:
        """The cycle this one follows, for `after:` triggers."""
        m = _AFTER.match(self.trigger)
        return m.group("key") if m else None

    @property
    def display_name(self) -> str:
        return self.name or KIND_NAMES[self.kind]
