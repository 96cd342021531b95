"""`dudao roster import | show | deactivate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json, within
from config.limits import YEARS

if TYPE_CHECKING:
    from domain.roster import ImportReport

app = typer.Typer(help="Towns, villages, incomes, targets and secretaries (花名册).", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Roster .xlsx or .csv (Chinese or English headers).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")] = False,
    by: By = None,
    as_json: Json = False,
) -> None:
    """Import a roster: all or nothing, every bad row reported; re-importing changes nothing."""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.roster import import_roster

    roster = read_table(file)
    with context.work(by=by, acting=not dry_run, ledger="optional" if dry_run else "required") as uow:
        report = import_roster(uow, roster, dry_run=dry_run)
        held = {} if dry_run or not report.deactivated else _held(uow, report.deactivated)
    if dry_run:
        if as_json:
            emit_json({"file": str(file), "rows": report.rows, "valid": True})
        else:
            say(f"[green]ok[/green] {file}: {report.rows} rows valid; nothing written (--dry-run)")
        return
    if as_json:
        emit_json(report)
    else:
        print_import_report(report)
    if held:
        from cli.output import warn

        warn("以下停用的村（社区）仍有未办结事项，请用 `dudao roster deactivate 编码 --reason … "
             "--merged-into 并入编码` 转入，或 `--abolished` 撤销并关闭：" + "；".join(
                 f"{code}（{'、'.join(f'{name}{n}个' for name, n in items)}）" for code, items in held.items()))


def _held(uow, codes: list[str]) -> dict:
    from domain.roster_exit import held_items

    return held_items(uow, codes)


def print_import_report(report: ImportReport) -> None:
    from cli.output import say, warn

    if report.towns_created:
        say(f"new towns: {'、'.join(report.towns_created)}")
    say(f"{report.rows} rows: {report.villages_created} villages created, {report.villages_updated} updated, "
        f"{report.villages_unchanged} unchanged; {report.incomes_written} incomes and {report.targets_written} "
        f"targets written; {report.contacts_written} secretaries")
    if report.deactivated:
        say(f"deactivated: {', '.join(report.deactivated)}")
    if report.reactivated:
        say(f"reactivated: {', '.join(report.reactivated)}")
    if report.absent:
        warn(f"{len(report.absent)} active villages are not in this file (kept, not deleted; "
             f"use `dudao roster deactivate CODE --reason …` to retire one): {', '.join(report.absent[:20])}"
             + (" …" if len(report.absent) > 20 else ""))


@app.command("show")
def show(
    town: Annotated[str | None, typer.Option(help="Only this town (name or code).")] = None,
    year: Annotated[int | None, typer.Option(
        help="显示哪一年的收入；默认最近有记录的一年。", callback=within(YEARS, "--year"))] = None,
    inactive: Annotated[bool, typer.Option("--inactive", help="Include deactivated villages.")] = False,
    as_json: Json = False,
) -> None:
    """List villages with their town, kind, status and income."""
    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.roster import list_roster

    with context.work() as uow:
        listing = list_roster(uow, town=town, year=year, include_inactive=inactive)
    if as_json:
        emit_json([r._asdict() for r in listing.lines])
        return
    table(f"村（社区）花名册 — {listing.year}年收入",
          ["镇街", "编码", "村（社区）", "类型", "状态", "收入", "目标", "书记"],
          [[r.town, r.code, r.village, "社区" if r.kind == "community" else "村", "在册" if r.active else "已撤并",
            yuan_wan(r.income_yuan), yuan_wan(r.target_yuan), r.secretary] for r in listing.lines])


@app.command("deactivate")
def deactivate(
    code: Annotated[str, typer.Argument(help="The village's code.")],
    reason: Annotated[str, typer.Option(help="Why (merged into …, abolished …).")],
    merged_into: Annotated[str | None, typer.Option(
        "--merged-into", help="并入的村（社区）编码：未办结的问题等事项随村转入。")] = None,
    abolished: Annotated[bool, typer.Option(
        "--abolished", help="撤销：未办结的问题按原因关闭。")] = False,
    by: By = None,
) -> None:
    """村（社区）撤并或撤销：保留历史，不再安排督查、排名和提醒；未办结事项转入并入的村（社区）或按原因关闭。"""
    from cli import context
    from cli.output import say
    from domain.roster_exit import retire_village

    with context.work(by=by, acting=True) as uow:
        done = retire_village(uow, code, reason=reason, merged_into=merged_into, abolished=abolished)
    say(done.line)
