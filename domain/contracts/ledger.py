"""The contract ledger: writing validated contracts (new, changed or unchanged by 合同编号, bulk statements, an
audit event per contract created or changed), their review stages with working-day deadlines, the clean-up
(rectification through an issue, or termination), one contract and the listing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.errors import InputError, NotFound, Problem
from config.ledgers import ContractRules
from domain.calendar import WorkingCalendar
from domain.contracts.rules import (
    OUTCOME_NAMES,
    RESULT_NAMES,
    StageDone,
    contract_state,
    stage_deadlines,
    verdict,
)
from domain.contracts.sheet import ContractRecord
from domain.issues import IssuePolicy, NewIssue, open_issues, settle_issue
from models.audit import record_audits
from models.contracts import CleanOutcome, Contract, ContractReview, ReviewResult
from models.db import upsert
from models.issues import Issue, IssueSource, IssueStatus
from models.org import Town, Village

CHUNK = 5000
CLEAN_AT = time(17, 0)


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class ImportReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    issues_opened: list[int] = field(default_factory=list)
    issues_closed: list[int] = field(default_factory=list)


def villages(session: Session) -> dict[str, tuple[int, str]]:
    """Active village code → (id, its town's code)."""
    return {c: (i, t) for c, i, t in session.execute(
        sa.select(Village.code, Village.id, Town.code).join(Town, Town.id == Village.town_id).where(Village.active))}


FIELDS = ("village", "counterparty", "subject", "amount_yuan", "rent_yuan", "signed_on", "term_start", "term_end",
          "review_started_on", "note")
FIELD_NAMES = dict(zip(FIELDS, ("村（社区）", "承包方", "合同标的", "合同金额", "年租金", "签订日期", "起始日期",
                                "终止日期", "清理启动日期", "备注"), strict=True))


COMPARED = [c for c in Contract.__table__.c if c.name != "reasons"]  # what an import compares and keeps


def _existing(session: Session, codes: list[str]) -> dict[str, tuple[Contract, list[StageDone], dict[str, int]]]:
    """code → (contract, its stages as recorded, stage key → review row id)."""
    found: dict[str, tuple[Contract, list, dict]] = {}
    by_id: dict[int, str] = {}
    session.flush()  # what session.execute would flush first
    conn = session.connection()  # Core rows, not ORM objects (nor the ORM's result machinery)
    for chunk in _chunks(codes):
        for c in conn.execute(sa.select(*COMPARED).where(Contract.code.in_(chunk))):
            found[c.code] = (c, [], {})
            by_id[c.id] = c.code
    reviews: dict[str, dict[str, StageDone]] = defaultdict(dict)
    for chunk in _chunks(list(by_id)):
        for rid, cid, stage, done, result, reasons in conn.execute(sa.select(
                ContractReview.id, ContractReview.contract_id, ContractReview.stage, ContractReview.done_on,
                ContractReview.result, sa.type_coerce(ContractReview.reasons, sa.String))
                .where(ContractReview.contract_id.in_(chunk))):
            code = by_id[cid]  # the reasons' JSON decoded only when there are any (most have none)
            # SQLite hands the JSON text back; PostgreSQL's driver decodes a json column itself
            said = () if reasons in (None, "[]", []) else tuple(
                json.loads(reasons) if isinstance(reasons, str) else reasons)
            reviews[code][stage] = StageDone(done, result, said)
            found[code][2][stage] = rid
    return {code: (c, reviews[code], ids) for code, (c, _, ids) in found.items()}


def _ids(session: Session, codes: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(codes):
        out.update(session.execute(sa.select(Contract.code, Contract.id).where(Contract.code.in_(chunk))).all())
    return out


def _stages_of(reviews: dict[str, StageDone], rules: ContractRules) -> list[StageDone]:
    return [reviews.get(s.key, StageDone(None, None, ())) for s in rules.stages]


def record_of(session: Session, code: str, rules: ContractRules) -> tuple[Contract, ContractRecord]:
    """The contract as a record (what a sheet row would say), to change one thing and save it again."""
    found = _existing(session, [code]).get(code)
    if found is None:
        raise NotFound(f"没有合同 {code}", [Problem(code, "不是合同编号（见 `dudao contracts list`）")])
    c, reviews, _ = found
    village = session.get(Village, c.village_id)
    return c, ContractRecord(c.code, code, village.code, c.counterparty, c.subject, c.amount_yuan, c.rent_yuan,
                             c.signed_on, c.term_start, c.term_end, c.review_started_on,
                             _stages_of(reviews, rules), c.outcome, c.cleaned_on, c.recovered_yuan,
                             c.added_yuan_per_year, c.note)


def _fields(rec: ContractRecord) -> dict[str, Any]:
    return {f: getattr(rec, f) for f in FIELDS}


def _diff(c: Contract, village_code: str, old_stages: list[StageDone], rec: ContractRecord,
          rules: ContractRules) -> list[str]:
    old = {f: getattr(c, f) for f in FIELDS if f != "village"} | {"village": village_code}
    out = [f"{FIELD_NAMES[f]}: {old[f] if old[f] is not None else '—'} → {v if v is not None else '—'}"
           for f, v in _fields(rec).items() if old[f] != v]
    for stage, a, b in zip(rules.stages, old_stages, rec.stages, strict=True):
        if a != b:
            out.append(f"{stage.name}: {_said(a)} → {_said(b)}")
    for name, a, b in (("清理方式", c.outcome, rec.outcome), ("清理完成", c.cleaned_on, rec.cleaned_on),
                       ("追回资金", c.recovered_yuan, rec.recovered_yuan),
                       ("年增收", c.added_yuan_per_year, rec.added_yuan_per_year)):
        if a != b:
            out.append(f"{name}: {_show(a)} → {_show(b)}")
    return out


def _show(v: object) -> str:
    return "—" if v is None else OUTCOME_NAMES[v] if isinstance(v, CleanOutcome) else str(v)


def _said(s: StageDone) -> str:
    if s.done_on is None:
        return "未完成"
    return f"{s.done_on} {RESULT_NAMES.get(s.result, '')}" + (f"（{'、'.join(s.reasons)}）" if s.reasons else "")


def save_contracts(session: Session, records: list[ContractRecord], rules: ContractRules, cal: WorkingCalendar,
                   policy: IssuePolicy, *, at: datetime, actor: str, source: str) -> ImportReport:
    """Write the records; open a rectification issue for each contract to be rectified (once: the contract
    keeps its id, the issue's source_ref is contract:<code>), close it when the record gives the day the
    rectification was done; a blank 清理完成日期 of a rectified contract keeps the day its issue closed."""
    units = villages(session)
    code_of = {i: c for c, (i, _) in units.items()}
    existing = _existing(session, [r.code for r in records])
    memo: dict = {}
    report = ImportReport(rows=len(records))
    rows, audits, reviews = [], [], []
    for rec in records:
        old = existing.get(rec.code)
        if old is not None and rec.outcome is CleanOutcome.rectify and rec.cleaned_on is None \
                and old[0].outcome is CleanOutcome.rectify:
            rec = replace(rec, cleaned_on=old[0].cleaned_on)  # the day its issue closed stays
        verdict_ = verdict(rules.stages, rec.stages)
        values = {**{f: v for f, v in _fields(rec).items() if f != "village"}, "code": rec.code,
                  "village_id": units[rec.village][0], "verdict": verdict_.result, "verdict_stage": verdict_.stage,
                  "verdict_on": verdict_.on, "reasons": list(verdict_.reasons), "outcome": rec.outcome,
                  "cleaned_on": rec.cleaned_on if rec.outcome is not None else None,
                  "recovered_yuan": rec.recovered_yuan, "added_yuan_per_year": rec.added_yuan_per_year,
                  "updated_at": at, "updated_by": actor}
        state = _state_name(verdict_.result, rec, rules)
        if old is None:
            report.created.append(rec.code)
            audits.append({"at": at, "actor": actor, "entity": "contract", "entity_id": rec.code, "action": "create",
                           "to_state": state, "note": f"{source}：{rec.counterparty} {rec.subject}"})
        else:
            c, old_reviews, _ = old
            old_stages = _stages_of(old_reviews, rules)
            diff = _diff(c, code_of.get(c.village_id, "?"), old_stages, rec, rules)
            if not diff and {s.key for s in rules.stages} == set(old_reviews):
                report.unchanged += 1
                continue
            report.changed[rec.code] = diff
            values["id"] = c.id
            audits.append({"at": at, "actor": actor, "entity": "contract", "entity_id": rec.code, "action": "update",
                           "from_state": _state_name(c.verdict, old_record_outcome(c), rules), "to_state": state,
                           "note": (f"{source}：" + "；".join(diff))[:1000]})
        rows.append((rec, values))
    new = [(r, v) for r, v in rows if "id" not in v]
    if new:  # a plain executemany, then the ids by code (RETURNING in batches is far slower on SQLite)
        session.execute(sa.insert(Contract.__table__), [v for _, v in new])
        ids = _ids(session, [r.code for r, _ in new])
        for r, v in new:
            v["id"] = ids[r.code]
    changed = [v for r, v in rows if r.code in report.changed]
    if changed:
        session.execute(sa.update(Contract), changed)
    for rec, v in rows:
        done = [s.done_on for s in rec.stages]
        deadlines = stage_deadlines(rec.review_started_on, rules.stages, done, cal, memo)
        town = units[rec.village][1]
        for stage, s, deadline in zip(rules.stages, rec.stages, deadlines, strict=True):
            owner = {"village": f"village:{rec.village}", "town": f"town:{town}"}.get(stage.owner, stage.owner)
            reviews.append({"contract_id": v["id"], "stage": stage.key, "owner": owner, "deadline": deadline,
                            "done_on": s.done_on, "result": s.result, "reasons": list(s.reasons)})
    upsert(session, ContractReview, reviews, keys=["contract_id", "stage"],
           update=["owner", "deadline", "done_on", "result", "reasons"])
    record_audits(session, audits)
    _rectify(session, [(rec, v) for rec, v in rows], existing, rules, policy, at=at, actor=actor, source=source,
             report=report)
    return report


def old_record_outcome(c: Contract) -> ContractRecord:
    """Enough of a record for the state name of what the ledger held."""
    return ContractRecord(c.code, "", "", "", "", None, None, None, None, None, c.review_started_on, [], c.outcome,
                          c.cleaned_on, None, None, None)


def _state_name(result: ReviewResult | None, rec: ContractRecord, rules: ContractRules) -> str:
    pending = [s for s, d in zip(rules.stages, rec.stages, strict=False) if d.done_on is None]
    reviewing = pending[0].name if pending and rec.outcome is None and result is not ReviewResult.non_compliant \
        else None
    return contract_state(result, reviewing, rec.outcome, rec.cleaned_on)


def _rectify(session: Session, rows: list[tuple[ContractRecord, dict]], existing: dict, rules: ContractRules,
             policy: IssuePolicy, *, at: datetime, actor: str, source: str, report: ImportReport) -> None:
    """Open the rectification issues not opened yet (in bulk); close those the record says are done."""
    wanted = [(rec, v) for rec, v in rows if rec.outcome is CleanOutcome.rectify]
    if not wanted:
        return
    issue_of = {rec.code: existing[rec.code][0].issue_id for rec, _ in wanted if rec.code in existing}
    fresh = [(rec, v) for rec, v in wanted if not issue_of.get(rec.code) and rec.cleaned_on is None]
    late = [(rec, v) for rec, v in wanted if not issue_of.get(rec.code) and rec.cleaned_on is not None]

    def new_issue(rec: ContractRecord, v: dict) -> NewIssue:
        return NewIssue(title=f"经营合同{rec.code}（{rec.subject}）不规范，需整改"[:200], village=rec.village,
                        category=rules.category, source=IssueSource.contract, source_ref=f"contract:{rec.code}",
                        due_days=rules.rectify_days,
                        description=f"合同清理认定不合规（{'、'.join(v['reasons'])}）：承包方{rec.counterparty}，"
                                    f"标的{rec.subject}。请村（社区）按要求整改。")

    links: list[dict] = []
    if fresh:
        ids = open_issues(session, [new_issue(r, v) for r, v in fresh], at=at, actor=actor, policy=policy,
                          where=[f"合同 {r.code}" for r, _ in fresh])
        links += [{"id": v["id"], "issue_id": i} for (_, v), i in zip(fresh, ids, strict=True)]
        report.issues_opened += list(ids)
    for rec, v in late:  # rectified before it was recorded: opened on the verdict's day, closed on the day done
        opened = min(at, datetime.combine(v["verdict_on"], time(9, 0), DISTRICT_TZ))
        (i,) = open_issues(session, [new_issue(rec, v)], at=opened, actor=actor, policy=policy, notify=False,
                           where=[f"合同 {rec.code}"])
        links.append({"id": v["id"], "issue_id": i})
        report.issues_opened.append(i)
        issue_of[rec.code] = i
    if links:
        session.execute(sa.update(Contract), links)
    for rec, _ in wanted:
        issue_id = issue_of.get(rec.code)
        if rec.cleaned_on is None or issue_id is None:
            continue
        issue = session.get(Issue, issue_id)
        if issue.status == IssueStatus.closed:
            continue
        when = max(issue.opened_at, min(at, datetime.combine(rec.cleaned_on, CLEAN_AT, DISTRICT_TZ)))
        settle_issue(session, issue_id, at=when, actor=actor, policy=policy, note=f"合同清理：整改完成（{source}）",
                     evidence=[source])
        report.issues_closed.append(issue_id)


def sync_rectified(session: Session, *, at: datetime, actor: str, tz=DISTRICT_TZ) -> list[str]:
    """A rectified contract is cleaned when its issue is closed (销号): stamp the day it closed (audited)."""
    rows = session.execute(sa.select(Contract.id, Contract.code, Issue.closed_at)
                           .join(Issue, Issue.id == Contract.issue_id)
                           .where(Contract.outcome == CleanOutcome.rectify, Contract.cleaned_on.is_(None),
                                  Issue.status == IssueStatus.closed)).all()
    if not rows:
        return []
    session.execute(sa.update(Contract), [{"id": cid, "cleaned_on": closed.astimezone(tz).date(),
                                           "updated_at": at, "updated_by": actor} for cid, _, closed in rows])
    record_audits(session, [{"at": at, "actor": actor, "entity": "contract", "entity_id": code, "action": "clean",
                             "from_state": "整改中", "to_state": "已清理（整改）",
                             "note": f"整改问题已销号（{closed.astimezone(tz).date()}）"} for _, code, closed in rows])
    return [code for _, code, _ in rows]


def check_record(rec: ContractRecord, rules: ContractRules, today: date) -> None:
    """What a sheet row is checked for, for a record changed from the CLI (a stage's result, a clean-up)."""
    problems = []
    last = rec.review_started_on
    for stage, s in zip(rules.stages, rec.stages, strict=True):
        if s.done_on is None:
            last = None
            continue
        if last is None:
            problems.append(Problem(stage.name, "上一级审查尚未完成（审查依次为："
                                    + " → ".join(x.name for x in rules.stages) + "）"))
        elif s.done_on < last:
            problems.append(Problem(stage.name, f"{s.done_on} 早于上一级审查完成（或清理启动）日期 {last}"))
        if s.done_on > today:
            problems.append(Problem(stage.name, f"{s.done_on} 晚于今天（{today}）"))
        if s.result is ReviewResult.non_compliant and not s.reasons:
            problems.append(Problem(stage.name, f"不合规须给出问题类型（{'、'.join(rules.reasons)}）"))
        unknown = [r for r in s.reasons if r not in rules.reasons]
        if unknown:
            problems.append(Problem(stage.name, f"{'、'.join(unknown)} 不是配置的问题类型；"
                                                f"应为：{'、'.join(rules.reasons)}"))
        last = s.done_on
    v = verdict(rules.stages, rec.stages)
    if rec.outcome is not None and v.result is not ReviewResult.non_compliant:
        problems.append(Problem(rec.code, "只有审查结论为不合规的合同才清理（整改或终止）"))
    if rec.outcome is CleanOutcome.terminate and rec.cleaned_on is None:
        problems.append(Problem(rec.code, "终止合同须给出解除之日（--on）"))
    if rec.cleaned_on and (rec.cleaned_on > today or (v.on and rec.cleaned_on < v.on)):
        problems.append(Problem(rec.code, f"清理完成日期 {rec.cleaned_on} 应在认定不合规（{v.on}）"
                                          f"与今天（{today}）之间"))
    if problems:
        raise InputError(f"合同 {rec.code} 未修改", problems)


@dataclass(frozen=True)
class ContractRow:
    """A contract as listed: its village, terms, each stage (owner, deadline, done, result, reasons), the
    verdict and the clean-up."""

    code: str
    town: str
    village_code: str
    village: str
    counterparty: str
    subject: str
    amount_yuan: int | None
    rent_yuan: int | None
    signed_on: date | None
    term_start: date | None
    term_end: date | None
    review_started_on: date
    stages: list[dict[str, Any]]
    verdict: ReviewResult | None
    verdict_stage: str | None
    verdict_on: date | None
    reasons: list[str]
    outcome: CleanOutcome | None
    cleaned_on: date | None
    issue_id: int | None
    recovered_yuan: int | None
    added_yuan_per_year: int | None
    state: str
    note: str | None


def contract_rows(session: Session, rules: ContractRules, *, village: str | None = None, town: str | None = None,
                  verdict_: ReviewResult | None = None, cleaned: bool | None = None,
                  codes: list[str] | None = None) -> list[ContractRow]:
    q = (sa.select(Contract, Village.code, Village.name, Town.name).join(Village, Village.id == Contract.village_id)
         .join(Town, Town.id == Village.town_id).order_by(Contract.code))
    if village is not None:
        q = q.where(sa.or_(Village.code == village, Village.name == village))
    if town is not None:
        q = q.where(sa.or_(Town.code == town, Town.name == town))
    if verdict_ is not None:
        q = q.where(Contract.verdict == verdict_)
    if cleaned is not None:
        q = q.where(Contract.cleaned_on.is_not(None) if cleaned else Contract.cleaned_on.is_(None))
    if codes is not None:
        q = q.where(Contract.code.in_(codes))
    found = session.execute(q).all()
    names = {s.key: s.name for s in rules.stages}
    stages: dict[int, dict[str, dict]] = defaultdict(dict)
    for chunk in _chunks([c.id for c, *_ in found]):
        for r in session.scalars(sa.select(ContractReview).where(ContractReview.contract_id.in_(chunk))):
            stages[r.contract_id][r.stage] = {"stage": r.stage, "name": names.get(r.stage, r.stage), "owner": r.owner,
                                              "deadline": r.deadline, "done_on": r.done_on, "result": r.result,
                                              "reasons": list(r.reasons or [])}
    out = []
    for c, vcode, vname, tname in found:
        ordered = [stages[c.id][s.key] for s in rules.stages if s.key in stages[c.id]]
        pending = next((s["name"] for s in ordered if s["done_on"] is None and s["deadline"] is not None), None)
        state = contract_state(c.verdict, pending if c.outcome is None and c.verdict is not ReviewResult.non_compliant
                               else None, c.outcome, c.cleaned_on)
        out.append(ContractRow(c.code, tname, vcode, vname, c.counterparty, c.subject, c.amount_yuan, c.rent_yuan,
                               c.signed_on, c.term_start, c.term_end, c.review_started_on, ordered, c.verdict,
                               c.verdict_stage, c.verdict_on, list(c.reasons or []), c.outcome, c.cleaned_on,
                               c.issue_id, c.recovered_yuan, c.added_yuan_per_year, state, c.note))
    return out
