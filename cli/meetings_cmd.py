"""`dudao meetings record | list | import` — weekly meetings (每周例会) and joint meetings (联席会议)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import By, Json, within
from config.limits import YEARS

app = typer.Typer(help="每周例会与联席会议：提出和解决的问题及成效。",
                  no_args_is_help=True)


@app.command("record")
def record(
    date_: Annotated[str, typer.Option("--date", help="会议日期（YYYY-MM-DD）。")],
    kind: Annotated[str, typer.Option(help="weekly（每周例会）或 joint（联席会议）。")],
    title: Annotated[str | None, typer.Option(help="默认：<日期><每周例会|联席会议>。")] = None,
    present: Annotated[list[str] | None, typer.Option(help="参会单位（可重复，或用 、 分隔）。")] = None,
    raise_: Annotated[list[str] | None, typer.Option("--raise", help=(
        "提出的问题：'单位|问题[|责任单位[|整改工作日]]'（可重复），交办为问题（来源：会议）；"
        "单位为村（社区）或镇街编码，责任单位为对象标签，如 department:finance。"))] = None,
    settle: Annotated[list[str] | None, typer.Option(help=(
        "销号的问题：'问题编号[=增收元]'（可重复），以会议为证明验收销号；"
        "增收记在该问题上。"))] = None,
    agenda: Annotated[list[int] | None, typer.Option(help=(
        "列入议程的问题编号（可重复）。会前进展简报列入议程的问题会自动关联。"))] = None,
    note: Annotated[str | None, typer.Option(help="纪要或备注。")] = None,
    by: By = None,
) -> None:
    """记录一次会议：交办会上提出的问题，销号会上解决的问题，关联议程（全部或全不）。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import say
    from domain.meetings import MeetingRecord, record_meeting

    rec = MeetingRecord(_kind(kind), parse_date(date_, "--date"), title or "", _units(present or []), note,
                        [_raised(t, i) for i, t in enumerate(raise_ or [], start=1)],
                        [_settled(t, i) for i, t in enumerate(settle or [], start=1)], "arguments", agenda or [])
    with context.work(None, by, acting=True) as uow:
        done = record_meeting(uow, rec)
    say(f"{'已记录' if done.created else '已记录过'}：{done.meeting.title}（会议 {done.meeting.id}）；"
        f"提出问题 {len(done.raised)} 个（{'、'.join(map(str, done.raised)) or '—'}），"
        f"销号 {len(done.settled)} 个（{'、'.join(map(str, done.settled)) or '—'}）；"
        f"议程 {len(done.agenda)} 个问题（{'、'.join(map(str, done.agenda)) or '—'}）")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="会议表（.xlsx 或 .csv），每个问题一行。")],
            by: By = None, as_json: Json = False) -> None:
    """从表格导入会议：全部导入或全部不导入，按行报错；再次导入不会重复。"""
    from adapters.sheets import read_table
    from cli import context
    from cli.output import emit_json, say
    from cli.progress import shown
    from domain.meetings import import_meetings

    table = read_table(file)
    with shown(as_json), context.work(None, by, acting=True) as uow:
        done = import_meetings(uow, table)
    rows = [{"meeting": d.meeting.id, "title": d.meeting.title, "created": d.created, "raised": d.raised,
             "settled": d.settled, "agenda": d.agenda} for d in done]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        say(f"{r['title']}：{'已记录' if r['created'] else '已记录过'}；提出 {len(r['raised'])} 个，"
            f"销号 {len(r['settled'])} 个")


@app.command("list")
def list_(kind: Annotated[str | None, typer.Option(help="weekly（每周例会）或 joint（联席会议）。")] = None,
          year: Annotated[int | None, typer.Option(help="只列该年召开的会议。",
                                                   callback=within(YEARS, "--year"))] = None,
          as_json: Json = False) -> None:
    """会议及其成效（由会上提出和解决的问题统计，每个问题只计一次）和合计。"""
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
