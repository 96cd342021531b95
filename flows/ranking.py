"""红黑榜 (ranking): the flow of every `ranking` cycle — the period's red/black list computed and published.

An `after:<inspection round>` cycle ranks that round (R<occurrence>); a scheduled one ranks the last
complete period of `[ranking].scheduled_period`. The body publishes once per period (a re-run leaves a
published list alone; a revoked one waits for a person) and leaves the lists as a table artifact.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from config.links import document, page
from config.ranking import BOARD_NAMES
from domain.calendar import parse_period
from domain.cycles import CycleOutcome
from domain.outbox import deliver_outbox, delivery_summary
from domain.ranking import Lists, Published, cycle_period, publish_for_cycle
from domain.ranking import publish_period as publish_lists  # the use case; this module's publish_period is the flow
from flows.cycle import CYCLE_FLOW, artifact_key, run_occurrence
from flows.work import flow_work


def body(uow, occurrence) -> CycleOutcome:
    cfg = uow.config
    if not cfg.ranking.indicators:
        return CycleOutcome("未配置红黑榜指标（[ranking].indicators），本期不排名")
    result = publish_for_cycle(uow, cycle_period(cfg, occurrence),
                               actor=f"{cfg.cycle(occurrence.cycle).display_name}（自动）")
    details = ""
    if result.published:
        lists_artifact(f"{artifact_key(occurrence.cycle, occurrence.date)}-lists", result.lists, result.summary)
        details = bulletin_excerpt(result.published)
    return CycleOutcome(result.summary, details)


def lists_artifact(key: str, lists: Lists, summary: str) -> None:
    """The red and black units with their reasons, as the run's table artifact."""
    listed = [r for r in lists.ranked if r.listing in ("red", "black")]
    create_table_artifact(key=key, description=summary[:500], table=[
        {"榜单": BOARD_NAMES[r.board], "范围": r.group, "编码": r.code, "单位": r.name, "得分": r.score,
         "排名": r.rank, "结果": "红榜" if r.listing == "red" else "黑榜", "连续黑榜": r.streak or "",
         "原因/措施": "；".join(r.reasons)} for r in listed])


def bulletin_excerpt(published: Published) -> str:
    text = published.markdown.read_text(encoding="utf-8").split("## 指标与权重")[0]
    return (f"通报：{document(published.markdown.with_suffix('.docx'))}（Word）、{document(published.markdown)}"
            f"（Markdown）；{page('红黑榜', 'ranking', period=published.snapshot.period)}\n\n{text}")


@flow(name="ranking-publish", description="红黑榜发布（手动）", flow_run_name="ranking-publish-{period}")
def publish_period(period: str, as_of: datetime, actor: str, reason: str | None = None) -> dict:
    """`dudao ranking publish`: compute and publish one period's lists as a flow run, with its table artifact
    and the bulletin as a markdown artifact; what is due in the outbox goes out."""
    p = parse_period(period)
    at = datetime.now(as_of.tzinfo)
    with flow_work(at, actor=actor) as uow:
        out = publish_lists(uow, p, reason=reason, data_as_of=as_of)
        summary = out.summary
        key = f"ranking-publish-{p.key}".lower()
        lists_artifact(f"{key}-lists", out.lists, summary)
        create_markdown_artifact(key=key, markdown=bulletin_excerpt(out.published), description=summary[:500])
        report = deliver_outbox(uow)
    get_run_logger().info("%s; %s", summary, delivery_summary(report))
    return {"period": p.key, "version": out.snapshot.version, "markdown": str(out.markdown), "docx": str(out.docx),
            "messages_queued": out.queued, "summary": summary}


@flow(name="ranking", description="红黑榜", **CYCLE_FLOW)
def ranking(
    cycle: str, occurrence: date | None = None, as_of: datetime | None = None, rerun: bool = False
) -> str:
    """One occurrence of a 红黑榜 cycle: guard, record, body, artifact."""
    return run_occurrence(cycle, occurrence, as_of, rerun, body)
