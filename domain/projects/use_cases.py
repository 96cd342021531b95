"""The support projects' operations (扶持项目): the sheet out and in, a milestone recorded, the listing, one
project, the daily pass (reminders, missed milestones → issues) and the year's figures — each on a unit of work.
CLI commands, flows and the demo call these and nothing below them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.sheets import Table, write_table
from domain.calendar import working_calendar
from domain.issues import policy_of
from domain.projects import figures, ledger, notices, sheet
from domain.projects.ledger import ImportReport, MilestoneChange, ProjectRow
from domain.projects.notices import ProjectSweep
from domain.projects.rules import STATUS_BY_TEXT
from models.projects import ProjectStatus

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def _kinds(uow: UnitOfWork) -> dict[str, str]:
    return {k.key: k.name for k in uow.config.projects.kinds}


def import_projects(uow: UnitOfWork, table: Table) -> ImportReport:
    """`projects import`: load a project sheet — every bad row named by row and column and nothing written, or
    all of it; by project code (项目编号): loading it again changes nothing, a changed project is updated with an
    audit event."""
    known = sheet.Known(set(ledger.village_ids(uow.session)), ledger.departments(uow.session), uow.today)
    records = sheet.parse_projects(table, uow.config.projects, known)
    return ledger.save_projects(uow.session, records, at=uow.as_of, actor=uow.who, source=table.path.name)


@dataclass(frozen=True)
class SheetWritten:
    path: Path
    rows: int


def write_projects_sheet(uow: UnitOfWork, out: Path) -> SheetWritten:
    """`projects template`: the sheet's columns, prefilled with the ledger's projects (one row per benefiting
    village); filled in and loaded with `projects import`."""
    rows = ledger.project_rows(uow.session, _kinds(uow))
    years = sorted({y for r in rows for y in r.income_yuan} | {uow.today.year})
    incomes = figures.incomes_by_village(uow.session)
    rules = uow.config.projects
    headers = sheet.headers(rules, years)
    table = []
    for r in rows:
        stones = [v for m in r.milestones for v in (m["planned_on"], m["done_on"])]
        for n, v in enumerate(r.villages):
            own = n == 0  # the project's fields on its first row only
            table.append([r.code, r.name if own else None, r.kind_name if own else None,
                          r.lead_name if own else None, r.applied_year if own else None,
                          ("撤销" if r.status is ProjectStatus.withdrawn else None) if own else None,
                          v["town"], v["code"], v["name"], v["expected_income_yuan"],
                          *[(r.funds_yuan.get(s) if own else None) for s in rules.fund_sources],
                          *(stones if own else [None] * len(stones)),
                          *[incomes.get((r.code, v["code"], y)) for y in years], r.note if own else None])
    write_table(out, headers, table, title="扶持项目台账")
    return SheetWritten(out, len(table))


def record_milestone(uow: UnitOfWork, code: str, milestone: str, *, planned_on: date | None = None,
                     done_on: date | None = None) -> MilestoneChange:
    """`projects milestone`: a milestone's planned and/or done date (audited; the status follows)."""
    return ledger.record_milestone(uow.session, code, milestone, planned_on=planned_on, done_on=done_on,
                                   today=uow.today, at=uow.as_of, actor=uow.who)


def list_projects(uow: UnitOfWork, *, kind: str | None = None, year: int | None = None,
                  status: str | None = None) -> list[ProjectRow]:
    """`projects list`: projects (of a kind, applied for in a year, in a status) with villages, funds,
    milestones and income."""
    from config.errors import InputError, Problem

    key = None
    if kind is not None:
        found = uow.config.projects.kind(kind)
        if found is None:
            raise InputError("不认识的项目类型", [Problem("--kind", f"{kind!r}；应为："
                                                             f"{'、'.join(k.key for k in uow.config.projects.kinds)}")])
        key = found.key
    chosen = None
    if status is not None:
        chosen = STATUS_BY_TEXT.get(status)
        if chosen is None:
            raise InputError("不认识的项目状态", [Problem("--status", f"{status!r}；应为："
                                                               f"{'、'.join(s.value for s in ProjectStatus)}")])
    return ledger.project_rows(uow.session, _kinds(uow), kind=key, year=year, status=chosen)


def project_detail(uow: UnitOfWork, code: str) -> ProjectRow:
    """`projects show`: one project."""
    ledger.project_by_code(uow.session, code)
    return ledger.project_rows(uow.session, _kinds(uow), codes=[code])[0]


def sweep_projects(uow: UnitOfWork) -> ProjectSweep:
    """`projects sweep` (and the deadline sweep): reminders before planned milestones, once each, and one issue
    for the lead department per milestone past its due day — running it again queues and raises nothing new."""
    return notices.sweep_projects(uow.session, uow.config.projects, working_calendar(uow), policy_of(uow),
                                  as_of=uow.as_of, actor=uow.who)


def project_figures(uow: UnitOfWork, year: int) -> figures.ProjectFigures:
    """`projects figures`: the year's figures of the work report (slots #34–#39)."""
    return figures.project_figures(uow.session, year, today=uow.today)
