"""The hundred-day campaign's operations (百日攻坚): one function per thing a user or the campaign cycle does,
each on a unit of work. CLI commands, the campaign flow and the demo call these and nothing below them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from adapters.sheets import Table
from config.errors import ConfigError, Problem
from config.settings import get_settings
from domain.calendar import working_calendar
from domain.campaign import cycle, milestones, progress
from domain.campaign.cycle import CampaignRun
from domain.campaign.milestones import CampaignStatus, MilestoneDate
from domain.campaign.progress import ProgressReport, ProgressRow

if TYPE_CHECKING:
    from config.ranking import CampaignConfig
    from domain.unit_of_work import UnitOfWork


def campaign_of(uow: UnitOfWork) -> CampaignConfig:
    """The district's campaign; a clear error when none is configured."""
    if uow.config.campaign is None:
        raise ConfigError("未配置百日攻坚行动", [Problem(str(get_settings().config_path),
                                                      "请在区配置中添加 [campaign] 表（start、milestones …）")])
    return uow.config.campaign


def campaign_milestones(uow: UnitOfWork) -> list[MilestoneDate]:
    """The campaign's milestones with their working-day due and reminder dates, in order."""
    return milestones.milestone_dates(campaign_of(uow), working_calendar(uow))


def record_progress(uow: UnitOfWork, village: str, item: str, *, done_on: date,
                    evidence: str | None = None) -> ProgressReport:
    """`campaign record`: a village (code or unambiguous name) did a checklist item (item or milestone key) on
    `done_on`; recorded (or changed) with an audit event, unchanged when it is already so."""
    return progress.record_progress(uow.session, campaign_of(uow),
                                    [ProgressRow("arguments", village, item, done_on, evidence)], at=uow.as_of,
                                    actor=uow.who, source="dudao campaign record")


class SheetWritten(NamedTuple):
    path: Path
    rows: int


def write_progress_sheet(uow: UnitOfWork, out: Path | None = None, *, town: str | None = None) -> SheetWritten:
    """`campaign sheet`: the progress sheet (a row per village and checklist item, prefilled with what is
    recorded) at `out`, default the outputs folder's campaign/攻坚进度表-<campaign>[-<town>].xlsx; one town's
    villages when `town` (code or name) is given."""
    campaign = campaign_of(uow)
    path = out or get_settings().outputs_dir / "campaign" / f"攻坚进度表-{campaign.campaign_key}" \
        f"{'-' + town if town else ''}.xlsx"
    return SheetWritten(*progress.write_campaign_sheet(uow.session, campaign, working_calendar(uow), path, town=town))


def import_progress_sheet(uow: UnitOfWork, table: Table) -> ProgressReport:
    """`campaign import`: load a filled-in progress sheet — all or nothing, every bad row reported by row and
    column; loading it again changes nothing."""
    rows = progress.parse_campaign_sheet(table)
    return progress.record_progress(uow.session, campaign_of(uow), rows, at=uow.as_of, actor=uow.who,
                                    source=table.path.name)


def campaign_status(uow: UnitOfWork, *, on: date | None = None) -> CampaignStatus:
    """`campaign status`: where every active village stands on `on` (default the unit of work's day)."""
    return milestones.campaign_status(uow.session, campaign_of(uow), working_calendar(uow), as_of=on or uow.today)


def run_campaign(uow: UnitOfWork, *, actor: str | None = None, outputs_dir: Path | None = None) -> CampaignRun:
    """One run of the campaign cycle at the unit of work's moment: reminders once each, an issue for each
    village that missed a milestone (opened by `actor`, default the acting user), the status, and after the last
    day the summary bulletin (under `outputs_dir`, default the outputs folder). Running it twice queues and raises
    nothing new."""
    campaign_of(uow)
    return cycle.run_campaign(uow.session, uow.config, working_calendar(uow), as_of=uow.as_of,
                              actor=actor or uow.who, outputs_dir=outputs_dir or get_settings().outputs_dir)
