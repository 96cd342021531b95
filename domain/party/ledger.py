"""Loading and changing the party ledgers: organisations, ratings, brands, weak-and-lax designations (each
rectified as an issue), qualification reviews (found cases handled by a deadline), assessments, the excellent
cadres, training sessions and attendances. Every load is all or nothing and idempotent by natural key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from adapters.ledger_sheet import Row, parse_sheet
from adapters.sheets import Table
from config.dates import at_time, cn_date
from config.errors import InputError, NotFound, Problem
from domain.calendar import WorkingCalendar
from domain.issues import IssuePolicy, NewIssue, open_issues
from domain.outbox import Outgoing, enqueue
from domain.party.rules import DEFAULT_RECTIFY_DAYS, handle_deadline
from domain.party.sheets import spec
from domain.party.sync import Synced, sync_by_key
from models.audit import record_audit
from models.org import Town, Village
from models.outbox import OutboxMessage, OutboxStatus
from models.party import (
    CadreReview,
    ExcellentCadre,
    OrgRating,
    PartyBrand,
    PartyOrg,
    ReviewFinding,
    SecretaryAssessment,
    TrainingAttendance,
    TrainingSession,
    WeakDesignation,
)

MODELS = {"orgs": PartyOrg, "ratings": OrgRating, "brands": PartyBrand, "reviews": CadreReview,
          "assessments": SecretaryAssessment, "excellent": ExcellentCadre, "sessions": TrainingSession,
          "attendance": TrainingAttendance, "weak": WeakDesignation}
ENTITIES = {"orgs": "party-org", "ratings": "org-rating", "brands": "party-brand", "reviews": "cadre-review",
            "assessments": "assessment", "excellent": "excellent-cadre", "sessions": "training",
            "attendance": "attendance", "weak": "weak-org"}
WEAK_CATEGORY = "组织建设"


def lookups(session: Session) -> dict[str, dict[str, int]]:
    """The codes a sheet may name: active villages, their active organisations, the training sessions."""
    session.flush()  # what session.execute would flush first
    conn = session.connection()  # Core rows: 20,000 villages read without the ORM's result machinery
    villages = dict(conn.execute(sa.select(Village.code, Village.id).where(Village.active)).all())
    orgs = dict(conn.execute(sa.select(Village.code, PartyOrg.id).join(PartyOrg, PartyOrg.village_id == Village.id)
                             .where(Village.active, PartyOrg.active)).all())
    sessions = dict(conn.execute(sa.select(TrainingSession.code, TrainingSession.id)).all())
    return {"villages": villages, "orgs": orgs, "sessions": sessions}


def parse(session: Session, kind: str, table: Table, cal: WorkingCalendar) -> list[Row]:
    return parse_sheet(table, spec(kind, **lookups(session), calendar=cal))


@dataclass(frozen=True)
class Loaded:
    """One sheet loaded: which ledger, what changed, the issues opened (weak-and-lax rectifications)."""

    kind: str
    synced: Synced
    issues: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.synced.as_dict(), "issues": list(self.issues)}


def load(session: Session, kind: str, table: Table, *, at: datetime, actor: str, policy: IssuePolicy) -> Loaded:
    """Import one ledger's sheet: every bad cell named before anything is written; by natural key."""
    rows = parse(session, kind, table, policy.calendar)
    if kind == "weak":
        return _load_weak(session, table.path.name, rows, at=at, actor=actor, policy=policy)
    values = [r.values for r in rows]
    if kind == "reviews":
        values = _review_deadlines(rows, policy.calendar)
    model = MODELS[kind]
    key = spec(kind, villages={}, orgs={}, sessions={}).key
    synced = sync_by_key(session, model, values, key, at=at, actor=actor, entity=ENTITIES[kind])
    if kind == "reviews":
        _cancel_handled(session)
    return Loaded(kind, synced)


def _review_deadlines(rows: list[Row], cal: WorkingCalendar) -> list[dict[str, Any]]:
    """A found case's handling deadline: the sheet's (a working day) or 20 working days after the review."""
    out = []
    for _, v in rows:
        v = dict(v)
        if v["finding"] == ReviewFinding.clear:
            v["handle_by"] = None
        elif v["handle_by"] is None:
            v["handle_by"] = handle_deadline(v["reviewed_on"], cal)
        out.append(v)
    return out


def _cancel_handled(session: Session) -> None:
    """Handled cases are not reminded any more: their queued review notices are cancelled."""
    handled = sa.select(sa.literal("cadre-review:") + sa.cast(CadreReview.id, sa.String)).where(
        CadreReview.handled_on.is_not(None))
    t = OutboxMessage.__table__
    session.execute(sa.update(t).where(t.c.item.in_(handled), t.c.status == OutboxStatus.pending,
                                       t.c.rule.startswith("review-")).values(status=OutboxStatus.cancelled))


