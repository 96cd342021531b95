"""What a round's assignment is planned from: the villages to visit and the teams that visit them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VillageToPlan:
    """A village (村/社区) to visit: its code, its town's name, and whether it has overdue issues (逾期问题)."""

    code: str
    town: str
    overdue: bool = False


@dataclass(frozen=True)
class TeamToPlan:
    """An inspection team (督导组): the towns it must avoid (回避) and how many villages it visits a day."""

    key: str
    avoided_towns: frozenset[str]
    daily_capacity: int
    name: str = ""  # the display name (第一督导组); the key when none is known

    @property
    def label(self) -> str:
        return self.name or self.key
