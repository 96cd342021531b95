"""Roles and scopes as plain values: who sees which issue and may take which action (no ledger, no clock).

coordinator (组织部) sees and does everything; leader (领导) reads everything and changes nothing; town (镇街),
village (村社区) and department (成员单位) see the issues in their unit or owned by it; team (督导组) sees the
villages of its rounds' assignments. Nobody verifies a rectification their own unit submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.accounts import Role

ROLE_NAMES = {Role.coordinator: "组织部（协调人）", Role.leader: "领导", Role.town: "镇街", Role.village: "村社区",
              Role.team: "督导组", Role.department: "成员单位"}
_UNIT_PREFIX = {Role.town: "town", Role.village: "village", Role.department: "department", Role.team: "team"}


@dataclass(frozen=True)
class Principal:
    """The logged-in user as the rules see them: role, the unit it is bound to, its display name."""

    user_id: int
    login: str
    name: str
    role: Role
    scope: str | None = None  # town code, village code, team key or department key
    scope_name: str | None = None  # the unit's display name (青山镇, 第一督导组 …)
    town_of_village: str | None = None  # a village user's town code
    team_villages: frozenset[str] = field(default_factory=frozenset)  # a team's assigned village codes
    must_change_password: bool = False
    session_version: int = 1

    @property
    def actor(self) -> str:
        """What the audit trail records: the display name and the log-in."""
        return f"{self.name}（{self.login}）"[:64]

    @property
    def unit_tag(self) -> str | None:
        """The audience tag of the user's unit (village:V001 …), as issue owners are named."""
        prefix = _UNIT_PREFIX.get(self.role)
        return f"{prefix}:{self.scope}" if prefix and self.scope else None

    @property
    def reads_all(self) -> bool:
        return self.role in (Role.coordinator, Role.leader)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


def may_change(p: Principal) -> bool:
    """Leaders read; everyone else may act within their scope."""
    return p.role is not Role.leader


def may_see_issue(p: Principal, issue: dict[str, Any]) -> bool:
    """`issue` is an IssueRow's dict (town_code, village_code, owner)."""
    if p.reads_all:
        return True
    if p.role is Role.town:
        return issue["town_code"] == p.scope or issue["owner"] == p.unit_tag
    if p.role is Role.village:
        return issue["village_code"] == p.scope or issue["owner"] == p.unit_tag
    if p.role is Role.department:
        return issue["owner"] == p.unit_tag
    if p.role is Role.team:
        return issue["village_code"] in p.team_villages
    return False


def may_see_round_team(p: Principal, team_key: str) -> bool:
    """A team sees its own part of a round's plan; the office sees every team's; towns and villages see the
    plan as published (read-only)."""
    return p.role is not Role.team or team_key == p.scope


def scope_filters(p: Principal) -> dict[str, Any]:
    """The ledger filters that hold the user to their scope (empty for those who read everything)."""
    if p.role is Role.town:
        return {"town": p.scope}
    if p.role is Role.village:
        return {"village": p.scope}
    if p.role is Role.department:
        return {"owner": p.unit_tag}
    if p.role is Role.team:
        return {"villages": tuple(sorted(p.team_villages))}
    return {}


def _owns(p: Principal, issue: dict[str, Any]) -> bool:
    """The user's unit is responsible for the issue (it rectifies, it does not verify)."""
    if p.role is Role.village and issue["village_code"] == p.scope and issue["owner"].startswith("village:"):
        return True
    return p.unit_tag is not None and issue["owner"] == p.unit_tag


def issue_actions(p: Principal, issue: dict[str, Any], *, pending_extension: bool = False) -> frozenset[str]:
    """What the user may do with an issue now: submit (提交整改), pass/fail (验收), extend (申请延期),
    decide (批准延期), reopen (重新打开)."""
    if not may_change(p) or not may_see_issue(p, issue) or p.role is Role.team:
        return frozenset()
    status, coordinator, owns = issue["status"], p.role is Role.coordinator, _owns(p, issue)
    acts: set[str] = set()
    if status in ("open", "rectifying") and (owns or coordinator):
        acts.add("submit")
        if not pending_extension:
            acts.add("extend")
    if status == "awaiting_verification" and not owns and (
            coordinator or (p.role is Role.town and issue["town_code"] == p.scope)):
        acts.update(("pass", "fail"))
    if pending_extension and coordinator:
        acts.add("decide")
    if status == "closed" and coordinator:
        acts.add("reopen")
    return frozenset(acts)
