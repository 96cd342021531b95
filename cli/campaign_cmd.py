"""`dudao campaign record | sheet | import | status` — the hundred-day campaign (百日攻坚)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json

if TYPE_CHECKING:
    from domain.campaign import ProgressReport

app = typer.Typer(help="百日攻坚行动：进度、进度表、状态。", no_args_is_help=True)


@app.command("record")
def record(
    village: Annotated[str, typer.Argument(help="村（社区）编码（或不重复的名称）。")],
    item: Annotated[str, typer.Argument(help="节点事项（项目开工 …）或节点 key。")],
    done_on: Annotated[str, typer.Option("--done-on", help="完成日期（YYYY-MM-DD）。")],
    evidence: Annotated[str | None, typer.Option(help="证明：文件或文号。")] = None,
    by: By = None,
) -> None:
    """记录某村（社区）已完成某个节点事项。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.campaign import record_progress

    day = parse_date(done_on, "--done-on")
    with context.work(None, by, acting=True) as uow:
        report = record_progress(uow, village, item, done_on=day, evidence=evidence)
    _print_report(report)
    if report.unchanged:
        say("已记录过：无变化")


@app.command("sheet")
def sheet(
    out: Annotated[Path | None, typer.Option(help="写出的 .xlsx；默认输出文件夹。")] = None,
    town: Annotated[str | None, typer.Option(help="只列这个镇街的村（社区）（编码或名称）。")] = None,
) -> None:
    """写出进度表（每个村（社区）和节点事项一行），供镇街填写。"""
    from cli import context
    from cli.output import say
    from domain.campaign import write_progress_sheet

    with context.work() as uow:
        path, rows = write_progress_sheet(uow, out, town=town)
    say(f"{path}：{rows} 行；请填写完成日期（及佐证材料），然后运行 `dudao campaign import {path}`")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="填好的进度表（.xlsx 或 .csv）。")],
    by: By = None,
    as_json: Json = False,
) -> None:
    """导入填好的进度表：全部导入或全部不导入，每个错误行都会列出。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json
    from cli.progress import shown
    from domain.campaign import import_progress_sheet

    table = read_table(file)
    with shown(as_json), context.work(None, by, acting=True) as uow:
        report = import_progress_sheet(uow, table)
    if as_json:
        emit_json(report)
    else:
        _print_report(report)


def _print_report(report: ProgressReport) -> None:
    from cli.output import say

    say(f"{report.rows} 行：新记录 {report.created}，变更 {report.updated}，未变 {report.unchanged}"
        + (f"，空白 {report.blank}" if report.blank else ""))


@app.command("status")
def status(
    on: Annotated[str | None, typer.Option("--on", help="截至这一天（YYYY-MM-DD）；默认今天。")] = None,
    as_json: Json = False,
) -> None:
    """百日攻坚进展：各节点、按期完成的村（社区）、按镇街统计，以及落后的单位。"""
    from cli import context
    from cli.campaign_view import print_status
    from cli.moments import parse_date
    from cli.output import emit_json
    from domain.campaign import campaign_status

    day = parse_date(on, "--on")
    with context.work() as uow:
        st = campaign_status(uow, on=day)
    if as_json:
        emit_json({**st.__dict__, "share_on_target": round(st.share_on_target, 4), "running": st.running})
        return
    print_status(st)
