"""What the campaign sends and raises (攻坚提醒与督办): reminders before each milestone, once each, and one
issue per village that missed a milestone. Messages go through the outbox (idempotency key:
recipient / campaign:<key>:<milestone> / campaign-remind / <due date>), so a second run queues nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ, cn_date
from config.ranking import CampaignConfig
from domain.calendar import WorkingCalendar
from domain.campaign.milestones import VillageRef, active_villages, milestone_dates, progress
from domain.outbox import Outgoing
from models.campaign import CampaignMiss

REMIND_AT = time(9, 0)


def owner_tag(owner: str, village: VillageRef) -> str:
    """The audience tag that owns a milestone for a village: its town, or the configured department."""
    return f"town:{village.town_code}" if owner == "town" else owner


def due_reminders(session: Session, cfg: CampaignConfig, cal: WorkingCalendar, *, as_of: datetime,
                  horizon_days: int = 7, villages: list[VillageRef] | None = None,
                  done: dict[tuple[int, str], date] | None = None) -> list[Outgoing]:
    """Reminders for milestones whose reminder day falls before the next run (`horizon_days` ahead) and whose
    due day has not passed: to every active village that has not done the item, and to each owner a list
    of its villages not done. Each is held until its reminder day (09:00, not_before).
    `villages` (as active_villages) and `done` (as progress) are read when not given."""
    today = as_of.astimezone(DISTRICT_TZ).date()
    upcoming = [d for d in milestone_dates(cfg, cal)
                if d.remind_on <= today + timedelta(days=horizon_days) and d.due >= today]
    if not upcoming:
        return []
    done = progress(session, cfg.campaign_key) if done is None else done
    villages = active_villages(session) if villages is None else villages
    out: list[Outgoing] = []
    for d in upcoming:
        item = f"campaign:{cfg.campaign_key}:{d.key}"
        not_before = max(as_of, datetime.combine(d.remind_on, REMIND_AT, DISTRICT_TZ))
        pending: dict[str, list[VillageRef]] = {}
        for v in villages:
            if (v.id, d.key) in done:
                continue
            pending.setdefault(owner_tag(d.milestone.owner, v), []).append(v)
            out.append(Outgoing(f"village:{v.code}", item, "campaign-remind", d.due.isoformat(), {
                "title": f"{cfg.name}：{d.milestone.item}节点提醒",
                "text": f"【攻坚提醒】{v.town_name}{v.name}：请于{cn_date(d.due)}前完成“{d.milestone.item}”，"
                        "完成后报送完成日期和佐证材料。"}, not_before))
        for owner, vs in sorted(pending.items()):
            names = "、".join(f"{v.town_name}{v.name}" for v in vs[:30]) + (f"等{len(vs)}个" if len(vs) > 30 else "")
            out.append(Outgoing(owner, item, "campaign-remind", d.due.isoformat(), {
                "title": f"{cfg.name}：{d.milestone.item}节点提醒",
                "text": f"【攻坚提醒】“{d.milestone.item}”节点将于{cn_date(d.due)}到期，"
                        f"尚有{len(vs)}个村（社区）未完成：{names}。请督促按期完成。",
                "villages": [v.code for v in vs]}, not_before))
    return out


@dataclass(frozen=True)
class Missed:
    """攻坚节点逾期未完成: the issue to raise for one village and milestone."""

    village: VillageRef
    milestone: str
    item: str
    due: date
    owner: str  # audience tag

    @property
    def description(self) -> str:
        return f"百日攻坚“{self.item}”节点（{cn_date(self.due)}到期）逾期未完成"


def missed_milestones(session: Session, cfg: CampaignConfig, cal: WorkingCalendar, *, as_of: datetime,
                      villages: list[VillageRef] | None = None, done: dict[tuple[int, str], date] | None = None
                      ) -> list[Missed]:
    """Villages that had not done a milestone by the end of its due day and still have not (as of `as_of`),
    without an issue raised for it yet. `villages` (as active_villages) and `done` (as progress) are read
    when not given."""
    today = as_of.astimezone(DISTRICT_TZ).date()
    past = [d for d in milestone_dates(cfg, cal) if d.due < today]
    if not past:
        return []
    done = progress(session, cfg.campaign_key) if done is None else done
    raised = set(session.execute(sa.select(CampaignMiss.village_id, CampaignMiss.milestone)
                                 .where(CampaignMiss.campaign == cfg.campaign_key)).all())
    villages = active_villages(session) if villages is None else villages
    return [Missed(v, d.key, d.milestone.item, d.due, owner_tag(d.milestone.owner, v))
            for d in past for v in villages
            if (v.id, d.key) not in done and (v.id, d.key) not in raised]


def record_misses(session: Session, cfg: CampaignConfig, misses: list[Missed], issue_ids: list[int | None], *,
                  at: datetime) -> None:
    """Remember which issue each miss raised (unique per campaign, village and milestone: raised once)."""
    from models.db import bulk_insert

    bulk_insert(session, CampaignMiss, [
        {"campaign": cfg.campaign_key, "village_id": m.village.id, "milestone": m.milestone, "due_on": m.due,
         "owner": m.owner, "issue_id": issue_id, "at": at} for m, issue_id in zip(misses, issue_ids, strict=True)])
