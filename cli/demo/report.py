"""The demo's last step: the 2022 work report written from the ledger, with its charts and explain workbook."""

from __future__ import annotations

from datetime import datetime

from cli.demo.context import DemoContext
from config.dates import DISTRICT_TZ


def step_report(ctx: DemoContext) -> None:
    """2022年工作汇报：46个空位按定义从配置和台账填写，图表与溯源工作簿写在 outputs/report/。"""
    from cli.output import say
    from domain.report import SLOTS, compile_report, write_report

    SLOT_UNITS = {s.number: s.unit for s in SLOTS}

    season = ctx.cfg.demo.season if ctx.cfg.demo else 2022
    out_dir = ctx.settings.outputs_dir / "report"
    with ctx.work(datetime(season, 12, 31, 23, 59, tzinfo=DISTRICT_TZ)) as uow:
        rep = compile_report(uow, str(season))
        written = write_report(uow, rep, out=out_dir / f"work-report-{season}.docx",
                               explain=out_dir / f"work-report-{season}-explain.xlsx",
                               config_dir=ctx.config_path.parent)
    filled = 46 - len(rep.missing)
    say(f"{rep.title}：已填 {filled}/46 个空位" + (
        f"；无数据 {len(rep.missing)} 个（文中写作（无数据））：" + "、".join(f"#{s.slot}" for s in rep.missing)
        if rep.missing else "（名称取自配置，数字取自台账）"))
    for n in (3, 5, 6, 10, 12, 14, 15, 26, 29, 31, 34, 41, 45, 46):
        s = rep.slot(n)
        say(f"  #{n} {s.text}{'' if s.value is None else SLOT_UNITS.get(n, '')}  —— {s.definition}")
    ctx.look += [("work report 2022", str(written.docx)), ("work report (markdown)", str(written.markdown)),
                 ("report charts", ", ".join(str(p) for p in written.charts)),
                 ("report explain workbook", str(written.explain)),
                 ("report again", f".venv/bin/dudao report --period {season} --explain explain.xlsx")]
