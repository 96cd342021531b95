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
    note: Annotated[str | None, typer.Option(help="Minutes or a remark.")] = None,
    by: By = None,
) -> None:
    """Record a meeting, open the issues it raised and close the issues it settled (all or nothing)."""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.meetings import MeetingRecord, record_meeting

    rec = MeetingRecord(_kind(kind), parse_date(date_, "--date"), title or "", _units(present or []), note,
                        [_raised(t, i) for i, t in enumerate(raise_ or [], start=1)],
                        [_settled(t, i) for i, t in enumerate(settle or [], start=1)], "arguments")
    with context.work(None, by, acting=True) as uow:
        done = record_meeting(uow, rec)
    say(f"{'已记录' if done.created else '已记录过'}：{done.meeting.title}（会议 {done.meeting.id}）；"
        f"提出问题 {len(done.raised)} 个（{'、'.join(map(str, done.raised)) or '—'}），"
        f"销号 {len(done.settled)} 个（{'、'.join(map(str, done.settled)) or '—'}）")


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
             "settled": d.settled} for d in done]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        say(f"{r['title']}：{'已记录' if r['created'] else '已记录过'}；提出 {len(r['raised'])} 个，"
            f"销号 {len(r['settled'])} 个")


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
    table("会议", ["日期", "类型", "名称", "提出", "销号", "研究问题", "已解决", "增收村", "增收"],
          [[r.date, KIND_NAMES[r.kind], r.title, r.raised, r.settled, r.studied, r.solved, r.villages_helped,
            yuan_wan(r.income_added_yuan)] for r in rows]
          + [["合计", "", f"{len(rows)}次会议", "", "", total.studied, total.solved, total.villages_helped,
              yuan_wan(total.income_added_yuan)]])


def _kind(text: str):
    from config.errors import InputError, Problem
    from domain.meetings import KINDS

    if text not in KINDS:
        raise InputError("--kind 无效", [Problem("--kind", f"{text!r}：应为 weekly（每周例会）或 joint（联席会议）")])
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
        raise InputError("--raise 无效", [Problem(f"--raise #{n}", f"{text!r}：应为 "
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
