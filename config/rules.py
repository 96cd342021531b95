"""The rules each cycle applies: issue deadlines and escalation, inspection rounds, research trips."""

from __future__ import annotations

from datetime import time

from pydantic import Field, model_validator

from config.limits import COUNT, WORKING_DAYS
from config.schema_base import KEY_PATTERN, Strict


class EscalationStep(Strict):
    """A ladder step: an issue overdue by ≥ `overdue_days` working days is escalated to `notify`."""

    overdue_days: int = WORKING_DAYS.field()
    notify: str = Field(description="audience tag: town-leader, office, leadership or any channel tag")
    blacklist: bool = Field(False, description="flag the issue's unit for the black list")


def _default_ladder() -> list[EscalationStep]:
    return [
        EscalationStep(overdue_days=1, notify="town-leader"),
        EscalationStep(overdue_days=5, notify="office"),
        EscalationStep(overdue_days=10, notify="leadership", blacklist=True),
    ]


class IssueRules(Strict):
    """Deadlines, lights, reminders and escalation of issues (问题整改)."""

    warn_days: int = WORKING_DAYS.field(3, lo=0, description="yellow when due within this many working days")
    remind_days_before: list[WORKING_DAYS.item(lo=0)] = Field(default_factory=lambda: [3],
                                                            description="reminders, working days")
    default_due_days: int = WORKING_DAYS.field(10, description="deadline in working days when none is given")
    verify_days: int = WORKING_DAYS.field(3, description="coordinators verify within this many working days")
    escalation: list[EscalationStep] = Field(default_factory=_default_ladder)
    quiet_start: time = Field(time(20, 0), description="nothing is sent from this time …")
    quiet_end: time = Field(time(8, 30), description="… until this time on the next working day")
    categories: list[str] = Field(
        default_factory=lambda: ["项目建设", "资产管理", "合同管理", "财务管理", "组织建设", "增收渠道", "其他"]
    )

    @model_validator(mode="after")
    def _ladder_ascends(self) -> IssueRules:
        days = [s.overdue_days for s in self.escalation]
        if days != sorted(set(days)):
            raise ValueError("升级提醒各级的 overdue_days 须严格递增")
        return self


class InspectionRules(Strict):
    """Biweekly inspection rounds (两周一督查)."""

    window_working_days: int = WORKING_DAYS.field(10, description="visits fall in this many working days")
    daily_capacity: int = COUNT.field(4, description="villages a team can visit per day")
    methods: list[str] = Field(default_factory=lambda: ["座谈了解", "实地查看", "查阅资料"])
    due_days: int = WORKING_DAYS.field(10, description="deadline of a finding, in working days")


class ResearchRules(Strict):
    """Quarterly research trips (每季度调研) with member departments."""

    departments: list[str] = Field(default_factory=list, description="partner department keys")
    groups: int = COUNT.field(1, description="groups travelling in parallel, one town per day each")
    window_months: int = Field(1, ge=1, le=3, strict=True, description="trips fall in the quarter's first N months")
    due_days: int = WORKING_DAYS.field(15)


MOBILE = r"^1\d{10}$"  # a mainland mobile number: 11 digits starting with 1 (DingTalk and SMS @-mention it)


class TeamMember(Strict):
    name: str
    home_town: str = Field(description="the town this member comes from (回避)")
    mobile: str | None = Field(None, pattern=MOBILE)


class Person(Strict):
    name: str
    mobile: str | None = Field(None, pattern=MOBILE)
    email: str | None = None


class Leader(Person):
    home_town: str | None = Field(None, description="the leader's home town, also avoided (回避)")


class TeamConfig(Strict):
    """An inspection team (督导组). It never inspects its members' home towns (回避)."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str
    leader: Leader
    members: list[TeamMember] = Field(default_factory=list)
    daily_capacity: int | None = COUNT.field(None)

    @property
    def avoided_towns(self) -> set[str]:
        towns = {m.home_town for m in self.members}
        return towns | {self.leader.home_town} if self.leader.home_town else towns


class DepartmentConfig(Strict):
    """A member department of the leading group (成员单位)."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str
    contact: Person | None = None


class TownConfig(Strict):
    """A town or subdistrict (镇/街道)."""

    code: str
    name: str
    kind: str = Field("town", pattern="^(town|subdistrict)$")
    leader: Person | None = None


class ContactConfig(Strict):
    """Someone who receives messages: leadership, the leading group office, coordinators."""

    name: str
    role: str
    unit: str = Field(description="audience tag: leadership, office, coordinators, department:<key> …")
    mobile: str | None = Field(None, pattern=MOBILE)
    email: str | None = None
