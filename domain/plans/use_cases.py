"""The plans' operations (规划与实施方案): the template, loading a sheet of targets, listing plans and goals,
progress against plan by town. CLI commands, the demo and the report call these."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from adapters.ledger_sheet import write_template
from adapters.sheets import Table
from domain.plans import ledger
from domain.plans.ledger import GoalRow, PlanRow, PlansLoaded, Progress
from models.plans import PlanLevel

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def plans_template(out: Path) -> Path:
    """The blank .xlsx template of the targets sheet."""
    return write_template(out, ledger.plan_spec())


def import_plans(uow: UnitOfWork, table: Table) -> PlansLoaded:
    """Load plans and their targets: all or nothing, every bad cell named; by natural key (plan; plan, level,
    unit, year, metric), so loading it again changes nothing."""
    return ledger.load_plans(uow.session, table, at=uow.as_of, actor=uow.who)


def list_plans(uow: UnitOfWork) -> list[PlanRow]:
    return ledger.plan_rows(uow.session)


def list_goals(uow: UnitOfWork, *, plan: str | None = None, year: int | None = None,
               level: PlanLevel | None = None) -> list[GoalRow]:
    return ledger.goal_rows(uow.session, plan=plan, year=year, level=level)


def plan_progress(uow: UnitOfWork, year: int) -> list[Progress]:
    """Progress against plan by town and for the district, from the roster's incomes of the year."""
    return ledger.progress(uow.session, year)
