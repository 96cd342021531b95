"""`dudao trips list | show | record` — quarterly research trips (每季度督导调研)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import AsOf, By, Finding, FindingCategory, FindingDueDays, FindingOwner, Json

TRIP_STATUS = {"planned": "已安排", "closed": "已结束", "done": "已调研"}  # display names (keys in --json)

app = typer.Typer(help="每季度督导调研（与成员单位一同）。调研在其周期运行时安排："
                       "`dudao run quarterly-research --occurrence 2022-10-10`。",
                  no_args_is_help=True)

TripArg = Annotated[str, typer.Argument(metavar="TRIP", help="季度，例如 2022-Q4。")]


@app.command("list")
def list_(as_json: Json = False) -> None:
    """每次季度调研：已调研的镇街和发现问题。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.rounds import list_trips

    with context.work() as uow:
        lines = list_trips(uow)
    if as_json:
        emit_json(lines)
        return
    table("季度督导调研", ["季度", "时间", "调研组", "状态", "镇街", "已调研", "发现问题"],
          [[x["key"], "…".join(x["window"]), x["groups"], TRIP_STATUS.get(x["status"], x["status"]), x["towns"],
            x["done"], x["findings"]]
           for x in lines])


@app.command("show")
def show(trip: TripArg, as_json: Json = False) -> None:
    """一次调研的行程：日期、组、镇街、成员单位、状态和发现问题。"""
    from cli import context
    from cli.output import emit_json, say, table
    from domain.rounds import trip_detail

    with context.work() as uow:
        detail = trip_detail(uow, trip)
    if as_json:
        emit_json(detail)
        return
    say(f"[bold]{detail['key']}[/bold] {'…'.join(detail['window'])}，{detail['groups']} 个组，"
        f"{TRIP_STATUS.get(detail['status'], detail['status'])}")
    table(None, ["日期", "组", "镇街", "成员单位", "状态", "发现问题"],
          [[s["day"], s["group"], s["name"], "、".join(s["department_names"]),
            {"planned": "待调研", "done": "已调研"}.get(s["status"], s["status"]),
            "；".join(f["text"] for f in s["findings"])] for s in detail["stops"]])


@app.command("record")
def record(
    trip: TripArg,
    town: Annotated[str, typer.Argument(help="调研的镇街（名称或编码）。")],
    note: Annotated[str | None, typer.Option(help="调研组看到和座谈的情况。")] = None,
    village: Annotated[str | None, typer.Option(help="发现的问题属于这个村（社区）（编码）。")] = None,
    finding: Finding = None,
    owner: FindingOwner = None,
    category: FindingCategory = None,
    due_days: FindingDueDays = None,
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """记录调研的一站已完成，发现的问题交办（来源：调研）。"""
    from cli import context
    from cli.findings import build_findings, issue_ids
    from cli.output import emit_json, say
    from domain.rounds import record_stop

    findings = build_findings(finding, owner, category, due_days)
    with context.work(as_of, by, acting=True) as uow:
        report = record_stop(uow, trip, town=town, findings=findings, village=village, note=note)
    if as_json:
        emit_json(report)
        return
    say(f"{trip} {town}：" + ("已记为已调研；" if report.done_now else "")
        + f"新发现问题 {len(report.findings)} 个，已交办{issue_ids(report.issues)}；"
        f"已记录过 {report.unchanged} 个")
