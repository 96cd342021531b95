"""红黑榜 (ranking): the flow of every `ranking` cycle — the period's red/black list computed and published.

An `after:<inspection round>` cycle ranks that round (R<occurrence>); a scheduled one ranks the last
complete period of `[ranking].scheduled_period`. The body publishes once per period (a re-run leaves a
published list alone; a revoked one waits for a person) and leaves the lists as a table artifact.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow
from prefect.artifacts import create_table_artifact

from config.cycles import CycleKind
from config.settings import get_settings
from domain.cycle_runs import CycleOutcome
from domain.periods import period_for_run
from domain.ranking_publish import publish_for_cycle
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence


def body(session, cfg, calendar, occurrence, as_of) -> CycleOutcome:
    if not cfg.ranking.indicators:
        return CycleOutcome("未配置红黑榜指标（[ranking].indicators），本期不排名")
    follows = occurrence.follows and cfg.cycle(occurrence.follows).kind is CycleKind.inspection_round
    period = period_for_run(occurrence.date, follows_round=bool(follows), scheduled=cfg.ranking.scheduled_period)
    result = publish_for_cycle(session, cfg, period, calendar, as_of=as_of, outputs_dir=get_settings().outputs_dir,
                               actor=f"{cfg.cycle(occurrence.cycle).display_name}（自动）")
    details = ""
    if result.published:
        listed = [r for r in result.lists.ranked if r.listing in ("red", "black")]
        create_table_artifact(key=f"{artifact_key(occurrence.cycle, occurrence.date)}-lists", table=[
            {"榜单": r.board.value, "范围": r.group, "编码": r.code, "单位": r.name, "得分": r.score, "排名": r.rank,
             "结果": "红榜" if r.listing == "red" else "黑榜", "连续黑榜": r.streak or "",
             "原因/措施": "；".join(r.reasons)} for r in listed], description=result.summary[:500])
        details = (f"通报：{result.published.markdown}（.docx 同名）\n\n"
                   + result.published.markdown.read_text(encoding="utf-8").split("## 指标与权重")[0])
    return CycleOutcome(result.summary, details)


@flow(name="ranking", description="红黑榜", **CYCLE_FLOW)
def ranking(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 红黑榜 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
