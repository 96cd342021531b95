"""百日攻坚 (campaign): the flow of every `campaign` cycle — reminders before each milestone, an issue for each
village that missed one, the progress (share of villages on target) as a Prefect progress artifact and the
status as markdown, and after the last day the summary bulletin. Rules in domain/campaign/.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_progress_artifact

from config.links import page
from domain.campaign import run_campaign, status_markdown
from domain.cycles import CycleOutcome
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence


def body(uow, occurrence) -> CycleOutcome:
    cfg = uow.config
    if cfg.campaign is None:
        return CycleOutcome("未配置百日攻坚（[campaign]），本次不执行")
    done = run_campaign(uow, actor=f"{cfg.cycle(occurrence.cycle).display_name}（自动）")
    create_progress_artifact(progress=round(100 * done.status.share_on_target, 1),
                             key=f"{artifact_key(occurrence.cycle, occurrence.date)}-progress",
                             description=f"{cfg.campaign.name}：按期完成已到期节点的村（社区）占比")
    return CycleOutcome(done.text, f"{status_markdown(done.status)}\n\n- 查看：{page('百日攻坚进度', 'campaign')}")


@flow(name="campaign", description="百日攻坚", **CYCLE_FLOW)
def campaign(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 百日攻坚 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
