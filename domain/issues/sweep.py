"""The deadline sweep (问题到期检查): every working day, queue every reminder and escalation stage that is due
and not yet queued, flag issues for the black list, and count the lights by town.

Set-based: there are few distinct deadlines, so the stages are computed per distinct deadline in Python
(working-day arithmetic) and each stage rule is one INSERT … SELECT … ON CONFLICT DO NOTHING over the
issues with the deadlines it is due for. The outbox key (recipient, issue, rule, deadline) makes a re-run,
a retried task or two sweeps at once queue each stage once; a skipped day is caught up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from domain.calendar import WorkingCalendar
from domain.issues.lights import local_day, overdue_by, yellow_until
from domain.issues.stages import OWNER, TOWN, Stage, deadline_stages, horizon, stage_name, verification_stages
from domain.outbox import KEY, send_window
from models.db import dialect_insert
from models.issues import Issue, IssueEvent, IssueFlag, IssueStatus
from models.org import Town, Village
from models.outbox import OutboxMessage, OutboxStatus

ACTIONABLE = (IssueStatus.open, IssueStatus.rectifying)
CHUNK = 4000  # ids per statement: well under SQLite's cap on bound parameters
LIGHT_COLUMNS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "frozen": "待验收"}


@dataclass
class SweepResult:
    as_of: datetime
    day: date
    not_before: datetime  # when the queued rows may go out (the next working morning in quiet hours)
    lights: dict[str, Counter] = field(default_factory=dict)  # town name → green/yellow/red/frozen counts
    queued: Counter = field(default_factory=Counter)  # by rule
    blacklisted: list[int] = field(default_factory=list)

    @property
    def queued_total(self) -> int:
        return sum(self.queued.values())

    def summary(self) -> str:
        """“24 条提醒入队（到期提醒 2、逾期通知 3…），1 个问题列入黑榜预警” for logs, artifacts and the CLI."""
        by_rule = "、".join(f"{stage_name(k)} {v}" for k, v in sorted(self.queued.items()))
        return (f"{self.queued_total} 条提醒入队" + (f"（{by_rule}）" if by_rule else "")
                + (f"，{len(self.blacklisted)} 个问题列入黑榜预警" if self.blacklisted else ""))


def run_sweep(session: Session, cfg: DistrictConfig, calendar: WorkingCalendar, as_of: datetime, *,
              actor: str = "问题到期检查") -> SweepResult:
    """Queue every due stage (reminders, due day, overdue, escalation ladder, verification), flag the
    black list, count lights. Never commits; idempotent for a given day."""
    rules = cfg.issues
    day = local_day(as_of, DISTRICT_TZ)
    result = SweepResult(as_of, day, send_window(cfg, calendar, DISTRICT_TZ).next_open(as_of))
    active = _active_filter(session)
    deadlines = session.scalars(sa.select(Issue.deadline).distinct().where(
        Issue.status.in_(ACTIONABLE), Issue.deadline < horizon(day, calendar, rules))).all()
    stages = [(d, s) for d in deadlines for s in deadline_stages(d, day, calendar, rules)]
    _queue(session, result, stages, Issue.deadline, ACTIONABLE, active)
    verify = session.scalars(sa.select(Issue.verify_deadline).distinct().where(
        Issue.status == IssueStatus.awaiting_verification, Issue.verify_deadline <= day)).all()
    _queue(session, result, [(d, s) for d in verify for s in verification_stages(d, day, calendar)],
           Issue.verify_deadline, (IssueStatus.awaiting_verification,), active)
    result.blacklisted = _flag_blacklist(session, cfg, calendar, day, deadlines, active, as_of, actor)
    result.lights = _count_lights(session, day, yellow_until(day, calendar, rules.warn_days), active)
    return result


def _active_filter(session: Session) -> sa.ColumnElement[bool]:
    """Inactive villages are not reminded (few of them: a literal list beats a join over every issue)."""
    inactive = session.scalars(sa.select(Village.id).where(Village.active.is_(False))).all()
    return sa.or_(Issue.village_id.is_(None), Issue.village_id.not_in(inactive)) if inactive else sa.true()


def _queue(session: Session, result: SweepResult, stages: list[tuple[date, Stage]], column, statuses,
           active) -> None:
    """One INSERT … SELECT per stage rule over the deadlines it is due for (an index search per deadline);
    the rows go in key order so the outbox's unique index grows at its end."""
    by_rule: dict[tuple[str, str], dict[date, int]] = defaultdict(dict)
    for d, stage in stages:
        by_rule[(stage.rule, stage.target)][d] = stage.days
    cols = OutboxMessage.__table__.c
    for (rule, target), days in by_rule.items():
        recipient = {OWNER: Issue.owner, TOWN: sa.literal("town:") + Town.code}.get(target, sa.literal(target))
        # the payload holds only what the stage adds; the issue's title, place and owner are read at delivery
        left = sa.case({d: n for d, n in days.items()}, value=column) if len(set(days.values())) > 1 \
            else sa.literal(next(iter(days.values())))
        select = (sa.select(recipient, sa.literal("issue:") + sa.cast(Issue.id, sa.String), sa.literal(rule),
                            sa.cast(column, sa.String), _json_object(session, days=left),
                            sa.literal(result.as_of, cols.created_at.type),
                            sa.literal(result.not_before, cols.not_before.type),
                            sa.literal(OutboxStatus.pending, cols.status.type), sa.literal(0))
                  .select_from(Issue).where(Issue.status.in_(statuses), column.in_(list(days)), active)
                  .order_by(Issue.id))
        if target == TOWN:
            select = select.join(Town, Town.id == Issue.town_id)
        insert = (dialect_insert(session)(OutboxMessage.__table__)
                  .from_select(["recipient", "item", "rule", "period", "payload", "created_at", "not_before",
                                "status", "attempts"], select)
                  .on_conflict_do_nothing(index_elements=KEY)
                  .execution_options(preserve_rowcount=True))  # an INSERT's rowcount is not kept by default
        result.queued[rule] += session.execute(insert).rowcount
    result.queued = +result.queued  # drop rules with nothing new


