"""The hundred-day campaign (百日攻坚行动): milestone dates on working days, and where every village stands.

A milestone is due on the campaign's start date + its day offset, moved forward to the next working day
when that is a holiday or weekend (e.g. 2022-10-04, National Day, → Saturday 2022-10-08, a make-up
working day). Its reminder goes `remind_days_before` working days before that.
A village is *on target* when it did every milestone already due by its due date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from config.ranking import CampaignConfig, Milestone, Phase
from domain.calendar import WorkingCalendar
from models.campaign import CampaignProgress
from models.org import Town, Village


@dataclass(frozen=True)
class MilestoneDate:
    """攻坚节点: a milestone with its working-day due date and reminder date."""

    milestone: Milestone
    due: date
    remind_on: date
    scheduled: date  # start + day offset, before moving onto a working day
    reason: str | None  # why it moved (国庆节, 周末 …)

    @property
    def key(self) -> str:
        return self.milestone.key


def milestone_dates(cfg: CampaignConfig, cal: WorkingCalendar) -> list[MilestoneDate]:
    out = []
    for m in sorted(cfg.milestones, key=lambda m: m.day):
        scheduled = cfg.start + timedelta(days=m.day)
        due = cal.next_working_day(scheduled, include=True)
        reason = cal.day(scheduled).reason if due != scheduled else None
        out.append(MilestoneDate(m, due, cal.subtract_working_days(due, m.remind_days_before), scheduled, reason))
    return out


def phase_on(cfg: CampaignConfig, d: date) -> Phase | None:
    day = (d - cfg.start).days
    return next((p for p in cfg.phases if p.start_day <= day <= p.end_day), None)


@dataclass(frozen=True)
class VillageRef:
    id: int
    code: str
    name: str
    town_code: str
    town_name: str


def active_villages(session: Session) -> list[VillageRef]:
    """Every active village with its town, ordered by town and village code (the one reader of the roster
    that the campaign and the ranking share)."""
    rows = session.execute(
        sa.select(Village.id, Village.code, Village.name, Town.code, Town.name).join(Town, Town.id == Village.town_id)
        .where(Village.active).order_by(Town.code, Village.code)).all()
    return [VillageRef(*r) for r in rows]


def progress(session: Session, campaign: str) -> dict[tuple[int, str], date]:
    """(village id, milestone key) → the day it was done."""
    rows = session.execute(sa.select(CampaignProgress.village_id, CampaignProgress.milestone, CampaignProgress.done_on)
                           .where(CampaignProgress.campaign == campaign)).all()
    return {(v, m): d for v, m, d in rows}


@dataclass
class MilestoneStatus:
    key: str
    item: str
    due: date
    owner: str
    is_due: bool  # its due date is on or before the as-of date
    done_on_time: int = 0
    done_late: int = 0
    not_done: int = 0


@dataclass
class TownStatus:
    code: str
    name: str
    villages: int = 0
    on_target: int = 0


class Behind(NamedTuple):
    """A village that has not done every milestone already due by its due date, and those it missed."""

    town: str
    code: str
    name: str
    missed: list[str]


@dataclass
class CampaignStatus:
    """攻坚进度: the campaign as of a day."""

    key: str
    name: str
    start: date
    end: date
    as_of: date
    phase: str | None
    villages: int
    on_target: int
    items_done: int
    items_total: int
    milestones: list[MilestoneStatus] = field(default_factory=list)
    towns: list[TownStatus] = field(default_factory=list)
    behind: list[Behind] = field(default_factory=list)

    @property
    def share_on_target(self) -> float:
        return self.on_target / self.villages if self.villages else 0.0

    @property
    def running(self) -> bool:
        return self.start <= self.as_of <= self.end


def campaign_status(session: Session, cfg: CampaignConfig, cal: WorkingCalendar, *, as_of: date,
                    villages: list[VillageRef] | None = None, done: dict[tuple[int, str], date] | None = None
                    ) -> CampaignStatus:
    """Where every active village stands on `as_of` (one query for the villages, one for the progress, unless
    the caller read them already: `villages` as active_villages, `done` as progress)."""
    dates = milestone_dates(cfg, cal)
    villages = active_villages(session) if villages is None else villages
    done = progress(session, cfg.campaign_key) if done is None else done
    phase = phase_on(cfg, as_of)
    status = CampaignStatus(cfg.campaign_key, cfg.name, cfg.start, cfg.end, as_of, phase.name if phase else None,
                            len(villages), 0, 0, len(villages) * len(dates))
    ms = [MilestoneStatus(d.key, d.milestone.item, d.due, d.milestone.owner, d.due <= as_of) for d in dates]
    towns: dict[str, TownStatus] = {}
    for v in villages:
        town = towns.setdefault(v.town_code, TownStatus(v.town_code, v.town_name))
        town.villages += 1
        missed = []
        for d, m in zip(dates, ms, strict=True):
            done_on = done.get((v.id, d.key))
            if done_on is not None and done_on <= as_of:
                status.items_done += 1
                if done_on <= d.due:
                    m.done_on_time += 1
                else:
                    m.done_late += 1
            else:
                m.not_done += 1
            if m.is_due and (done_on is None or done_on > d.due):
                missed.append(d.milestone.item)
        if not missed:
            status.on_target += 1
            town.on_target += 1
        else:
            status.behind.append(Behind(v.town_name, v.code, v.name, missed))
    status.milestones = ms
    status.towns = sorted(towns.values(), key=lambda t: t.code)
    return status


def completion_by_village(session: Session, cfg: CampaignConfig, cal: WorkingCalendar, *, until: date,
                          village_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """Village id → (milestones due by `until` done by their due date, milestones due by `until`), for
    `village_ids` (default: read the active villages). Empty when nothing is due yet: the
    campaign_completion indicator then has no data."""
    due = [d for d in milestone_dates(cfg, cal) if d.due <= until]
    if not due:
        return {}
    done = progress(session, cfg.campaign_key)
    ids = [v.id for v in active_villages(session)] if village_ids is None else village_ids
    out: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for vid in ids:
        hits = sum(1 for d in due if (x := done.get((vid, d.key))) is not None and x <= d.due)
        out[vid] = (hits, len(due))
    return dict(out)
