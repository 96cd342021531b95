"""`dudao roster import | show | deactivate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json, within
from config.limits import YEARS

if TYPE_CHECKING:
    from domain.roster import ImportReport

app = typer.Typer(help="花名册：镇街、村（社区）、收入、目标和书记。", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="花名册 .xlsx 或 .csv（中文或英文表头）。")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入。")] = False,
    by: By = None,
    as_json: Json = False,
) -> None:
    """导入花名册：全部导入或全部不导入，每个错误行都会列出；再次导入不会重复。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from cli.progress import shown
    from domain.roster import import_roster

    roster = read_table(file)
    with shown(as_json), context.work(by=by, acting=not dry_run, ledger="optional" if dry_run else "required") as uow:
        report = import_roster(uow, roster, dry_run=dry_run)
        held = {} if dry_run or not report.deactivated else _held(uow, report.deactivated)
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
    town: Annotated[str | None, typer.Option(help="只看这个镇街（名称或编码）。")] = None,
    year: Annotated[int | None, typer.Option(
        help="显示哪一年的收入；默认最近有记录的一年。", callback=within(YEARS, "--year"))] = None,
    inactive: Annotated[bool, typer.Option("--inactive", help="包括已撤并的村（社区）。")] = False,
    as_json: Json = False,
) -> None:
    """列出村（社区）及其镇街、类型、状态和收入。"""
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
    code: Annotated[str, typer.Argument(help="村（社区）编码。")],
    reason: Annotated[str, typer.Option(help="原因（并入……、撤销……）。")],
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
