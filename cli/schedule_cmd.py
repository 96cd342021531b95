"""`dudao schedule preview | ics`: every cycle occurrence, holiday-shifted. Never imports prefect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.moments import parse_date
from cli.options import Json

app = typer.Typer(help="Cycle occurrences on working days (preview, iCalendar).", no_args_is_help=True)

FromOpt = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")]
CycleOpt = Annotated[str | None, typer.Option("--cycle", help="Only this cycle (its key).")]


def _occurrences(start: str | None, end: str | None, cycle: str | None, *, default_days: int):
    from datetime import timedelta

    from cli import context
    from config.errors import InputError, Problem
    from domain.calendar import preview

    cfg = context.district()
    first = parse_date(start, "--from") if start else context.now().date()
    last = parse_date(end, "--to") if end else first + timedelta(days=default_days)
    if last < first:
        raise InputError("the window is empty", [Problem("--to", f"{last} is before --from {first}")])
    cal = context.working_calendar()
    try:
        found = preview(cfg.cycles, cal, first, last, only=cycle)
    except KeyError:
        raise InputError(f"no cycle {cycle!r}", [Problem(
            "--cycle", f"expected one of: {', '.join(c.key for c in cfg.cycles if c.enabled)}")]) from None
    context.announce_provisional(cal)
    return cfg, first, last, found


@app.command("preview")
def preview_(
    start: FromOpt = None,
    end: ToOpt = None,
    cycle: CycleOpt = None,
    as_json: Json = False,
) -> None:
    """List every occurrence in the window (default: the next 90 days) with moved dates and reasons."""
    from cli.output import emit_json, say, table

    cfg, first, last, found = _occurrences(start, end, cycle, default_days=90)
    if as_json:
        emit_json([o.as_dict() for o in found])
        return
    names = {c.key: c.display_name for c in cfg.cycles}
    rows = []
    for o in found:
        d = o.as_dict()
        note = ""
        if o.moved:
            note = f"原定 {d['original_date']}（{o.reason or '非工作日'}）"
        if o.follows:
            note = f"在 {o.follows} 本期结束后"
        rows.append([d["date"], d["weekday"], d["time"] or "", o.cycle, names.get(o.cycle, ""), note])
    table(f"周期发生日 {first} — {last}", ["日期", "星期", "时间", "周期", "名称", "调整"], rows)
    say(f"{len(found)} occurrences; {sum(o.moved for o in found)} moved off non-working days")


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
    from domain.calendar import to_ics

    cfg, first, last, found = _occurrences(start, end, None, default_days=365)
    data = to_ics(found, {c.key: c.display_name for c in cfg.cycles},
                  domain=f"{cfg.district.code.lower()}.dudao", stamp=context.now(),
                  calendar_name=f"{cfg.district.name} 督导周期")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomically(out, lambda tmp: tmp.write_bytes(data))
    say(f"wrote {len(found)} events ({first} — {last}) to {out}")
