"""The project ledger: writing validated projects (new, changed or unchanged by natural key, in bulk
statements, an audit event per project created or changed), recording a milestone, listing and one project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from config.errors import InputError, NotFound, Problem
from domain.projects.rules import MILESTONE_NAMES, MILESTONES, STATUS_NAMES, order_problems, project_status
from domain.projects.sheet import ProjectRecord
from models.audit import record_audits
from models.db import bulk_insert, upsert
from models.org import Department, Town, Village
from models.projects import (
    ProjectFund,
    ProjectIncome,
    ProjectMilestone,
    ProjectStatus,
    ProjectVillage,
    SupportProject,
)

CHUNK = 5000


@dataclass
class ImportReport:
    """What an import did: projects created, changed (with what changed) and unchanged."""

    rows: int = 0
    created: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0


@dataclass(frozen=True)
class _State:
    """A project as comparable values (ids of villages)."""

    fields: tuple
    villages: frozenset
    funds: frozenset
    milestones: frozenset
    incomes: frozenset


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def village_ids(session: Session, *, active_only: bool = True) -> dict[str, int]:
    q = sa.select(Village.code, Village.id)
    if active_only:
        q = q.where(Village.active)
    return dict(session.execute(q).all())


def departments(session: Session) -> dict[str, str]:
    return dict(session.execute(sa.select(Department.key, Department.name).order_by(Department.id)).all())


def _existing(session: Session, codes: list[str]) -> tuple[dict[str, tuple[int, ProjectStatus]], dict[int, _State]]:
    """The projects with these codes: code → (id, status), id → state (a few statements, chunked)."""
    ids: dict[str, tuple[int, ProjectStatus]] = {}
    fields: dict[int, tuple] = {}
    session.flush()  # what session.execute would flush first
    conn = session.connection()  # Core rows: not the ORM's result machinery
    for chunk in _chunks(codes):
        for pid, code, name, kind, lead, year, status, note in conn.execute(sa.select(
                SupportProject.id, SupportProject.code, SupportProject.name, SupportProject.kind, SupportProject.lead,
                SupportProject.applied_year, SupportProject.status, SupportProject.note)
                .where(SupportProject.code.in_(chunk))):
            ids[code] = (pid, ProjectStatus(status))
            fields[pid] = (name, kind, lead, year, status == ProjectStatus.withdrawn, note)
    parts: dict[str, dict[int, set]] = {k: defaultdict(set) for k in ("v", "f", "m", "i")}
    pids = list(fields)
    for chunk in _chunks(pids):
        for pid, vid, yuan in conn.execute(sa.select(ProjectVillage.project_id, ProjectVillage.village_id,
                                                        ProjectVillage.expected_income_yuan)
                                              .where(ProjectVillage.project_id.in_(chunk))):
            parts["v"][pid].add((vid, yuan))
        for pid, source, yuan in conn.execute(sa.select(ProjectFund.project_id, ProjectFund.source,
                                                           ProjectFund.amount_yuan)
                                                 .where(ProjectFund.project_id.in_(chunk))):
            parts["f"][pid].add((source, yuan))
        for pid, key, planned, done in conn.execute(sa.select(
                ProjectMilestone.project_id, ProjectMilestone.milestone, ProjectMilestone.planned_on,
                ProjectMilestone.done_on).where(ProjectMilestone.project_id.in_(chunk))):
            if planned is not None or done is not None:
                parts["m"][pid].add((key, planned, done))
        for pid, vid, year, yuan in conn.execute(sa.select(
                ProjectIncome.project_id, ProjectIncome.village_id, ProjectIncome.year, ProjectIncome.amount_yuan)
                .where(ProjectIncome.project_id.in_(chunk))):
            parts["i"][pid].add((vid, year, yuan))
    states = {pid: _State(f, frozenset(parts["v"][pid]), frozenset(parts["f"][pid]), frozenset(parts["m"][pid]),
                          frozenset(parts["i"][pid])) for pid, f in fields.items()}
    return ids, states


def _state(rec: ProjectRecord, vids: dict[str, int]) -> _State:
    return _State((rec.name, rec.kind, rec.lead, rec.applied_year, rec.withdrawn, rec.note),
                  frozenset((vids[c], y) for c, y in rec.villages.items()),
                  frozenset(rec.funds.items()),
                  frozenset((k, p, d) for k, (p, d) in rec.milestones.items()),
                  frozenset((vids[c], y, yuan) for (c, y), yuan in rec.incomes.items()))


FIELD_NAMES = ("项目名称", "项目类型", "牵头部门", "申报年度", "撤销", "备注")


def _diff(old: _State, new: _State) -> list[str]:
    out = [f"{n}: {a if a is not None else '—'} → {b if b is not None else '—'}"
           for n, a, b in zip(FIELD_NAMES, old.fields, new.fields, strict=True) if a != b]
    old_m = {k: (p, d) for k, p, d in old.milestones}
    for k, p, d in sorted(new.milestones | old.milestones):
        if (k, p, d) in new.milestones and old_m.get(k) != (p, d):
            out.append(f"{MILESTONE_NAMES[k]}: {_pd(old_m.get(k))} → {_pd((p, d))}")
    for what, a, b in (("受益村", old.villages, new.villages), ("资金", old.funds, new.funds),
                       ("实际收益", old.incomes, new.incomes)):
        if a != b:
            out.append(f"{what}: {len(a - b)}项删改, {len(b - a)}项新增")
    gone = {k for k, _, _ in old.milestones} - {k for k, _, _ in new.milestones}
    out += [f"{MILESTONE_NAMES[k]}: 清空" for k in sorted(gone)]
    return out


def _pd(pd: tuple | None) -> str:
    if pd is None:
        return "—"
    return f"计划{pd[0] or '—'}/完成{pd[1] or '—'}"


def save_projects(session: Session, records: list[ProjectRecord], *, at: datetime, actor: str,
                  source: str) -> ImportReport:
    """Write the records: new projects inserted, changed ones updated (their villages, funds and incomes
    replaced, milestones upserted so a raised issue stays linked), unchanged ones left alone."""
    vids = village_ids(session)
    report = ImportReport(rows=sum(len(r.villages) for r in records))
    ids, states = _existing(session, [r.code for r in records])
    new, changed = [], []
    audits = []
    for rec in records:
        state = _state(rec, vids)
        status = project_status({k: d for k, (_, d) in rec.milestones.items()}, withdrawn=rec.withdrawn)
        if rec.code not in ids:
            new.append((rec, status))
            report.created.append(rec.code)
            audits.append({"at": at, "actor": actor, "entity": "project", "entity_id": rec.code, "action": "create",
                           "to_state": status.value, "note": f"{source}：{rec.name}"})
            continue
        pid, before = ids[rec.code]
        if states[pid] == state:
            report.unchanged += 1
            continue
        diff = _diff(states[pid], state)
        changed.append((pid, rec, status))
        report.changed[rec.code] = diff
        audits.append({"at": at, "actor": actor, "entity": "project", "entity_id": rec.code, "action": "update",
                       "from_state": before.value, "to_state": status.value,
                       "note": f"{source}：" + "；".join(diff)[:1000]})
    stamp = {"updated_at": at, "updated_by": actor}
    new_ids: list[int] = []
    if new:  # a plain executemany, then the ids by code (RETURNING in batches is far slower on SQLite)
        session.execute(sa.insert(SupportProject.__table__), [
            {"code": r.code, "name": r.name, "kind": r.kind, "lead": r.lead, "applied_year": r.applied_year,
             "status": s, "note": r.note, **stamp} for r, s in new])
        ids_by_code: dict[str, int] = {}
        for chunk in _chunks([r.code for r, _ in new]):
            ids_by_code.update(session.execute(sa.select(SupportProject.code, SupportProject.id)
                                               .where(SupportProject.code.in_(chunk))).all())
        new_ids = [ids_by_code[r.code] for r, _ in new]
    if changed:
        session.execute(sa.update(SupportProject), [
            {"id": pid, "name": r.name, "kind": r.kind, "lead": r.lead, "applied_year": r.applied_year, "status": s,
             "note": r.note, **stamp} for pid, r, s in changed])
        replaced = [pid for pid, _, _ in changed]
        for chunk in _chunks(replaced):
            for model in (ProjectVillage, ProjectFund, ProjectIncome):
                session.execute(sa.delete(model).where(model.project_id.in_(chunk)))
            session.execute(sa.update(ProjectMilestone).where(ProjectMilestone.project_id.in_(chunk))
                            .values(planned_on=None, done_on=None))
    written = [(pid, r) for pid, (r, _) in zip(new_ids, new, strict=True)] + [(pid, r) for pid, r, _ in changed]
    bulk_insert(session, ProjectVillage, [{"project_id": pid, "village_id": vids[c], "expected_income_yuan": y}
                                          for pid, r in written for c, y in r.villages.items()])
    bulk_insert(session, ProjectFund, [{"project_id": pid, "source": s, "amount_yuan": y}
                                       for pid, r in written for s, y in r.funds.items()])
    bulk_insert(session, ProjectIncome, [{"project_id": pid, "village_id": vids[c], "year": year, "amount_yuan": y}
                                         for pid, r in written for (c, year), y in r.incomes.items()])
    upsert(session, ProjectMilestone, [{"project_id": pid, "milestone": k, "planned_on": p, "done_on": d}
                                       for pid, r in written for k, (p, d) in r.milestones.items()],
           keys=["project_id", "milestone"], update=["planned_on", "done_on"])
    record_audits(session, audits)
    return report


def project_by_code(session: Session, code: str) -> SupportProject:
    project = session.execute(sa.select(SupportProject).where(SupportProject.code == code)).scalar_one_or_none()
    if project is None:
        raise NotFound(f"没有项目 {code}", [Problem(code, "不是项目编号（见 `dudao projects list`）")])
    return project


@dataclass(frozen=True)
class MilestoneChange:
    code: str
    milestone: str
    planned_on: date | None
    done_on: date | None
    status: ProjectStatus
    changed: bool


def record_milestone(session: Session, code: str, milestone: str, *, planned_on: date | None, done_on: date | None,
                     today: date, at: datetime, actor: str) -> MilestoneChange:
    """Set a milestone's planned and/or done date (`projects milestone`); audited; the status follows."""
    from domain.projects.rules import MILESTONE_BY_TEXT

    project = project_by_code(session, code)
    kind = MILESTONE_BY_TEXT.get(milestone)
    if kind is None:
        raise InputError("不认识的节点", [Problem(milestone, f"应为：{'、'.join(m.name for m in MILESTONES)}")])
    if done_on is not None and done_on > today:
        raise InputError("完成日期晚于今天", [Problem("--done", f"{done_on} 晚于 {today}")])
    rows = {k: (p, d) for k, p, d in session.execute(sa.select(
        ProjectMilestone.milestone, ProjectMilestone.planned_on, ProjectMilestone.done_on)
        .where(ProjectMilestone.project_id == project.id))}
    old = rows.get(kind.key, (None, None))
    new = (planned_on if planned_on is not None else old[0], done_on if done_on is not None else old[1])
    rows[kind.key] = new
    for i, what in ((0, "计划日期"), (1, "完成日期")):
        wrong = order_problems({k: v[i] for k, v in rows.items()})
        if wrong:
            raise InputError(f"节点{what}顺序不对", [Problem(f"{code} {kind.name}", w) for w in wrong])
    status = project_status({k: v[1] for k, v in rows.items()}, withdrawn=project.status == ProjectStatus.withdrawn)
    if new == old:
        return MilestoneChange(code, kind.key, *new, project.status, False)
    upsert(session, ProjectMilestone, [{"project_id": project.id, "milestone": kind.key, "planned_on": new[0],
                                        "done_on": new[1]}], keys=["project_id", "milestone"],
           update=["planned_on", "done_on"])
    before = project.status
    project.status, project.updated_at, project.updated_by = status, at, actor
    session.add(project)
    record_audits(session, [{"at": at, "actor": actor, "entity": "project", "entity_id": code, "action": "milestone",
                             "from_state": before.value, "to_state": status.value,
                             "note": f"{kind.name}: {_pd(old)} → {_pd(new)}"}])
    return MilestoneChange(code, kind.key, *new, status, True)


