"""One run of the campaign cycle (百日攻坚调度): reminders, missed milestones → issues, status, summary.

Idempotent: reminders are keyed in the outbox, a miss is remembered in CampaignMiss, the summary's
messages are keyed — running twice queues and raises nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.district import DistrictConfig
from domain.calendar import WorkingCalendar
from domain.campaign.milestones import CampaignStatus, VillageRef, active_villages, campaign_status, progress
from domain.campaign.notices import due_reminders, missed_milestones, record_misses
from domain.campaign.report import Summary, publish_summary
from domain.issues import IssuePolicy, NewIssue, open_issues
from domain.outbox import enqueue
from models.issues import IssueSource

CATEGORY = "项目建设"


@dataclass(frozen=True)
class CampaignRun:
    status: CampaignStatus
    reminders_queued: int
    issues_raised: int
    summary: Summary | None

    @property
    def text(self) -> str:
        st = self.status
        parts = [f"{st.as_of}：{st.on_target}/{st.villages}个村（社区）按期（{st.share_on_target:.1%}）",
                 f"提醒{self.reminders_queued}条", f"逾期节点立问题{self.issues_raised}个"]
        if self.summary:
            parts.append(f"总结通报 {self.summary.markdown.name}")
        return "；".join(parts)


def run_campaign(session: Session, cfg: DistrictConfig, cal: WorkingCalendar, *, as_of: datetime, actor: str,
                 outputs_dir: Path, horizon_days: int = 7) -> CampaignRun:
    """Everything one campaign run does, in the caller's unit of work. The active villages and the progress
    are read once (the status always needs them; nothing in the run changes them) and shared."""
    campaign = cfg.campaign
    assert campaign is not None, "the config loader refuses a campaign cycle without a [campaign] table"
    villages, done = active_villages(session), progress(session, campaign.campaign_key)
    queued = len(enqueue(session, due_reminders(session, campaign, cal, as_of=as_of, horizon_days=horizon_days,
                                                villages=villages, done=done), at=as_of))
    raised = raise_missed(session, cfg, cal, as_of=as_of, actor=actor, villages=villages, done=done)
    today = as_of.astimezone(DISTRICT_TZ).date()
    status = campaign_status(session, campaign, cal, as_of=min(today, campaign.end), villages=villages, done=done)
    summary = publish_summary(session, status, outputs_dir=outputs_dir, at=as_of) if today > campaign.end else None
    return CampaignRun(status, queued, raised, summary)


def raise_missed(session: Session, cfg: DistrictConfig, cal: WorkingCalendar, *, as_of: datetime, actor: str,
                 villages: list[VillageRef] | None = None, done: dict[tuple[int, str], date] | None = None) -> int:
    """One issue (source campaign) for each village that missed a milestone, owned by the milestone's owner;
    CampaignMiss and the issue's source_ref campaign:<key>:<village>:<milestone> make it once.
    `villages` and `done` as for missed_milestones (read when not given)."""
    campaign = cfg.campaign
    assert campaign is not None
    misses = missed_milestones(session, campaign, cal, as_of=as_of, villages=villages, done=done)
    if not misses:
        return 0
    ref = f"campaign:{campaign.campaign_key}"
    ids = open_issues(session, [
        NewIssue(title=m.description, village=m.village.code, owner=m.owner, category=CATEGORY,
                 source=IssueSource.campaign, source_ref=f"{ref}:{m.village.code}:{m.milestone}",
                 description=f"{campaign.name}：{m.village.town_name}{m.village.name}{m.description}，请责任单位督促整改。")
        for m in misses], at=as_of, actor=actor, policy=IssuePolicy(cfg.issues, cal),
        where=[f"campaign {m.village.code} {m.milestone}" for m in misses])
    record_misses(session, campaign, misses, list(ids), at=as_of)
    return len(misses)
