"""Printing the campaign's status for people (`dudao campaign status`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.campaign import CampaignStatus


def print_status(st: CampaignStatus, behind_limit: int = 10, towns: bool = True) -> None:
    from cli.output import say, table

    say(f"[bold]{st.name}[/bold]  {st.start} → {st.end}" + (f"  阶段：{st.phase}" if st.phase else ""))
    say(f"截至 {st.as_of}：{st.on_target}/{st.villages} 个村（社区）按期完成已到期节点（{st.share_on_target:.1%}），"
        f"清单事项完成 {st.items_done}/{st.items_total}")
    table("节点", ["节点", "截止日期", "责任", "按期", "逾期完成", "未完成"],
          [[m.item, f"{m.due}" + (" ✓到期" if m.is_due else ""), "镇（街道）" if m.owner == "town" else m.owner,
            m.done_on_time, m.done_late, m.not_done]
           for m in st.milestones])
    if towns:
        table("各镇（街道）", ["镇（街道）", "村（社区）", "按期", "占比"],
              [[t.name, t.villages, t.on_target, f"{t.on_target / t.villages:.0%}"] for t in st.towns if t.villages])
    if st.behind:
        say(f"未按期完成（{len(st.behind)}个）：" + "；".join(
            f"{b.town}{b.name}（{'、'.join(b.missed)}）" for b in st.behind[:behind_limit])
            + ("…" if len(st.behind) > behind_limit else ""))
