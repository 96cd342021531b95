"""The exit's operation (村社区撤并、撤销): retire a village and run every ledger's step, on a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from config.errors import InputError, NotFound, Problem
from domain.roster import deactivate_village
from domain.roster_exit.steps import STEPS, Exit, Place, StepResult
from models.audit import record_audit
from models.org import Town, Village

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class VillageExit:
    code: str
    name: str
    into_code: str | None
    into_name: str | None
    reason: str
    steps: list[StepResult]

    @property
    def line(self) -> str:
        what = f"并入{self.into_name}（{self.into_code}）" if self.into_code else "撤销"
        done = "；".join(f"{s.name}转移{len(s.moved)}个" if self.into_code else f"{s.name}关闭{len(s.closed)}个"
                        for s in self.steps)
        return f"{self.name}（{self.code}）已{what}：{self.reason}" + (f"；{done}" if done else "")


def retire_village(uow: UnitOfWork, code: str, *, reason: str, merged_into: str | None = None,
                   abolished: bool = False) -> VillageExit:
    """`roster deactivate`: the village leaves the roster — merged into `merged_into`, or abolished — and leaves
    no orphan: each ledger's step (steps.STEPS) moves its open items to the village merged into or closes them
    with the reason. Without either, a village that still holds open items is refused (naming them). A village
    already inactive that still holds open items (deactivated before this rule, or by a roster import) can be
    settled the same way: its items move or close, its roster entry stays as it is. All or nothing, audited."""
    session = uow.session
    village = _place(session, code, "code")  # not in the roster: the roster's own error
    if village is None:
        deactivate_village(uow, code, reason=reason)
    active = session.scalar(sa.select(Village.active).where(Village.id == village.id))
    held = [(s.name, n) for s in STEPS if (n := s.pending(session, village.id))]
    if not active and not held:
        deactivate_village(uow, code, reason=reason)  # the roster's error: already inactive
    into = None
    if merged_into is not None and abolished:
        raise InputError("撤并与撤销只能选一个",
                         [Problem("--merged-into/--abolished", "并入其他村（社区）或撤销，二选一")])
    if merged_into is not None:
        into = _place(session, merged_into, "--merged-into")
        if into is None:
            raise NotFound("没有这个村（社区）", [Problem(f"--merged-into {merged_into!r}", "花名册中没有这个编码")])
        target_active = session.scalar(sa.select(Village.active).where(Village.id == into.id))
        if into.id == village.id or not target_active:
            raise InputError("并入的村（社区）无效", [Problem(f"--merged-into {merged_into!r}",
                                                      "应为另一个在册的村（社区）" if target_active else
                                                      f"{into.name}已撤并，不能再并入")])
    if into is None and not abolished and held:
        raise InputError(f"{village.name}（{code}）仍有未办结事项，不能直接停用", [Problem(
            f"code {code!r}", "、".join(f"{name}{n}个" for name, n in held)
            + "；请用 --merged-into 编码 转入并入的村（社区），或用 --abolished 撤销并关闭")])
    full = f"并入{into.name}（{into.code}）：{reason}" if into else (f"撤销：{reason}" if abolished else reason)
    if active:
        deactivate_village(uow, code, reason=full)
    exit = Exit(village, into, reason, uow.as_of, uow.who)
    results = [step.apply(session, exit) for step in STEPS]
    if into or abolished:  # (a plain deactivation is audited by the roster alone)
        record_audit(session, at=uow.as_of, actor=uow.who, entity="village", entity_id=code,
                     action="merge" if into else "abolish", from_state="active" if active else "inactive",
                     to_state=into.code if into else "inactive",
                     note="；".join(f"{r.name}：转移{len(r.moved)}、关闭{len(r.closed)}" for r in results))
    return VillageExit(code, village.name, into.code if into else None, into.name if into else None, reason, results)


def held_items(uow: UnitOfWork, codes: list[str]) -> dict[str, list[tuple[str, int]]]:
    """What each of these villages still holds, per ledger (only those holding something): for a roster import
    that deactivated villages, whose items still need `roster deactivate --merged-into/--abolished`."""
    out = {}
    for code in codes:
        village = _place(uow.session, code, "code")
        held = [(s.name, n) for s in STEPS if village and (n := s.pending(uow.session, village.id))]
        if held:
            out[code] = held
    return out


def _place(session, code: str, where: str) -> Place | None:
    row = session.execute(sa.select(Village.id, Village.code, Village.name, Village.town_id, Town.name)
                          .join(Town, Town.id == Village.town_id).where(Village.code == code)).first()
    return None if row is None else Place(row[0], row[1], row[4] + row[2], row[3])