@dataclass(frozen=True)
class ProjectRow:
    """A project as listed: kind and lead as keys (names beside them), villages, funds, milestones, incomes."""

    code: str
    name: str
    kind: str
    kind_name: str
    lead: str
    lead_name: str
    applied_year: int
    status: ProjectStatus
    status_name: str
    villages: list[dict[str, Any]]  # code, name, town, expected_income_yuan
    funds_yuan: dict[str, int]
    milestones: list[dict[str, Any]]  # key, name, planned_on, done_on, issue_id
    income_yuan: dict[int, int]  # year → Σ over the villages
    note: str | None

    @property
    def total_funds_yuan(self) -> int:
        return sum(self.funds_yuan.values())


def project_rows(session: Session, kinds: dict[str, str], *, kind: str | None = None, year: int | None = None,
                 status: ProjectStatus | None = None, codes: list[str] | None = None) -> list[ProjectRow]:
    """Projects (filtered) with their villages, funds, milestones and income: five statements."""
    q = sa.select(SupportProject).order_by(SupportProject.code)
    if kind is not None:
        q = q.where(SupportProject.kind == kind)
    if year is not None:
        q = q.where(SupportProject.applied_year == year)
    if status is not None:
        q = q.where(SupportProject.status == status)
    if codes is not None:
        q = q.where(SupportProject.code.in_(codes))
    projects = list(session.scalars(q))
    pids = [p.id for p in projects]
    depts = departments(session)
    villages: dict[int, list] = defaultdict(list)
    funds: dict[int, dict] = defaultdict(dict)
    stones: dict[int, dict] = defaultdict(dict)
    income: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for chunk in _chunks(pids):
        for pid, vcode, vname, tname, yuan in session.execute(
                sa.select(ProjectVillage.project_id, Village.code, Village.name, Town.name,
                          ProjectVillage.expected_income_yuan)
                .join(Village, Village.id == ProjectVillage.village_id).join(Town, Town.id == Village.town_id)
                .where(ProjectVillage.project_id.in_(chunk)).order_by(ProjectVillage.project_id, Village.code)):
            villages[pid].append({"code": vcode, "name": vname, "town": tname, "expected_income_yuan": yuan})
        for pid, source, yuan in session.execute(sa.select(ProjectFund.project_id, ProjectFund.source,
                                                           ProjectFund.amount_yuan)
                                                 .where(ProjectFund.project_id.in_(chunk))):
            funds[pid][source] = yuan
        for pid, key, planned, done, issue in session.execute(sa.select(
                ProjectMilestone.project_id, ProjectMilestone.milestone, ProjectMilestone.planned_on,
                ProjectMilestone.done_on, ProjectMilestone.issue_id).where(ProjectMilestone.project_id.in_(chunk))):
            stones[pid][key] = (planned, done, issue)
        for pid, year_, yuan in session.execute(sa.select(ProjectIncome.project_id, ProjectIncome.year,
                                                          sa.func.sum(ProjectIncome.amount_yuan))
                                                .where(ProjectIncome.project_id.in_(chunk))
                                                .group_by(ProjectIncome.project_id, ProjectIncome.year)):
            income[pid][year_] = int(yuan)
    return [ProjectRow(p.code, p.name, p.kind, kinds.get(p.kind, p.kind), p.lead, depts.get(p.lead, p.lead),
                       p.applied_year, p.status, STATUS_NAMES[p.status], villages[p.id], funds[p.id],
                       [{"key": m.key, "name": m.name, "planned_on": stones[p.id].get(m.key, (None,) * 3)[0],
                         "done_on": stones[p.id].get(m.key, (None,) * 3)[1],
                         "issue_id": stones[p.id].get(m.key, (None,) * 3)[2]} for m in MILESTONES],
                       dict(sorted(income[p.id].items())), p.note) for p in projects]
