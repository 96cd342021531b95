"""`dudao campaign record | sheet | import | status` — the hundred-day campaign (百日攻坚)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json

if TYPE_CHECKING:
    from config.ranking import CampaignConfig
    from domain.campaign import ProgressReport

app = typer.Typer(help="The hundred-day campaign (百日攻坚): progress, sheets, status.", no_args_is_help=True)


def _campaign() -> CampaignConfig:
    from cli import context
    from config.errors import ConfigError, Problem

    cfg = context.district()
    if cfg.campaign is None:
        raise ConfigError("no campaign is configured", [Problem(str(context.settings().config_path),
                                                                "add a [campaign] table (start, milestones …)")])
    return cfg.campaign


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
    from domain.campaign import ProgressRow, record_progress
    from models.db import require_schema, session_scope

    day = parse_date(done_on, "--done-on")
    with session_scope() as session:
        require_schema(session)
        report = record_progress(session, _campaign(), [ProgressRow("arguments", village, item, day, evidence)],
                                 at=context.now(), actor=context.actor(by), source="dudao campaign record")
    _print_report(report)
    if report.unchanged:
        say("already recorded: nothing changed")


@app.command("sheet")
def sheet(
    out: Annotated[Path | None, typer.Option(help="Where to write the .xlsx; default: the outputs folder.")] = None,
    town: Annotated[str | None, typer.Option(help="Only this town's villages (code or name).")] = None,
) -> None:
    """Write the progress sheet (a row per village and checklist item) for towns to fill in."""
    from cli import context
    from cli.output import say
    from domain.calendar import load_calendar
    from domain.campaign import write_campaign_sheet
    from models.db import require_schema, session_scope

    campaign = _campaign()
    path = out or context.settings().outputs_dir / "campaign" / f"攻坚进度表-{campaign.campaign_key}" \
        f"{'-' + town if town else ''}.xlsx"
    with session_scope() as session:
        require_schema(session)
        path, rows = write_campaign_sheet(session, campaign, load_calendar(session), path, town=town)
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
    from domain.campaign import parse_campaign_sheet, record_progress
    from models.db import require_schema, session_scope

    rows = parse_campaign_sheet(read_table(file))
    with session_scope() as session:
        require_schema(session)
        report = record_progress(session, _campaign(), rows, at=context.now(), actor=context.actor(by),
                                 source=file.name)
    if as_json:
        emit_json(report)
    else:
        _print_report(report)


def _print_report(report: ProgressReport) -> None:
    from cli.output import say

    say(f"{report.rows} rows: {report.created} recorded, {report.updated} changed, {report.unchanged} unchanged"
        + (f", {report.blank} blank" if report.blank else ""))


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
    from domain.calendar import load_calendar
    from domain.campaign import campaign_status
    from models.db import require_schema, session_scope

    day = parse_date(on, "--on") if on else context.now().date()
    with session_scope() as session:
        require_schema(session)
        st = campaign_status(session, _campaign(), load_calendar(session), as_of=day)
    if as_json:
        emit_json({**st.__dict__, "share_on_target": round(st.share_on_target, 4), "running": st.running})
        return
    print_status(st)
