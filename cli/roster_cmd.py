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
    if dry_run:
        if as_json:
            emit_json({"file": str(file), "rows": report.rows, "valid": True})
        else:
            say(f"[green]通过[/green] {file}：{report.rows} 行均有效；未写入（--dry-run）")
        return
    if as_json:
        emit_json(report)
    else:
        print_import_report(report)


def print_import_report(report: ImportReport) -> None:
    from cli.output import say, warn

    if report.towns_created:
        say(f"新增镇街：{'、'.join(report.towns_created)}")
    say(f"{report.rows} 行：新增村（社区）{report.villages_created} 个，更新 {report.villages_updated} 个，"
        f"未变 {report.villages_unchanged} 个；写入收入 {report.incomes_written} 条、目标 {report.targets_written} "
        f"条；书记 {report.contacts_written} 人")
    if report.deactivated:
        say(f"已撤并：{'、'.join(report.deactivated)}")
    if report.reactivated:
        say(f"已恢复：{'、'.join(report.reactivated)}")
    if report.absent:
        warn(f"{len(report.absent)} 个在册村（社区）不在此文件中（已保留，未删除；撤并请用 "
             f"`dudao roster deactivate 编码 --reason …`）：{'、'.join(report.absent[:20])}"
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
    by: By = None,
) -> None:
    """Retire a village: it keeps its history and is no longer planned, ranked or reminded."""
    from cli import context
    from cli.output import say
    from domain.roster import deactivate_village

    with context.work(by=by, acting=True) as uow:
        village = deactivate_village(uow, code, reason=reason)
    say(f"{village.name}（{village.code}）已撤并：{reason}")
