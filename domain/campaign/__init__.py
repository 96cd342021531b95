"""The hundred-day campaign (百日攻坚): milestone dates on working days, progress recorded by CLI or sheet,
reminders once each, an issue per missed milestone, and the status report.
"""

from __future__ import annotations

from domain.campaign.cycle import run_campaign
from domain.campaign.milestones import (
    CampaignStatus,
    active_villages,
    campaign_status,
    completion_by_village,
    milestone_dates,
)
from domain.campaign.progress import (
    ProgressReport,
    ProgressRow,
    parse_campaign_sheet,
    record_progress,
    write_campaign_sheet,
)
from domain.campaign.report import status_markdown

__all__ = [
    "CampaignStatus",
    "ProgressReport",
    "ProgressRow",
    "active_villages",
    "campaign_status",
    "completion_by_village",
    "milestone_dates",
    "parse_campaign_sheet",
    "record_progress",
    "run_campaign",
    "status_markdown",
    "write_campaign_sheet",
]
