"""`dudao rounds list | show | sheet | close` — biweekly inspection rounds (两周一督查)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import AsOf, By, Json

ROUND_STATUS = {"planned": "已安排", "closed": "已通报"}  # display names (keys in --json)

if TYPE_CHECKING:
    from config.district import DistrictConfig

app = typer.Typer(help="两周一督查：列表、详情、督查记录表、结束并通报。轮次在其周期运行时安排："
                       "`dudao run biweekly-inspection --occurrence 2022-10-10`。",
                  no_args_is_help=True)


@app.command("list")
def list_(as_json: Json = False) -> None:
    """每个督查轮次：已督查、发现问题和通报。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.rounds import list_rounds

    with context.work() as uow:
        lines = list_rounds(uow)
    if as_json:
        emit_json([{k: v for k, v in vars(x).items() if k != "visits"} for x in lines])
        return
    table("督查轮次", ["轮次", "督查时间", "状态", "应督查", "已督查", "未走访", "发现问题", "最大负荷", "通报"],
          [[x.key, x.window, "已通报" if x.status == "closed" else "进行中", x.planned, x.done, x.not_visited,
            x.findings, x.max_load, x.bulletin or ""] for x in lines])


@app.command("show")
def show(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="督查轮次，例如 R2022-10-10。")],
    team: Annotated[str | None, typer.Option(help="只看这个督导组（督导组 key）。")] = None,
    as_json: Json = False,
) -> None:
    """一个轮次的督查安排：督导组、日期、地点、结果和发现问题。"""
    from cli import context
    from cli.output import emit_json, say, table
    from domain.rounds import round_detail

    with context.work() as uow:
        line = round_detail(uow, round_id, team=team)
    if as_json:
        emit_json(line)
        return
    say(f"[bold]{line.key}[/bold] {line.window} {ROUND_STATUS.get(line.status, line.status)}：已督查 "
        f"{line.done}/{line.planned}，未走访 {line.not_visited}，发现问题 {line.findings}"
        + (f"；通报 {line.bulletin}" if line.bulletin else ""))
    status = {"planned": "待督查", "done": "已督查", "not_visited": "未走访"}
    table(None, ["日期", "督导组", "镇街", "村（社区）", "状态", "方式", "得分", "问题/原因"],
          [[v["day"], v["team"], v["town"], f"{v['name']}（{v['village']}）" + ("！" if v["overdue"] else ""),
            status[v["status"]], "、".join(v["methods"]), v["score"],
            v["reason"] or "；".join(f["text"] for f in v["findings"])] for v in line.visits])


@app.command("sheet")
def sheet(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="督查轮次，例如 R2022-10-10。")],
    team: Annotated[str, typer.Option(help="要写出的督导组（key）。")],
    out: Annotated[Path, typer.Option(help="写出的 .xlsx 文件。")],
) -> None:
    """写出某督导组的督查记录表：分给它的行，结果列留空，填好后导入。"""
    from cli import context
    from cli.output import say
    from domain.rounds import write_team_sheet

    with context.work() as uow:
        written = write_team_sheet(uow, round_id, team=team, out=out)
    say(f"已写出 {written.path}：{written.team_name}在 {round_id} 的 {written.rows} 次走访；请填写督查方式和得分"
        f"（或未走访原因）及发现问题，然后运行 `dudao visits import {written.path.name}`")


@app.command("adjust")
def adjust(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="轮次，例如 R2022-10-10。")],
    village: Annotated[str, typer.Option("--village", help="村（社区）编码。")],
    move: Annotated[bool, typer.Option("--move", help="改期或换组（配合 --team 和/或 --day）。")] = False,
    exclude: Annotated[bool, typer.Option("--exclude", help="本轮不安排（须给 --reason）。")] = False,
    add: Annotated[bool, typer.Option("--add", help="加入本轮（须给 --team 和 --day）。")] = False,
    team: Annotated[str | None, typer.Option("--team", help="督导组的键，例如 team-2。")] = None,
    day: Annotated[str | None, typer.Option("--day", help="本轮内的一个工作日（YYYY-MM-DD）。")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="原因（--exclude 时必填）。")] = None,
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """督查安排调整：把一次走访改到另一天或另一个督导组、说明原因后本轮不安排某村，或加入一个村；检查回避和督导组的
    每日走访上限，并通知每个相关督导组一次（网页工作台的调整与此相同）。"""
    from cli import context
    from cli.moments import parse_date
    from cli.output import emit_json, say
    from config.errors import InputError, Problem
    from domain.rounds import adjust_round

    kinds = [k for k, on in (("move", move), ("exclude", exclude), ("add", add)) if on]
    if len(kinds) != 1:
        raise InputError("一次只能做一项调整", [Problem("--move/--exclude/--add", "请恰好给出其中一个")])
    with context.work(as_of, by, acting=True) as uow:
        done = adjust_round(uow, round_id, village=village, kind=kinds[0], team=team, day=parse_date(day, "--day"),
                            reason=reason)
    if as_json:
        emit_json(done.__dict__)
        return
    was = f"{done.from_team} {done.from_day}" if done.from_team else "不安排"
    now = f"{done.to_team} {done.to_day}" if done.to_team else "不安排"
    say(f"{done.round} {done.town}{done.name}：{was} → {now}；通知 {done.queued} 个督导组")


@app.command("close")
def close(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="督查轮次，例如 R2022-10-10。")],
    by: By = None,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """发布本轮督查通报（markdown 和 .docx），通知镇街和区领导，并运行跟随本轮的周期（after:，如红黑榜）。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.rounds import close_round

    with context.work(as_of, by, acting=True) as uow:
        closed = close_round(uow, round_id, outputs_dir=context.settings().outputs_dir)
    woke = wake_followers(context.district(), closed.cycle_key, closed.occurrence, uow.as_of) if closed.created else []
    if as_json:
        emit_json({"round": closed.key, "closed_now": closed.created, "markdown": closed.markdown,
                   "docx": closed.docx, "messages": closed.messages, "followers": woke})
        return
    t = closed.figures.total
    say(("已结束" if closed.created else "已结束过") + f" {closed.key}：已督查 {t.done}/{t.planned}，"
        f"新发现问题 {closed.figures.new_issue_total} 个；通报 {closed.markdown} 和 {closed.docx}；"
        f"排队消息 {closed.messages} 条")
    for key, state in woke:
        names = {c.key: c.display_name for c in context.district().cycles}
        say(f"{names.get(closed.cycle_key, closed.cycle_key)}结束后：{names.get(key, key)} {closed.occurrence} {state}")


def wake_followers(cfg: DistrictConfig, cycle_key: str, occurrence: date,
                   as_of: datetime) -> list[tuple[str, str]]:
    """Run the `after:` cycles of a closed round's occurrence through Prefect (after its unit of work committed:
    they read the closed round); [(cycle, final state)]."""
    from cli import context
    from domain.calendar import followers

    keys = [c.key for c in followers(cfg.cycles, cycle_key)]
    if not keys:
        return []
    from flows.runtime import connected

    with connected(context.settings(), background=True):
        from flows.followers import occurrence_closed

        states = occurrence_closed(cycle_key, occurrence, as_of)
    return list(zip(keys, states, strict=True))
