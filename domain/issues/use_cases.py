"""The issue ledger's operations (问题台账): one function per thing a user does, each on a unit of work.

CLI commands, flows and the web board call these and nothing below them; the modules of this area do the
work over the unit of work's session, at its as-of moment, as its acting user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.sheets import Table
from config.dates import at_time
from domain.calendar import working_calendar
from domain.issues import extensions, lifecycle, query, raising, sheet, sweep
from domain.issues.query import Filters, IssueBoard, IssuePage, IssueRow
from domain.issues.raising import IssuePolicy
from models.issues import Extension, IssueStatus

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def policy_of(uow: UnitOfWork) -> IssuePolicy:
    """The district's issue rules with the working calendar, once per unit of work."""
    return uow.memo("issue-policy", lambda: IssuePolicy(uow.config.issues, working_calendar(uow), uow.tz))


def open_issue(uow: UnitOfWork, *, title: str, village: str | None = None, town: str | None = None,
               owner: str | None = None, category: str = "其他", severity: str = "normal",
               description: str | None = None, deadline: date | None = None, due_days: int | None = None,
               source: str = "manual", source_ref: str | None = None, income_added_yuan: int | None = None,
               evidence: Sequence[str] = ()) -> int:
    """交办: open an issue with an owner and a working-day deadline; its number (an existing one when
    `source_ref` was opened before)."""
    return raising.open_issue(uow.session, at=uow.as_of, actor=uow.who, policy=policy_of(uow), title=title,
                              village=village, town=town, owner=owner, category=category, severity=severity,
                              description=description, deadline=deadline, due_days=due_days, source=source,
                              source_ref=source_ref, income_added_yuan=income_added_yuan, evidence=list(evidence))


def list_issues(uow: UnitOfWork, filters: Filters | None = None, *, limit: int | None = None,
                offset: int = 0) -> list[IssueRow]:
    """The ledger filtered, each issue with its light as of the unit of work's day (a page of it, with `limit`)."""
    return query.list_issues(uow.session, filters or Filters(), day=uow.today, policy=policy_of(uow), limit=limit,
                             offset=offset)


def count_issues(uow: UnitOfWork, filters: Filters | None = None) -> int:
    """How many issues the filters match (a listing's page count)."""
    return query.count_issues(uow.session, filters or Filters(), day=uow.today, policy=policy_of(uow))


def issue_board(uow: UnitOfWork, filters: Filters | None = None, *, lights_limit: int, due_limit: int,
                waiting_limit: int) -> IssueBoard:
    """工作台's figures for a scope: counts per status, the live issues' lights, those due first, those awaiting
    verification (as of the unit of work's day)."""
    return query.issue_board(uow.session, filters or Filters(), day=uow.today, policy=policy_of(uow),
                             lights_limit=lights_limit, due_limit=due_limit, waiting_limit=waiting_limit)


def ledger_version(uow: UnitOfWork) -> tuple:
    """A cheap mark of the ledger's state: it moves with every audited change (what a cache of figures read
    from the ledger is keyed by, besides the day)."""
    return query.ledger_version(uow.session)


def issue_page(uow: UnitOfWork, filters: Filters | None = None, *, page: int, size: int) -> IssuePage:
    """One page of the ledger (from 1) and the number of issues the filters match."""
    return query.issue_page(uow.session, filters or Filters(), day=uow.today, policy=policy_of(uow), page=page,
                            size=size)


def issue_detail(uow: UnitOfWork, issue_id: int) -> dict[str, Any]:
    """One issue with its history, extensions and messages."""
    return query.issue_detail(uow.session, issue_id, day=uow.today, policy=policy_of(uow))


@dataclass(frozen=True)
class IssueChanged:
    """What an update did: the lifecycle action taken (if any), the fields edited, the status now."""

    issue_id: int
    action: str | None
    edited: tuple[str, ...]
    status: IssueStatus


