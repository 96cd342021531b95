"""`dudao schedule preview | ics`: every cycle occurrence, holiday-shifted. Never imports prefect."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.moments import parse_date
from cli.options import Json

app = typer.Typer(help="Cycle occurrences on working days (preview, iCalendar).", no_args_is_help=True)

FromOpt = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")]
CycleOpt = Annotated[str | None, typer.Option("--cycle", help="Only this cycle (its key).")]


def _window(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    return (parse_date(start, "--from") if start else None), (parse_date(end, "--to") if end else None)


@app.command("preview")
def preview_(
    start: FromOpt = None,
    end: ToOpt = None,
    cycle: CycleOpt = None,
    as_json: Json = False,
) -> None:
    """List every occurrence in the window (default: the next 90 days) with moved dates and reasons."""
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
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file; default stdout.")] = None,
) -> None:
    """The same occurrences as an iCalendar (.ics) file (default: the next 365 days)."""
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