# ---- weak-and-lax organisations: designated, rectified as an issue, closed (销号) through the issue ----

@dataclass(frozen=True)
class OrgPlace:
    org_id: int
    name: str
    village_code: str
    village: str
    town_code: str
    town: str
    town_leader: str | None


def org_places(session: Session, org_ids: list[int] | None = None) -> dict[int, OrgPlace]:
    q = (sa.select(PartyOrg.id, PartyOrg.name, Village.code, Village.name, Town.code, Town.name, Town.leader_name)
         .join(Village, Village.id == PartyOrg.village_id).join(Town, Town.id == Village.town_id))
    if org_ids is not None:
        q = q.where(PartyOrg.id.in_(org_ids))
    return {r[0]: OrgPlace(*r) for r in session.execute(q)}


def _load_weak(session: Session, name: str, rows: list[Row], *, at: datetime, actor: str,
               policy: IssuePolicy) -> Loaded:
    cal, today = policy.calendar, at.astimezone(policy.tz).date()
    places = org_places(session, None if len(rows) > 500 else [r.values["org_id"] for r in rows])
    problems: list[Problem] = []
    values, issues = [], []
    deadlines: dict[tuple[date, int], date] = {}
    for n, v in rows:
        p = places[v["org_id"]]
        secretary = v["town_secretary"] or p.town_leader
        if not secretary:
            problems.append(Problem(f"{name} 第{n}行 “镇党委书记”", f"{p.town}在花名册中没有书记，请填写镇党委书记"))
        if v["designated_on"] > today:
            problems.append(Problem(f"{name} 第{n}行 “认定日期”", f"{v['designated_on']} 晚于今天（{today}）"))
        deadline = v["deadline"]  # a working day (the sheet's parser checked it)
        if deadline is None:  # counted once per (day, working days): a sheet repeats a few over thousands of rows
            due = (v["designated_on"], v["due_days"] or DEFAULT_RECTIFY_DAYS)
            deadline = deadlines.get(due) or deadlines.setdefault(due, cal.add_working_days(*due))
        values.append({"org_id": v["org_id"], "year": v["year"], "designated_on": v["designated_on"],
                       "reasons": v["reasons"], "town_secretary": secretary or "",
                       "liaison_leader": v["liaison_leader"]})
        issues.append((n, p, v, secretary, deadline))
    if problems:
        raise InputError(f"{name} 有 {len(problems)} 处错误，未写入任何数据", problems)
    synced = sync_by_key(session, WeakDesignation, values, ("org_id", "year"), at=at, actor=actor,
                         entity=ENTITIES["weak"])
    opened: list[int] = []
    links: dict[tuple[int, int], tuple[int, date]] = {}  # (org, year) → (its issue, the deadline)
    for day in sorted({v["designated_on"] for _, _, v, _, _ in issues}):
        batch = [(n, p, v, s, d) for n, p, v, s, d in issues if v["designated_on"] == day]
        ids = open_issues(session, [_weak_issue(p, v, s, d) for _, p, v, s, d in batch], at=min(at, at_time(day)),
                          actor=actor, policy=policy, where=[f"{name} 第{n}行" for n, *_ in batch])
        links.update({(v["org_id"], v["year"]): (i, d) for i, (_, _, v, _, d) in zip(ids, batch, strict=True)})
        opened += ids
    _link_issues(session, links, at=at)
    return Loaded("weak", synced, tuple(opened))


def _weak_issue(p: OrgPlace, v: dict[str, Any], secretary: str | None, deadline: date) -> NewIssue:
    return NewIssue(title="软弱涣散党组织整顿", village=p.village_code, owner=f"town:{p.town_code}",
                    category=WEAK_CATEGORY, deadline=deadline, source="manual",
                    source_ref=f"party-weak:{v['org_id']}:{v['year']}",
                    description=f"{p.name}列为{v['year']}年软弱涣散党组织：{v['reasons']}。"
                                f"责任人：{p.town}党（工）委书记{secretary}；联系区领导：{v['liaison_leader']}")


