"""`dudao campaign record | sheet | import | status` — the hundred-day campaign (百日攻坚)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json

if TYPE_CHECKING:
    from domain.campaign import ProgressReport

app = typer.Typer(help="The hundred-day campaign (百日攻坚): progress, sheets, status.", no_args_is_help=True)


@app.command("record")
def record(
    village: Annotated[str, typer.Argument(help="The village's code (or its unambiguous name).")],
    item: Annotated[str, typer.Argument(help="The checklist item (项目开工 …) or the milestone key.")],
    done_on: Annotated[str, typer.Option("--done-on", help="The day it was done (YYYY-MM-DD).")],
    evidence: Annotated[str | None, typer.Option(help="What proves it: a file, a document number.")] = None,
    by: By = None,
) -> None:
    """Record that a village has done a checklist item."""
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
    out: Annotated[Path | None, typer.Option(help="Where to write the .xlsx; default: the outputs folder.")] = None,
    town: Annotated[str | None, typer.Option(help="Only this town's villages (code or name).")] = None,
) -> None:
    """Write the progress sheet (a row per village and checklist item) for towns to fill in."""
    from cli import context
    from cli.output import say
    from domain.campaign import write_progress_sheet

    with context.work() as uow:
        path, rows = write_progress_sheet(uow, out, town=town)
    say(f"{path}: {rows} rows; fill in 完成日期 (and 佐证材料), then `dudao campaign import {path}`")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A filled-in progress sheet (.xlsx or .csv).")],
    by: By = None,
    as_json: Json = False,
) -> None:
    """Load a filled-in progress sheet: all or nothing, every bad row reported."""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json
    from domain.campaign import import_progress_sheet

    table = read_table(file)
    with context.work(None, by, acting=True) as uow:
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
    on: Annotated[str | None, typer.Option("--on", help="As of this day (YYYY-MM-DD); default today.")] = None,
    as_json: Json = False,
) -> None:
    """Where the campaign stands: milestones, villages on target, by town, and who is behind."""
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
