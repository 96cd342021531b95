"""Accounts of the web board (账号与权限): users, roles, passwords, log-in throttling, and the scope rules
that say which issues, rounds and actions each role may see and take.
"""

from __future__ import annotations

from domain.accounts.roles import (
    ROLE_NAMES,
    Principal,
    issue_actions,
    may_change,
    may_see_issue,
    may_see_round_team,
    scope_filters,
)
from domain.accounts.throttle import THROTTLE_WINDOW, throttled
from domain.accounts.use_cases import (
    LogIn,
    NewUser,
    UserLine,
    add_user,
    change_password,
    disable_user,
    import_users,
    list_users,
    log_in,
    principal_of,
    record_action,
    reset_password,
)

__all__ = [
    "ROLE_NAMES",
    "THROTTLE_WINDOW",
    "LogIn",
    "NewUser",
    "Principal",
    "UserLine",
    "add_user",
    "change_password",
    "disable_user",
    "import_users",
    "issue_actions",
    "list_users",
    "log_in",
    "may_change",
    "may_see_issue",
    "may_see_round_team",
    "principal_of",
    "record_action",
    "reset_password",
    "scope_filters",
    "throttled",
]
