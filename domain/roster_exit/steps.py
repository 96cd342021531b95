"""The steps a village's exit runs, one per ledger kind, registered in ONE place: `STEPS` below.

A step is an `ExitStep(key, name, pending, apply)`:
- `pending(session, village_id) -> int`: how many open items of this ledger the village still holds (an exit
  that names no village to merge into and does not say the village was abolished is refused while any is held);
- `apply(session, exit) -> StepResult`: move them to `exit.into` (merged) or close them with `exit.reason`
  (abolished), writing this ledger's own events and an audit event per item.

The steps: 问题 (open issues), 扶持项目 (the village's benefit in projects not finished: moved, merging the
expected income by sum when the village merged into already benefits; abolished: a project it alone benefits
from is withdrawn, a shared one drops it), 经营合同 (contracts not finished: moved with their pending review
stages, or terminated with the reason) and 党组织 (moved, or closed into the merged village's organisation; or
dissolved with the reason). A new ledger adds its step to `STEPS` through its area's public exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from domain.contracts import open_village_contracts, transfer_village_contracts
from domain.issues import open_village_issues, transfer_village_issues
from domain.party import dissolve_org, transfer_org, village_org
from domain.projects import open_village_projects, transfer_village_projects


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


def _projects(session: Session, exit: Exit) -> StepResult:
    done = transfer_village_projects(session, exit.village.id, into_village_id=exit.into.id if exit.into else None,
                                     reason=exit.reason, at=exit.at, actor=exit.actor)
    return StepResult("projects", "扶持项目", tuple(done.moved), tuple(done.closed))


def _contracts(session: Session, exit: Exit) -> StepResult:
    done = transfer_village_contracts(session, exit.village.id, into_village_id=exit.into.id if exit.into else None,
                                      reason=exit.reason, at=exit.at, actor=exit.actor)
    return StepResult("contracts", "经营合同", tuple(done.moved), tuple(done.closed))


def _party(session: Session, exit: Exit) -> StepResult:
    if exit.into is not None:
        org, _how = transfer_org(session, exit.village.code, exit.into.code, at=exit.at, actor=exit.actor,
                                reason=f"{exit.village.name}并入{exit.into.name}：{exit.reason}")
        return StepResult("party", "党组织", () if org is None else (org,))
    org = dissolve_org(session, exit.village.id, at=exit.at, actor=exit.actor,
                       reason=f"{exit.village.name}已撤销：{exit.reason}")
    return StepResult("party", "党组织", (), () if org is None else (org,))


STEPS: list[ExitStep] = [
    ExitStep("issues", "问题", lambda session, village_id: len(open_village_issues(session, village_id)), _issues),
    ExitStep("projects", "扶持项目",
             lambda session, village_id: len(open_village_projects(session, village_id)), _projects),
    ExitStep("contracts", "经营合同",
             lambda session, village_id: len(open_village_contracts(session, village_id)), _contracts),
    ExitStep("party", "党组织", lambda session, village_id: int(village_org(session, village_id) is not None), _party),
]
