"""`dudao meetings record | list | import` — weekly meetings (每周例会) and joint meetings (联席会议)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import By, Json, within
from config.limits import YEARS

app = typer.Typer(help="Weekly and joint meetings: problems raised and settled, and what they achieved.",
                  no_args_is_help=True)


@app.command("record")
def record(
    date_: Annotated[str, typer.Option("--date", help="The day the meeting was held (YYYY-MM-DD).")],
    kind: Annotated[str, typer.Option(help="weekly (每周例会) or joint (联席会议).")],
    title: Annotated[str | None, typer.Option(help="Default: <date><每周例会|联席会议>.")] = None,
    present: Annotated[list[str] | None, typer.Option(help="A unit present (repeat, or 、-separated).")] = None,
    raise_: Annotated[list[str] | None, typer.Option("--raise", help=(
        "A problem raised: 'UNIT|TITLE[|OWNER[|DUE_DAYS]]' (repeat). It becomes an issue (source meeting); "
        "UNIT is a village or town code, OWNER an audience tag such as department:finance."))] = None,
    settle: Annotated[list[str] | None, typer.Option(help=(
        "An issue settled: 'ISSUE_ID[=INCOME_YUAN]' (repeat). It is verified and closed with the meeting as "
        "evidence; the income added (增收) is entered on that issue."))] = None,
    agenda: Annotated[list[int] | None, typer.Option(help=(
        "列入议程的问题编号（可重复）。会前进展简报列入议程的问题会自动关联。"))] = None,
    note: Annotated[str | None, typer.Option(help="Minutes or a remark.")] = None,
    by: By = None,
) -> None:
    """Record a meeting, open the issues it raised, close the issues it settled and link its agenda (all or
    nothing)."""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.meetings import MeetingRecord, record_meeting

    rec = MeetingRecord(_kind(kind), parse_date(date_, "--date"), title or "", _units(present or []), note,
                        [_raised(t, i) for i, t in enumerate(raise_ or [], start=1)],
                        [_settled(t, i) for i, t in enumerate(settle or [], start=1)], "arguments", agenda or [])
    with context.work(None, by, acting=True) as uow:
        done = record_meeting(uow, rec)
    say(f"{'recorded' if done.created else 'already recorded'}: {done.meeting.title} (meeting {done.meeting.id}); "
        f"{len(done.raised)} issues raised ({', '.join(map(str, done.raised)) or '—'}), "
        f"{len(done.settled)} settled ({', '.join(map(str, done.settled)) or '—'}); "
        f"议程{len(done.agenda)}个问题（{'、'.join(map(str, done.agenda)) or '—'}）")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="A meeting sheet (.xlsx or .csv), one row per problem.")],
            by: By = None, as_json: Json = False) -> None:
    """Load meetings from a sheet: all or nothing, errors by row; loading it again changes nothing."""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from domain.meetings import import_meetings

    table = read_table(file)
    with context.work(None, by, acting=True) as uow:
        done = import_meetings(uow, table)
    rows = [{"meeting": d.meeting.id, "title": d.meeting.title, "created": d.created, "raised": d.raised,
             "settled": d.settled, "agenda": d.agenda} for d in done]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        say(f"{r['title']}: {'recorded' if r['created'] else 'already recorded'}; {len(r['raised'])} raised, "
            f"{len(r['settled'])} settled")


@app.command("list")
def list_(kind: Annotated[str | None, typer.Option(help="weekly or joint.")] = None,
          year: Annotated[int | None, typer.Option(help="只列该年召开的会议。",
                                                   callback=within(YEARS, "--year"))] = None,
          as_json: Json = False) -> None:
    """Meetings with their figures, derived from the issues they raised and settled, and the totals
    (each issue counted once)."""
    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.meetings import KIND_NAMES, list_meetings

    chosen = _kind(kind) if kind else None
    with context.work() as uow:
        rows, total = list_meetings(uow, kind=chosen, year=year)
    if as_json:
        emit_json({"meetings": rows, "totals": total.__dict__})
        return
    table("会议", ["日期", "类型", "名称", "提出", "议程", "销号", "研究问题", "已解决", "增收村", "增收"],
          [[r.date, KIND_NAMES[r.kind], r.title, r.raised, r.agenda, r.settled, r.studied, r.solved,
            r.villages_helped, yuan_wan(r.income_added_yuan)] for r in rows]
          + [["合计", "", f"{len(rows)}次会议", "", "", "", total.studied, total.solved, total.villages_helped,
              yuan_wan(total.income_added_yuan)]])


@app.command("figures")
def figures_(year: Annotated[int, typer.Option(min=1900, max=2999, help="年度（1月1日至12月31日）。")],
             as_json: Json = False) -> None:
    """每周例会与联席会议的成效：召开次数、研究解决的问题、增收村（社区）数与增收；同一问题只计入解决它的会议类型。"""
    from datetime import date

    from cli import context
    from cli.output import emit_json, table, yuan_wan
    from domain.meetings import KIND_NAMES, meeting_figures

    with context.work() as uow:
        found = meeting_figures(uow, date(year, 1, 1), date(year, 12, 31))
    if as_json:
        emit_json({k.value: {"meetings": f.meetings, "solved": f.solved, "villages_helped": f.villages_helped,
                             "income_added_yuan": f.income_added_yuan, "issues": list(f.issues)}
                   for k, f in found.items()})
        return
    table(f"{year}年会议成效（同一问题只计入解决它的会议类型）",
          ["会议", "召开次数", "研究解决问题", "增收村（社区）", "增收"],
          [[KIND_NAMES[k], f.meetings, f.solved, f.villages_helped, yuan_wan(f.income_added_yuan)]
           for k, f in found.items()])


def _kind(text: str):
    from config.errors import InputError, Problem
    from domain.meetings import KINDS

    if text not in KINDS:
        raise InputError("invalid --kind", [Problem("--kind", f"{text!r}: expected weekly or joint")])
    return KINDS[text]


def _units(values: list[str]) -> list[str]:
    from domain.meetings import split_units

    return [u for v in values for u in split_units(v)]


def _raised(text: str, n: int):
    from adapters.sheets import cell_within
    from config.errors import InputError, Problem
    from config.limits import WORKING_DAYS
    from domain.meetings import RaisedProblem

    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 4:
        raise InputError("invalid --raise", [Problem(f"--raise #{n}", f"{text!r}: expected "
                                                     "'UNIT|TITLE[|OWNER[|DUE_DAYS]]'")])
    try:
        due = cell_within(parts[3] if len(parts) > 3 else "", WORKING_DAYS)
    except ValueError as exc:
        raise InputError("--raise 的整改期限无效", [Problem(f"--raise #{n}", f"整改期限（工作日）：{exc}")]) from None
    return RaisedProblem(parts[1], parts[0], None, (parts[2] or None) if len(parts) > 2 else None,
                         due, where=f"--raise #{n}")


def _settled(text: str, n: int):
    from adapters.sheets import cell_within
    from config.errors import InputError, Problem
    from config.limits import ID, YUAN
    from domain.meetings import SettledProblem

    issue, _, income = text.partition("=")
    try:
        issue_id, yuan = cell_within(issue, ID), cell_within(income, YUAN)
    except ValueError as exc:
        raise InputError("--settle 无效", [Problem(f"--settle #{n}", f"{text!r}：{exc}；应为 '问题编号[=增收元]'")]) \
            from None
    if issue_id is None:
        raise InputError("--settle 无效", [Problem(f"--settle #{n}", f"{text!r}：应为 '问题编号[=增收元]'")])
    return SettledProblem(issue_id, yuan, where=f"--settle #{n}")
