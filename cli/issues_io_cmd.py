"""`dudao issues export | import | sweep`: the ledger as a spreadsheet, and the deadline sweep without Prefect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.issues_cmd import Light, Owner, Source, Status, Town, Village
from cli.options import AsOf, By, Json


def export(out: Annotated[Path, typer.Option("--out", help="写出的 .xlsx 文件。")], town: Town = None,
           village: Village = None, owner: Owner = None, status: Status = None, light: Light = None,
           source: Source = None, as_of: AsOf = None) -> None:
    """把问题台账写成可打印的 .xlsx（每个问题一行，含红黄绿灯和整改历程）。"""
    from cli import context
    from cli.output import say
    from domain.issues import Filters, export_issues

    with context.work(as_of) as uow:
        written = export_issues(uow, Filters(town, village, owner, status, light, source), out)
    say(f"已写出 {written} 个问题：{out}")


def import_(file: Annotated[Path, typer.Argument(help="填好的问题台账（.xlsx/.csv）。")], as_of: AsOf = None,
            by: By = None, as_json: Json = False) -> None:
    """交办新问题（无编号的行），并更新状态和修改；全部导入或全部不导入。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from cli.progress import shown
    from domain.issues import import_issues

    table = read_table(file)
    with shown(as_json), context.work(as_of, by, acting=True) as uow:
        report = import_issues(uow, table)
    if as_json:
        emit_json(report)
        return
    say(f"{file}：新交办 {len(report.opened)} 个，变更 {len(report.changed)} 个，未变 {report.unchanged} 个"
        + (f"，{len(report.already)} 个已由此前导入同一表格交办（不重复交办）" if report.already else ""))
    for issue_id, done in report.changed.items():
        say(f"  问题 {issue_id}：{'、'.join(done)}")



def sweep(
    as_of: AsOf = None,
    deliver: Annotated[bool, typer.Option("--deliver/--no-deliver", help="同时发送到期的消息。")] = True,
    as_json: Json = False,
) -> None:
    """不经 Prefect 运行问题到期检查（deadline-sweep 周期）：排队所有到期的提醒和督办，标记黑榜预警，
    然后发送（除非 --no-deliver）。输出本次运行的表。"""
    from cli import context
    from cli.notify_cmd import delivery_json, print_delivery
    from cli.output import emit_json, say, table
    from cli.progress import shown
    from domain.issues import sweep_deadlines, sweep_table
    from domain.outbox import deliver_outbox

    with shown(as_json), context.work(as_of) as uow:
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
