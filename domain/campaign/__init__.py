"""The hundred-day campaign (百日攻坚): milestone dates on working days, progress recorded by CLI or sheet,
reminders once each, an issue per missed milestone, and the status report.
"""

from __future__ import annotations

from domain.campaign.cycle import CampaignRun
from domain.campaign.milestones import (
    Behind,
    CampaignStatus,
    MilestoneDate,
    active_villages,
    completion_by_village,
)
from domain.campaign.progress import Change, ProgressReport
from domain.campaign.report import status_markdown
from domain.campaign.use_cases import (
    SheetWritten,
    campaign_milestones,
    campaign_of,
    campaign_status,
    import_progress_sheet,
    record_progress,
    run_campaign,
    write_progress_sheet,
)

__all__ = [
    "Behind",
    "CampaignRun",
    "CampaignStatus",
    "Change",
    "MilestoneDate",
    "ProgressReport",
    "SheetWritten",
    "active_villages",
    "campaign_milestones",
    "campaign_of",
    "campaign_status",
    "completion_by_village",
    "import_progress_sheet",
    "record_progress",
    "run_campaign",
    "status_markdown",
    "write_progress_sheet",
]
