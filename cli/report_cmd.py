"""`dudao report` — the work report (工作汇报) of a year, or the brief (季度调度) of a quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import Json


def report(
    period: Annotated[str, typer.Option("--period", help="报告期：2022（年度工作汇报）或 2022-Q4（季度调度简报）。")],
    as_of: Annotated[str | None, typer.Option("--as-of", help=(
        "统计截至：2022-10-20（含当天）或 2022-10-20T15:30；默认为报告期末（报告期未结束时为现在）。"))] = None,
    out: Annotated[Path | None, typer.Option("--out", help=(
        "报告 .docx 文件（同名 .md 与图表 PNG 写在旁边）；"
        "默认 <DUDAO_HOME>/outputs/work-report-<报告期>.docx。"))] = None,
    explain: Annotated[Path | None, typer.Option("--explain", help=(
        "另写一个 .xlsx 溯源工作簿：索引表（每个空位的定义、文中写法、精确值）和每个数字背后的明细行。"))] = None,
    as_json: Json = False,
) -> None:
    """按台账编写工作汇报：种子汇报的46个空位逐一按定义填写（名称取自配置，数字取自台账），附图表；无数据的空位写（无数据）并列出。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.calendar import parse_period
    from domain.report import compile_report, write_report

    chosen = parse_period(period)
    when = _as_of(as_of, chosen)
    cfg = context.district()
    with context.work(when) as uow:
        rep = compile_report(uow, chosen)
        written = None
        if not as_json or out or explain:
            kind = "work-report" if rep.yearly else "work-brief"
            target = out or context.settings().outputs_dir / f"{kind}-{chosen.key}.docx"
            if target.suffix.lower() != ".docx":
                from config.errors import InputError, Problem

                raise InputError("报告文件应为 .docx", [Problem("--out", f"{target}：请给出以 .docx 结尾的文件名")])
            if explain is not None and explain.suffix.lower() != ".xlsx":
                from config.errors import InputError, Problem

                raise InputError("溯源工作簿应为 .xlsx",
                                 [Problem("--explain", f"{explain}：请给出以 .xlsx 结尾的文件名")])
            written = write_report(uow, rep, out=target, explain=explain,
                                   config_dir=context.settings().config_path.parent)
    if as_json:
        emit_json([s.as_json() for s in rep.slots])
        return
    say(f"{rep.title}（{rep.period.label}，统计截至{_moment(rep.as_of)}）")
    say(f"  报告：{written.docx}")
    say(f"  文本：{written.markdown}")
    for png in written.charts:
        say(f"  图表：{png}")
    if written.explain:
        say(f"  溯源：{written.explain}")
    figures = [s for s in rep.slots if s.kind.value == "figure"]
    say(f"  已填 {46 - len(rep.missing)}/46 个空位（数字 {sum(1 for s in figures if s.value is not None)}/"
        f"{len(figures)}）；区：{cfg.district.name}")
    if rep.missing:
        say(f"  无数据的空位（文中写作（无数据））：{len(rep.missing)}个")
        for s in rep.missing:
            say(f"    #{s.slot} {s.definition}" + (f"——{s.note}" if s.note else ""))


def _as_of(text: str | None, period):
    """A date alone counts that whole day; no --as-of: the end of the period, or now while it runs."""
    from datetime import datetime, time, timedelta

    from cli import context
    from cli.moments import moment, parse_date
    from config.dates import DISTRICT_TZ

    def end_of(day):
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=DISTRICT_TZ) - timedelta(microseconds=1)

    if text is None:
        return min(end_of(period.end), context.now())
    if "T" not in text and ":" not in text:
        return end_of(parse_date(text, "--as-of"))
    return moment(text)


def _moment(at) -> str:
    from config.dates import cn_date

    return cn_date(at.date()) + ("" if (at.hour, at.minute) == (23, 59) else f" {at:%H:%M}")
