"""The contract clean-up's operations (合同清理): the sheet out and in, a stage's result, a clean-up, the
listing, one contract, the daily pass (reminders, overdue notices, rectifications closed) and the year's figures —
each on a unit of work. CLI commands, flows and the demo call these and nothing below them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.sheets import Table, write_table
from config.errors import InputError, Problem
from domain.calendar import working_calendar
from domain.contracts import figures, ledger, notices, sheet
from domain.contracts.figures import ContractFigures
from domain.contracts.ledger import ContractRow, ImportReport
from domain.contracts.notices import ContractSweep
from domain.contracts.rules import OUTCOME_NAMES, RESULT_BY_TEXT, RESULT_NAMES, StageDone
from domain.issues import policy_of
from models.contracts import CleanOutcome

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def import_contracts(uow: UnitOfWork, table: Table) -> ImportReport:
    """`contracts import`: load a contract sheet — every bad row named by row and column and nothing written, or
    all of it; by 合同编号: loading it again changes nothing, a changed contract is updated with an audit event.
    A contract to be rectified gets its issue (once)."""
    rules = uow.config.contracts
    records = sheet.parse_contracts(table, rules, set(ledger.villages(uow.session)), uow.today)
    report = ledger.save_contracts(uow.session, records, rules, working_calendar(uow), policy_of(uow), at=uow.as_of,
                                   actor=uow.who, source=table.path.name)
    ledger.sync_rectified(uow.session, at=uow.as_of, actor=uow.who)
    return report


@dataclass(frozen=True)
class SheetWritten:
    path: Path
    rows: int


def write_contracts_sheet(uow: UnitOfWork, out: Path) -> SheetWritten:
    """`contracts template`: the sheet's columns, prefilled with the ledger's contracts (one row each)."""
    rules = uow.config.contracts
    rows = ledger.contract_rows(uow.session, rules)
    table = []
    for r in rows:
        by_stage = {s["stage"]: s for s in r.stages}
        stage_cells = []
        for st in rules.stages:
            s = by_stage.get(st.key, {})
            stage_cells += [s.get("done_on"), RESULT_NAMES.get(s.get("result")) if s.get("result") else None,
                            "、".join(s.get("reasons", [])) or None]
        table.append([r.code, r.town, r.village_code, r.village, r.counterparty, r.subject, r.amount_yuan,
                      r.rent_yuan, r.signed_on, r.term_start, r.term_end, r.review_started_on, *stage_cells,
                      OUTCOME_NAMES.get(r.outcome) if r.outcome else None, r.cleaned_on, r.recovered_yuan,
                      r.added_yuan_per_year, r.note])
    write_table(out, sheet.headers(rules), table, title="经营合同清理台账")
    return SheetWritten(out, len(table))


def record_review(uow: UnitOfWork, code: str, stage: str, *, result: str, reasons: list[str],
                  done_on: date | None = None) -> ImportReport:
    """`contracts review`: a stage's result (合规 / 不合规 with reasons) on `done_on` (default today); the next
    stage's deadline follows in working days. Audited."""
    rules = uow.config.contracts
    found = rules.stage(stage)
    if found is None:
        raise InputError("不认识的审查层级", [Problem(stage, f"应为：{'、'.join(s.name for s in rules.stages)}")])
    verdict = RESULT_BY_TEXT.get(result)
    if verdict is None:
        raise InputError("不认识的审查结论", [Problem("--result", f"{result!r}：应为 合规 或 不合规")])
    _, rec = ledger.record_of(uow.session, code, rules)
    stages = list(rec.stages)
    index = [s.key for s in rules.stages].index(found.key)
    stages[index] = StageDone(done_on or uow.today, verdict, tuple(reasons))
    return _save(uow, replace(rec, stages=stages), "dudao contracts review")


def clean_contract(uow: UnitOfWork, code: str, *, outcome: str, cleaned_on: date | None = None,
                   recovered_yuan: int | None = None, added_yuan_per_year: int | None = None) -> ImportReport:
    """`contracts clean`: a non-compliant contract is rectified (an issue is opened for its village; the contract
    is cleaned when the issue is closed) or terminated on `cleaned_on`; yuan recovered and added per year."""
    rules = uow.config.contracts
    chosen = CleanOutcome(outcome)
    _, rec = ledger.record_of(uow.session, code, rules)
    rec = replace(rec, outcome=chosen,
                  cleaned_on=(cleaned_on or uow.today) if chosen is CleanOutcome.terminate else cleaned_on,
                  recovered_yuan=recovered_yuan if recovered_yuan is not None else rec.recovered_yuan,
                  added_yuan_per_year=added_yuan_per_year if added_yuan_per_year is not None
                  else rec.added_yuan_per_year)
    return _save(uow, rec, "dudao contracts clean")


def _save(uow: UnitOfWork, rec, source: str) -> ImportReport:
    rules = uow.config.contracts
    ledger.check_record(rec, rules, uow.today)
    return ledger.save_contracts(uow.session, [rec], rules, working_calendar(uow), policy_of(uow), at=uow.as_of,
                                 actor=uow.who, source=source)


def list_contracts(uow: UnitOfWork, *, village: str | None = None, town: str | None = None,
                   result: str | None = None, cleaned: bool | None = None) -> list[ContractRow]:
    """`contracts list`: contracts (of a village or town, with a verdict, cleaned or not) with their stages."""
    chosen = None
    if result is not None:
        chosen = RESULT_BY_TEXT.get(result)
        if chosen is None:
            raise InputError("不认识的审查结论", [Problem("--result", f"{result!r}：应为 合规 或 不合规")])
    return ledger.contract_rows(uow.session, uow.config.contracts, village=village, town=town, verdict_=chosen,
                                cleaned=cleaned)


def contract_detail(uow: UnitOfWork, code: str) -> ContractRow:
    """`contracts show`: one contract."""
    rows = ledger.contract_rows(uow.session, uow.config.contracts, codes=[code])
    if not rows:
        ledger.record_of(uow.session, code, uow.config.contracts)  # raises NotFound
    return rows[0]


def sweep_contracts(uow: UnitOfWork) -> ContractSweep:
    """`contracts sweep` (and the deadline sweep): a rectified contract whose issue closed is cleaned; each
    stage's reminder before its deadline and overdue notice after it are queued once."""
    cleaned = ledger.sync_rectified(uow.session, at=uow.as_of, actor=uow.who)
    reminders, overdue = notices.queue_stage_notices(uow.session, uow.config.contracts, working_calendar(uow),
                                                     as_of=uow.as_of)
    return ContractSweep(reminders, overdue, cleaned)


def contract_figures(uow: UnitOfWork, year: int) -> ContractFigures:
    """`contracts figures`: the year's clean-up figures (slot #41 and its drill-down)."""
    return figures.contract_figures(uow.session, year, today=uow.today)
