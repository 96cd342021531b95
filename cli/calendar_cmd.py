"""`dudao calendar show | set`: the working-day calendar and coordinators' overrides."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli.moments import parse_date
from cli.options import By, Json, within
from config.limits import YEARS

SOURCES = {"official": "国务院安排", "provisional": "暂定（无调休）", "override": "人工调整", "weekend": "周末"}

app = typer.Typer(help="工作日日历（工作日、调休）及人工调整。", no_args_is_help=True)


class DayKind(StrEnum):
    workday = "workday"
    holiday = "holiday"


@app.command("show")
def show(
    year: Annotated[int, typer.Argument(help="年份，例如 2026。", callback=within(YEARS, "年份"))],
    as_json: Json = False,
) -> None:
    """该年的放假安排是国务院正式安排、暂定还是含人工调整；列出节假日和调休上班日。"""
    from cli import context
    from cli.output import emit_json, say, table
    from domain.calendar import WEEKDAY_NAMES, calendar_year

    with context.work(ledger="optional") as uow:
        shown = calendar_year(uow, year)
    data = {
        "year": year,
        "status": shown.status.value,
        "provisional": shown.provisional,
        "holidays": [{"date": d.day, "reason": d.reason, "source": d.source} for d in shown.holidays],
        "workdays": [{"date": d.day, "reason": d.reason, "source": d.source} for d in shown.workdays],
        "overrides": [{"date": d.day, "working": d.working, "note": d.reason} for d in shown.overrides],
        "working_days": shown.working_days,
    }
    context.announce_provisional(shown)
    if as_json:
        emit_json(data)
        return
    label = {"official": "国务院正式安排", "provisional": "暂定（无调休，待确认）",
             "overridden": "含人工调整"}[shown.status.value]
    say(f"[bold]{year}[/bold]：{label}；工作日 {data['working_days']} 天")
    table("节假日（工作日放假）", ["日期", "星期", "原因", "来源"],
          [[d["date"], WEEKDAY_NAMES[d["date"].weekday()], d["reason"], SOURCES.get(d["source"], d["source"])]
           for d in data["holidays"]])
    table("调休上班（周末上班）", ["日期", "星期", "原因", "来源"],
          [[d["date"], WEEKDAY_NAMES[d["date"].weekday()], d["reason"], SOURCES.get(d["source"], d["source"])]
           for d in data["workdays"]])
    if data["overrides"]:
        table("人工调整（dudao calendar set）", ["日期", "星期", "上班/放假", "说明"],
              [[d["date"], WEEKDAY_NAMES[d["date"].weekday()], "上班" if d["working"] else "放假", d["note"]]
               for d in data["overrides"]])


@app.command("set")
def set_(
    day: Annotated[str, typer.Argument(help="日期，YYYY-MM-DD。")],
    kind: Annotated[DayKind, typer.Argument(help="workday（调休上班）或 holiday（放假）。")],
    note: Annotated[str | None, typer.Option(help="依据，例如 国务院办公厅通知 国办发明电〔2026〕X号。")] = None,
    by: By = None,
) -> None:
    """人工调整某一天：优先于 chinese_calendar 和 holidays（再次设置同一天会更新）。"""
    from cli import context
    from cli.output import say
    from domain.calendar import override_day

    when = parse_date(day, "DATE")
    with context.work(by=by, acting=True) as uow:
        before = override_day(uow, when, working=kind is DayKind.workday, note=note)
    names = {"workday": "工作日", "holiday": "休息日"}
    say(f"{when} 现为{names.get(kind.value, kind.value)}" + (f"（此前人工设为{names.get(str(before), before)}）"
                                                             if before else "") + (f"：{note}" if note else ""))
