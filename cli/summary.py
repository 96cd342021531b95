"""The district summary printed by `dudao init` and the demo."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.roster import DistrictSummary


def print_summary(s: DistrictSummary) -> None:
    """Print what `domain.roster.district_summary` found."""
    from cli.output import say, table, yuan_wan

    say(f"[bold]{s.district}[/bold]: {s.towns} 个镇、{s.subdistricts} 个街道；"
        f"{s.villages + s.communities} 个村（社区）在册（村 {s.villages}、社区 {s.communities}"
        + (f"，另有 {s.inactive} 个已撤并" if s.inactive else "") + "）")
    rows = []
    for b in (s.previous_income, s.income):
        if not b.reported:
            continue
        rows.append([f"{b.year}年", b.reported, yuan_wan(b.total_yuan),
                     *(f"{b.at_least[t]}（{b.share(t):.1%}）" for t in sorted(b.at_least)),
                     b.below_floor])
    thresholds = sorted(s.income.at_least)
    table("村级集体经济收入", ["年度", "已填报", "合计",
                             *(f"≥{t // 10_000}万元" for t in thresholds),
                             f"低于{s.income.floor_yuan // 10_000}万元底线"], rows)
    if s.targets:
        table("三年规划目标", ["年度", "村（社区）", "目标合计"],
              [[f"{y}年", t.villages, yuan_wan(t.total_yuan)] for y, t in sorted(s.targets.items())])
    say(f"督导组 {len(s.teams)} 个：" + "、".join(s.teams))
    say(f"成员单位 {len(s.departments)} 个：" + "、".join(s.departments))
    table("周期", ["键", "名称", "触发"], s.cycles)
