"""`dudao issues export | import | sweep`: the ledger as a spreadsheet, and the deadline sweep without Prefect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.issues_cmd import Light, Owner, Source, Status, Town, Village
from cli.options import AsOf, By, Json


def export(out: Annotated[Path, typer.Option("--out", help="The .xlsx to write.")], town: Town = None,
           village: Village = None, owner: Owner = None, status: Status = None, light: Light = None,
           source: Source = None, as_of: AsOf = None) -> None:
    """Write the 问题台账 as a print-ready .xlsx (one row per issue, its light and history)."""
    from cli import context
    from cli.output import say
    from domain.issues import Filters, export_issues

    with context.work(as_of) as uow:
        written = export_issues(uow, Filters(town, village, owner, status, light, source), out)
    say(f"已写出 {written} 个问题：{out}")


def import_(file: Annotated[Path, typer.Argument(help="A filled-in 问题台账 (.xlsx/.csv).")], as_of: AsOf = None,
            by: By = None, as_json: Json = False) -> None:
    """Open new issues (rows without 编号) and apply status changes and edits; all or nothing."""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.issues import import_issues

    table = read_table(file)
    with context.work(as_of, by, acting=True) as uow:
        report = import_issues(uow, table)
    if as_json:
        emit_json(report)
        return
    say(f"{file}：新交办 {len(report.opened)} 个，变更 {len(report.changed)} 个，未变 {report.unchanged} 个"
        + (f", {len(report.already)} opened by an earlier import of this sheet (not again)" if report.already else ""))
    for issue_id, done in report.changed.items():
        say(f"  问题 {issue_id}：{'、'.join(done)}")



def sweep(
    as_of: AsOf = None,
    deliver: Annotated[bool, typer.Option("--deliver/--no-deliver", help="Also deliver what is due.")] = True,
    as_json: Json = False,
) -> None:
    """Run the deadline sweep (the `deadline-sweep` cycle) without Prefect: queue every due reminder and
    escalation, flag the black list, then deliver (unless --no-deliver). Prints the run's table."""
    from cli import context
    from cli.notify_cmd import delivery_json, print_delivery
    from cli.output import emit_json, say, table
    from domain.issues import sweep_deadlines, sweep_table
    from domain.outbox import deliver_outbox

    with context.work(as_of) as uow:
        when = uow.as_of
        result = sweep_deadlines(uow)
        report = deliver_outbox(uow) if deliver else None
    rows = sweep_table(result, delivered=report.delivered if report else None,
                       retrying=report.retrying if report else None, failed=report.failed if report else None)
    if as_json:
        emit_json({"as_of": when, "queued": dict(result.queued), "blacklisted": result.blacklisted, "table": rows,
                   "delivery": delivery_json(report)})
        return
    say(f"问题到期检查 {when:%Y-%m-%d %H:%M}: {result.summary()}")
    table(None, list(rows[0]), [list(r.values()) for r in rows])
    if report is not None:
        print_delivery(report)


def register(app: typer.Typer) -> None:
    """Add these commands to `dudao issues`."""
    app.command("export")(export)
    app.command("import")(import_)
    app.command("sweep")(sweep)
