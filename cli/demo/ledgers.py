"""Demo step: the example district's support projects and contract clean-up of 2022, loaded through the real
imports on 2022-11-30 (config/examples/projects.xlsx and contracts.xlsx, written by make_ledgers.py), the
day's pass (milestone reminders, a missed milestone's issue, review reminders), the year's figures, and a second
load that changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

DAY = datetime(2022, 11, 30, 10, 0, tzinfo=DISTRICT_TZ)


def step_ledgers(ctx: DemoContext) -> None:
    """扶持项目与合同清理: import both sheets, sweep, show the figures the year's report uses."""
    from adapters.sheets import read_table
    from cli.demo.context import EXAMPLES
    from cli.output import say, table, yuan_wan
    from domain.contracts import contract_figures, import_contracts, sweep_contracts
    from domain.projects import import_projects, list_projects, project_figures, sweep_projects

    projects, contracts = read_table(EXAMPLES / "projects.xlsx"), read_table(EXAMPLES / "contracts.xlsx")
    with ctx.work(DAY) as uow:
        p = import_projects(uow, projects)
        c = import_contracts(uow, contracts)
    say(f"2022-11-30 导入 projects.xlsx：{p.rows} 行，{len(p.created)} 个项目；contracts.xlsx：{c.rows} 份合同，"
        f"整改问题交办 {len(c.issues_opened)} 个（其中 {len(c.issues_closed)} 个已整改销号）")
    with ctx.work(DAY, actor="dudao:deadline-sweep") as uow:
        ps, cs = sweep_projects(uow), sweep_contracts(uow)
    say(f"当日检查：{ps.text}；{cs.text}")
    with ctx.work(DAY.replace(hour=15), actor="dudao:deadline-sweep") as uow:
        ps2, cs2 = sweep_projects(uow), sweep_contracts(uow)
        p2, c2 = import_projects(uow, projects), import_contracts(uow, contracts)
    say(f"同日 15:00 再次检查并再次导入：提醒 {ps2.reminders_queued + cs2.reminders_queued} 条、"
        f"问题 {len(ps2.issues_raised)} 个；项目未变 {p2.unchanged} 个、合同未变 {c2.unchanged} 份（不重复写入）")
    with ctx.work(DAY) as uow:
        pf, cf = project_figures(uow, 2022), contract_figures(uow, 2022)
        kinds = {k.key: k.name for k in uow.config.projects.kinds}
        late = [r for r in list_projects(uow) if any(m["issue_id"] for m in r.milestones)]
    table("2022年扶持项目", ["类型", "项目", "年内计划建成", "受益村", "每村最低预计年收益", "已建成", "当年申报"],
          [[kinds.get(k, k), x.projects, x.due, x.villages_due, yuan_wan(x.min_expected_yuan), x.built, x.applied]
           for k, x in pf.kinds.items()])
    for r in late:
        m = next(m for m in r.milestones if m["issue_id"])
        say(f"  {r.name}：{m['name']}节点（计划{m['planned_on']}）逾期未完成 → 问题{m['issue_id']}，"
            f"责任单位{r.lead_name}")
    say(f"2022年合同清理：审查 {cf.reviewed} 份，认定不合规 {cf.non_compliant} 份，清理 {cf.cleaned} 份"
        f"（整改 {cf.rectified}、终止 {cf.terminated}），追回资金 {yuan_wan(cf.recovered_yuan)}，"
        f"年增收 {yuan_wan(cf.added_yuan_per_year)}")
    ctx.look += [("support projects", ".venv/bin/dudao projects list --as-of 2022-11-30"),
                 ("project figures", ".venv/bin/dudao projects figures --year 2022 --as-of 2022-11-30"),
                 ("contract clean-up", ".venv/bin/dudao contracts list --result 不合规 --as-of 2022-11-30"),
                 ("contract figures", ".venv/bin/dudao contracts figures --year 2022 --as-of 2022-11-30")]