def update_issue(uow: UnitOfWork, issue_id: int, *, action: str | None = None, note: str | None = None,
                 evidence: Sequence[str] = (), submitted_on: date | None = None, deadline: date | None = None,
                 **edits: Any) -> IssueChanged:
    """Edit an issue (owner, category, severity, title, 增收) and/or take a lifecycle action: start (开始整改),
    submit (提交整改, `submitted_on` backdates it to noon that day), reopen (with a new deadline)."""
    policy = policy_of(uow)
    edits = {k: v for k, v in edits.items() if v is not None}
    issue = None
    if edits:
        issue = lifecycle.edit_issue(uow.session, issue_id, at=uow.as_of, actor=uow.who, policy=policy, note=note,
                                     **edits)
    if action:
        submitted_at = None if submitted_on is None else min(uow.as_of, at_time(submitted_on, 12))
        issue = lifecycle.transition(uow.session, issue_id, action, at=uow.as_of, actor=uow.who, policy=policy,
                                     note=note, evidence=evidence, submitted_at=submitted_at, deadline=deadline)
    return IssueChanged(issue_id, lifecycle.Action(action).value if action else None, tuple(edits),
                        issue.status if issue is not None else IssueStatus.open)


@dataclass(frozen=True)
class Verified:
    """验收: passed (closed, on time or late) or failed (back to rectifying)."""

    issue_id: int
    passed: bool
    closed_on_time: bool | None
    status: IssueStatus


def verify_issue(uow: UnitOfWork, issue_id: int, *, passed: bool, note: str | None = None,
                 evidence: Sequence[str] = (), income_added_yuan: int | None = None) -> Verified:
    """Verify a submitted rectification: passed closes the issue (销号) — with the 增收 it brought, when
    given — failed sends it back to rectifying (整改中)."""
    policy = policy_of(uow)
    issue = lifecycle.transition(uow.session, issue_id, "pass" if passed else "fail", at=uow.as_of, actor=uow.who,
                                 policy=policy, note=note, evidence=evidence)
    if income_added_yuan is not None:
        lifecycle.edit_issue(uow.session, issue_id, at=uow.as_of, actor=uow.who, policy=policy,
                             income_added_yuan=income_added_yuan)
    return Verified(issue_id, passed, issue.closed_on_time if passed else None, issue.status)


def request_extension(uow: UnitOfWork, issue_id: int, *, new_deadline: date, reason: str) -> Extension:
    """延期: request a later deadline, on or before the deadline day, with a reason."""
    return extensions.request_extension(uow.session, issue_id, new_deadline=new_deadline, reason=reason,
                                        at=uow.as_of, actor=uow.who, policy=policy_of(uow))


def decide_extension(uow: UnitOfWork, issue_id: int, *, approve: bool, note: str | None = None) -> Extension:
    """A coordinator approves or refuses the pending extension request."""
    return extensions.decide_extension(uow.session, issue_id, approve=approve, at=uow.as_of, actor=uow.who,
                                       policy=policy_of(uow), note=note)


def export_issues(uow: UnitOfWork, filters: Filters, out: Path) -> int:
    """Write the filtered ledger as a print-ready .xlsx (one row per issue, its light and history)."""
    rows = query.list_issues(uow.session, filters, day=uow.today, policy=policy_of(uow))
    events = query.history(uow.session, [r.id for r in rows])
    sheet.export_ledger(out, rows, events, policy_of(uow), title=f"问题台账{uow.today:%Y%m%d}")
    return len(rows)


def import_issues(uow: UnitOfWork, table: Table) -> sheet.SheetReport:
    """Open the rows without 编号 and apply the others' status changes and edits; all or nothing."""
    return sheet.import_ledger(uow.session, table, at=uow.as_of, actor=uow.who, policy=policy_of(uow))


def sweep_deadlines(uow: UnitOfWork) -> sweep.SweepResult:
    """问题到期检查: queue every reminder and escalation stage that is due and not yet sent, flag the black list."""
    return sweep.run_sweep(uow.session, uow.config, working_calendar(uow), uow.as_of)
