"""The lifecycle's transition table (整改流程), as plain values: which action takes which status where.

    open 交办 --start--> rectifying 整改中 --submit--> awaiting_verification 待验收 --pass--> closed 已销号
                                 ^                                 |                         |
                                 +--------------fail---------------+                         |
                                 +--------------------------reopen---------------------------+

No session, no clock: `lifecycle.transition` applies these rules to an issue in the ledger.
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum

from config.errors import IllegalTransition, InputError, Problem
from models.issues import IssueStatus

S = IssueStatus
STATUS_NAMES = {S.open: "交办", S.rectifying: "整改中", S.awaiting_verification: "待验收", S.closed: "已销号"}


class Action(StrEnum):
    start = "start"  # 开始整改
    submit = "submit"  # 提交整改（待验收）
    pass_ = "pass"  # 验收通过，销号
    fail = "fail"  # 验收未通过，继续整改
    reopen = "reopen"  # 重新打开


TRANSITIONS: dict[Action, tuple[frozenset[IssueStatus], IssueStatus]] = {
    Action.start: (frozenset({S.open}), S.rectifying),
    Action.submit: (frozenset({S.rectifying}), S.awaiting_verification),
    Action.pass_: (frozenset({S.awaiting_verification}), S.closed),
    Action.fail: (frozenset({S.awaiting_verification}), S.rectifying),
    Action.reopen: (frozenset({S.closed}), S.rectifying),
}
ACTION_NAMES = {Action.start: "开始整改", Action.submit: "提交整改", Action.pass_: "验收通过（销号）",
                Action.fail: "验收未通过", Action.reopen: "重新打开"}


def allowed_actions(status: IssueStatus) -> list[Action]:
    """The actions that may be taken from `status`."""
    return [a for a, (sources, _) in TRANSITIONS.items() if status in sources]


def parse_action(value: Action | str, *, where: str) -> Action:
    """An action named by a user; InputError naming `where` and the known actions otherwise."""
    try:
        return Action(value)
    except ValueError:
        known = "、".join(f"{a.value}（{ACTION_NAMES[a]}）" for a in Action)
        raise InputError("未知的操作", [Problem(where, f"{value!r}：应为以下之一：{known}")]) from None


def next_status(status: IssueStatus, action: Action, *, where: str) -> IssueStatus:
    """The status `action` leads to from `status`; IllegalTransition naming the allowed actions otherwise."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        allowed = "、".join(f"{a.value}（{ACTION_NAMES[a]}）" for a in allowed_actions(status))
        raise IllegalTransition(
            f"{where} 目前为{STATUS_NAMES[status]}，不能{ACTION_NAMES[action]}",
            [Problem(where, f"{STATUS_NAMES[status]}时可做的操作：{allowed}")])
    return target


def path_to(status: IssueStatus, target: IssueStatus) -> list[Action]:
    """The shortest sequence of legal actions from `status` to `target` (empty when already there)."""
    queue, seen = deque([(status, [])]), {status}
    while queue:
        here, actions = queue.popleft()
        if here == target:
            return actions
        for action, (sources, to) in TRANSITIONS.items():
            if here in sources and to not in seen:
                seen.add(to)
                queue.append((to, [*actions, action]))
    raise AssertionError(f"{target} unreachable from {status}")  # pragma: no cover - the graph is connected
