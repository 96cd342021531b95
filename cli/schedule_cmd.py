"""`dudao schedule preview | ics`: every cycle occurrence, holiday-shifted. Never imports prefect."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.moments import parse_date
from cli.options import Json

app = typer.Typer(help="周期发生日（按工作日调整）：预览、iCalendar。", no_args_is_help=True)

FromOpt = Annotated[str | None, typer.Option("--from", help="起始日期，YYYY-MM-DD。")]
ToOpt = Annotated[str | None, typer.Option("--to", help="截止日期，YYYY-MM-DD。")]
CycleOpt = Annotated[str | None, typer.Option("--cycle", help="只看这个周期（key）。")]


def _window(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    return (parse_date(start, "--from") if start else None), (parse_date(end, "--to") if end else None)


@app.command("preview")
def preview_(
    start: FromOpt = None,
    end: ToOpt = None,
    cycle: CycleOpt = None,
    as_json: Json = False,
) -> None:
    """列出时间窗口内（默认未来 90 天）的每次发生，及调整的日期和原因。"""
    from cli import context
    from cli.output import emit_json, say, table
    from domain.calendar import schedule

    first, last = _window(start, end)
    with context.work(ledger="optional") as uow:
        found = schedule(uow, first, end=last, cycle=cycle, days=90)
    context.announce_provisional(found)
    if as_json:
        emit_json([o.as_dict() for o in found.occurrences])
        return
    rows = []
    for o in found.occurrences:
        d = o.as_dict()
        note = ""
        if o.moved:
            note = f"原定 {d['original_date']}（{o.reason or '非工作日'}）"
        if o.follows:
            note = f"在{found.names.get(o.follows) or o.follows}本期结束后"
        rows.append([d["date"], d["weekday"], d["time"] or "", o.cycle, found.names.get(o.cycle, ""), note])
    table(f"周期发生日 {found.first} — {found.last}", ["日期", "星期", "时间", "周期", "名称", "调整"], rows)
    say(f"共 {len(found.occurrences)} 次；其中 {found.moved} 次因非工作日调整")


@app.command("ics")
def ics(
    start: FromOpt = None,
    end: ToOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="写到这个文件；默认标准输出。")] = None,
) -> None:
    """同样的发生日写成 iCalendar（.ics）文件（默认未来 365 天）。"""
    import sys

    from adapters.files import write_atomically
    from cli import context
    from cli.output import say
    from domain.calendar import schedule_ics

    first, last = _window(start, end)
    with context.work(ledger="optional") as uow:
        ics_file = schedule_ics(uow, first, end=last, days=365)
    context.announce_provisional(ics_file)
    if out is None:
        sys.stdout.buffer.write(ics_file.data)
        sys.stdout.flush()
        return
    write_atomically(out, lambda tmp: tmp.write_bytes(ics_file.data))
    found = ics_file.schedule
    say(f"已写出 {len(found.occurrences)} 个日程（{found.first} — {found.last}）：{out}")