def _link_issues(session: Session, links: dict[tuple[int, int], tuple[int, date]], *, at: datetime) -> None:
    """Link each designation not linked yet to its rectification issue and tell its district leader, once."""
    t = WeakDesignation.__table__
    unlinked = [(w, org, year, leader, sec, *links[(org, year)]) for w, org, year, leader, sec in session.execute(
        sa.select(t.c.id, t.c.org_id, t.c.year, t.c.liaison_leader, t.c.town_secretary).where(t.c.issue_id.is_(None)))
        if (org, year) in links]
    if not unlinked:
        return
    session.execute(sa.update(t).where(t.c.id == sa.bindparam("_id")).values(issue_id=sa.bindparam("_issue")),
                    [{"_id": u[0], "_issue": u[5]} for u in unlinked])
    places = org_places(session, None if len(unlinked) > 500 else [u[1] for u in unlinked])
    shown = {d: cn_date(d) for d in {u[6] for u in unlinked}}  # a few deadlines over thousands of designations
    enqueue(session, [Outgoing("leadership", f"party-weak:{w}", "weak-liaison", str(year), {
        "title": "软弱涣散党组织整顿",
        "text": f"【软弱涣散整顿】{places[org].name}列为{year}年软弱涣散党组织，由{places[org].town}"
                f"党（工）委书记{sec}负责整顿，联系区领导{leader}，整顿期限{shown[deadline]}（问题{issue}）"})
        for w, org, year, leader, sec, issue, deadline in unlinked], at=at)


# ---- qualification reviews: a found case handled (会商处理) ----

def handle_case(session: Session, review_id: int, *, handling: str, handled_on: date, at: datetime,
                actor: str) -> CadreReview:
    """Record how a found case was handled; its pending notices are cancelled."""
    r = session.get(CadreReview, review_id)
    if r is None:
        raise NotFound("没有这条任职资格审查记录", [Problem(f"审查编号 {review_id}", "台账中没有此编号")])
    problems = []
    if r.finding == ReviewFinding.clear:
        problems.append(Problem(f"审查编号 {review_id}", f"{r.cadre}审查结果为符合任职条件，无需会商处理"))
    if not handling.strip():
        problems.append(Problem("--handling", "请写明会商处理结果"))
    if handled_on < r.reviewed_on or handled_on > at.date():
        problems.append(Problem("--on", f"{handled_on} 应在审查日期（{r.reviewed_on}）与今天之间"))
    if problems:
        raise InputError("未记录会商处理", problems)
    before = "handled" if r.handled_on else "found"
    r.handling, r.handled_on = handling.strip(), handled_on
    session.add(r)
    session.flush()
    record_audit(session, at=at, actor=actor, entity="cadre-review", entity_id=str(r.id), action="handle",
                 from_state=before, to_state="handled", note=handling.strip())
    _cancel_handled(session)
    return r


def transfer_org(session: Session, from_village: str, to_village: str, *, at: datetime, actor: str,
                 reason: str | None = None) -> tuple[int | None, str]:
    """A village leaves the roster: its organisation moves to the village it merged into, or — when that village
    has its own — is closed into that one (merged_into). Returns (the organisation's id, 'moved' | 'merged' |
    'none'). Ratings, designations, reviews and brands keep their history with it."""
    codes = dict(session.execute(sa.select(Village.code, Village.id).where(Village.code.in_([from_village,
                                                                                             to_village]))).all())
    missing = [c for c in (from_village, to_village) if c not in codes]
    if missing:
        raise NotFound("村（社区）编码不存在", [Problem(c, "花名册中没有这个编码") for c in missing])
    src = session.execute(sa.select(PartyOrg).where(PartyOrg.village_id == codes[from_village])).scalar_one_or_none()
    if src is None or not src.active:
        return None, "none"
    dst = session.execute(sa.select(PartyOrg).where(PartyOrg.village_id == codes[to_village],
                                                    PartyOrg.active)).scalar_one_or_none()
    note = reason or f"{from_village}并入{to_village}"
    if dst is None:
        src.village_id = codes[to_village]
        action = "moved"
    else:
        src.active, src.merged_into_id, src.closed_reason = False, dst.id, note[:200]
        action = "merged"
    session.add(src)
    session.flush()
    record_audit(session, at=at, actor=actor, entity="party-org", entity_id=str(src.id), action="transfer",
                 from_state=from_village, to_state=to_village if action == "moved" else f"merged:{dst.id}", note=note)
    return src.id, action


def village_org(session: Session, village_id: int) -> int | None:
    """The id of the village's active party organisation, if it has one."""
    return session.scalar(sa.select(PartyOrg.id).where(PartyOrg.village_id == village_id, PartyOrg.active))


def dissolve_org(session: Session, village_id: int, *, at: datetime, actor: str, reason: str) -> int | None:
    """The village was abolished: its active party organisation is dissolved (撤销) with the reason — inactive,
    its ratings, designations, reviews and brands kept as history. Returns its id (None when it had none)."""
    org = session.execute(sa.select(PartyOrg).where(PartyOrg.village_id == village_id,
                                                    PartyOrg.active)).scalar_one_or_none()
    if org is None:
        return None
    org.active, org.closed_reason = False, reason[:200]
    session.add(org)
    session.flush()
    record_audit(session, at=at, actor=actor, entity="party-org", entity_id=str(org.id), action="dissolve",
                 from_state="active", to_state="dissolved", note=reason)
    return org.id
