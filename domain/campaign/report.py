"""The campaign in words (攻坚进度通报): the status as markdown (the flow's artifact, `campaign status`),
and the summary bulletin published once when the campaign is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from adapters.document import Document
from config.dates import DISTRICT_TZ, cn_date, cn_month_day
from domain.campaign.milestones import CampaignStatus
from domain.outbox import Outgoing, enqueue
from models.org import Town

OWNER_NAMES = {"town": "镇（街道）"}


def status_document(st: CampaignStatus, *, title: str | None = None, behind_limit: int = 20) -> Document:
    doc = Document(title or st.name)
    doc.para(f"截至{cn_date(st.as_of)}（{cn_month_day(st.start)}—{cn_month_day(st.end)}"
             f"{'，' + st.phase + '阶段' if st.phase else ''}）：{st.villages}个村（社区）中{st.on_target}个按期完成"
             f"已到期节点，占{st.share_on_target:.1%}；清单事项完成{st.items_done}/{st.items_total}项。")
    doc.heading("节点完成情况").table(["节点", "截止日期", "责任", "按期完成", "逾期完成", "未完成"], [
        [m.item, f"{m.due:%Y-%m-%d}" + ("（已到期）" if m.is_due else ""), OWNER_NAMES.get(m.owner, m.owner),
         m.done_on_time, m.done_late, m.not_done] for m in st.milestones])
    doc.heading("各镇（街道）").table(["镇（街道）", "村（社区）", "按期", "占比"], [
        [t.name, t.villages, t.on_target, f"{t.on_target / t.villages:.1%}"] for t in st.towns if t.villages])
    if st.behind:
        shown = st.behind[:behind_limit]
        doc.heading(f"未按期完成的村（社区）（{len(st.behind)}个）").table(
            ["镇（街道）", "编码", "村（社区）", "未按期完成的节点"],
            [[b.town, b.code, b.name, "、".join(b.missed)] for b in shown])
        if len(st.behind) > behind_limit:
            doc.para(f"其余{len(st.behind) - behind_limit}个见 dudao campaign status --json。")
    return doc


def status_markdown(st: CampaignStatus, *, title: str | None = None, behind_limit: int = 20) -> str:
    return status_document(st, title=title, behind_limit=behind_limit).markdown()


@dataclass(frozen=True)
class Summary:
    markdown: Path
    docx: Path
    queued: int


def publish_summary(session: Session, st: CampaignStatus, *, outputs_dir: Path, at: datetime) -> Summary:
    """The closing bulletin (百日攻坚总结通报): markdown and .docx, and one message to leadership and every town
    (outbox key <recipient>/campaign:<key>/campaign-summary/<key>: sent once however often it runs)."""
    doc = status_document(st, title=f"{st.name}总结通报", behind_limit=len(st.behind))
    folder = outputs_dir / "campaign"
    md, docx = doc.write_markdown(folder / f"{st.key}-总结通报.md"), doc.write_docx(folder / f"{st.key}-总结通报.docx")
    towns = session.execute(sa.select(Town.code).order_by(Town.code)).scalars().all()
    line = (f"【攻坚总结】{st.name}已于{cn_date(st.end)}结束：{st.villages}个村（社区）中"
            f"{st.on_target}个按期完成全部节点（{st.share_on_target:.1%}）。总结通报见附件。")
    not_before = max(at, datetime.combine(st.end, time(9, 0), DISTRICT_TZ))
    queued = len(enqueue(session, [
        Outgoing(rec, f"campaign:{st.key}", "campaign-summary", st.key,
                 {"title": f"{st.name}总结通报", "text": line, "attachments": [str(docx)]}, not_before)
        for rec in ["leadership", *(f"town:{c}" for c in towns)]], at=at))
    return Summary(md, docx, queued)
