"""The steps a village's exit runs, one per ledger kind, registered in ONE place: `STEPS` below.

A step is an `ExitStep(key, name, pending, apply)`:
- `pending(session, village_id) -> int`: how many open items of this ledger the village still holds (an exit
  that names no village to merge into and does not say the village was abolished is refused while any is held);
- `apply(session, exit) -> StepResult`: move them to `exit.into` (merged) or close them with `exit.reason`
  (abolished), writing this ledger's own events and an audit event per item.

The support projects (branch ledgers-projects), the contracts and the party organisations (ledgers-party) add
their step to `STEPS` when they merge: a project's benefiting village, a contract's village and the village's
party organisation move to the village merged into, or are closed/dissolved with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from domain.issues import open_village_issues, transfer_village_issues


@dataclass(frozen=True)
class Place:
    """A village as the steps need it."""

    id: int
    code: str
    name: str
    town_id: int


@dataclass(frozen=True)
class Exit:
    """One village leaving the roster: merged into `into`, or abolished (`into` None), for `reason`."""

    village: Place
    into: Place | None
    reason: str
    at: datetime
    actor: str

    @property
    def merged(self) -> bool:
        return self.into is not None


@dataclass(frozen=True)
class StepResult:
    key: str
    name: str  # what the items are, for people: 问题, 扶持项目 …
    moved: tuple[int | str, ...] = ()
    closed: tuple[int | str, ...] = ()


@dataclass(frozen=True)
class ExitStep:
    key: str
    name: str
    pending: Callable[[Session, int], int]
    apply: Callable[[Session, Exit], StepResult]


def _issues(session: Session, exit: Exit) -> StepResult:
    done = transfer_village_issues(session, exit.village.id, into_village_id=exit.into.id if exit.into else None,
                                   reason=exit.reason, at=exit.at, actor=exit.actor)
    return StepResult("issues", "问题", tuple(done.moved), tuple(done.closed))


STEPS: list[ExitStep] = [
    ExitStep("issues", "问题", lambda session, village_id: len(open_village_issues(session, village_id)), _issues),
    # ExitStep("projects", "扶持项目", …), ExitStep("contracts", "经营合同", …), ExitStep("party", "党组织", …)
]