def _json_object(session: Session, **fields) -> sa.ColumnElement:
    fn = sa.func.json_object if session.get_bind().dialect.name == "sqlite" else sa.func.json_build_object
    return fn(*(x for k, v in fields.items() for x in (sa.literal(k), v)), type_=sa.JSON)


def _flag_blacklist(session: Session, cfg: DistrictConfig, calendar: WorkingCalendar, day: date,
                    deadlines: list[date], active, as_of: datetime, actor: str) -> list[int]:
    """Flag for the black list every issue the ladder's black-list step reached (once: IssueFlag's key)."""
    steps = [s for s in cfg.issues.escalation if s.blacklist]
    if not steps:
        return []
    threshold = min(s.overdue_days for s in steps)
    late = {d: n for d in deadlines if (n := overdue_by(d, day, calendar)) >= threshold}
    if not late:
        return []
    flags, issue, events = IssueFlag.__table__, Issue.__table__, IssueEvent.__table__
    overdue = sa.case(late, value=issue.c.deadline) if len(set(late.values())) > 1 else sa.literal(min(late.values()))
    flagged = sorted(session.scalars(
        dialect_insert(session)(flags).from_select(
            ["issue_id", "flagged_at", "overdue_days"],
            sa.select(issue.c.id, sa.literal(as_of, flags.c.flagged_at.type), overdue)
            .where(issue.c.status.in_(ACTIONABLE), issue.c.deadline.in_(list(late)), active).order_by(issue.c.id))
        .on_conflict_do_nothing(index_elements=["issue_id"]).returning(flags.c.issue_id)))
    note = sa.literal("逾期") + sa.cast(flags.c.overdue_days, sa.String) + f"个工作日（≥{threshold}），列入黑榜预警"
    for start in range(0, len(flagged), CHUNK):
        session.execute(sa.insert(events).from_select(
            ["issue_id", "at", "actor", "action", "from_status", "to_status", "note", "evidence"],
            sa.select(flags.c.issue_id, sa.literal(as_of, events.c.at.type), sa.literal(actor),
                      sa.literal("blacklist"), issue.c.status, issue.c.status, note,
                      sa.literal([], events.c.evidence.type))
            .join(issue, issue.c.id == flags.c.issue_id).where(flags.c.issue_id.in_(flagged[start:start + CHUNK]))))
    return flagged


def _count_lights(session: Session, day: date, yellow_before: date, active) -> dict[str, Counter]:
    bucket = sa.case((Issue.status == IssueStatus.awaiting_verification, "frozen"), (Issue.deadline < day, "red"),
                     (Issue.deadline < yellow_before, "yellow"), else_="green")
    # `town_id + 0`: no planner may group through the town index (a table read per row, ~10× slower than
    # scanning the covering sweep index), whatever ANALYZE says about the few values of status
    town = Issue.town_id + 0
    rows = session.execute(
        sa.select(town, bucket, sa.func.count())
        .where(Issue.status.in_((*ACTIONABLE, IssueStatus.awaiting_verification)), active)
        .group_by(town, bucket)).all()
    names = dict(session.execute(sa.select(Town.id, Town.name)).all())
    lights: dict[str, Counter] = defaultdict(Counter)
    for town_id, light, n in rows:
        lights[names[town_id]][light] += n
    return dict(sorted(lights.items()))


def sweep_table(result: SweepResult, *, delivered: int | None = None, retrying: int | None = None,
                failed: int | None = None) -> list[dict]:
    """The sweep run's table artifact: per town the lights; a 合计 row with the lights, the rows queued,
    the rows delivered, waiting to retry and failed (blank when there was no delivery)."""
    rows = [{"镇街": t, **{name: counts[key] for key, name in LIGHT_COLUMNS.items()},
             "本次入队": "", "已送达": "", "等待重试": "", "发送失败": ""} for t, counts in result.lights.items()]
    total = Counter()
    for counts in result.lights.values():
        total.update(counts)
    rows.append({"镇街": "合计", **{name: total[key] for key, name in LIGHT_COLUMNS.items()},
                 "本次入队": result.queued_total, "已送达": "" if delivered is None else delivered,
                 "等待重试": "" if retrying is None else retrying, "发送失败": "" if failed is None else failed})
    return rows
