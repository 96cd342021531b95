"""`dudao ranking compute | publish | show | history | revoke` — the red/black list (红黑榜)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import AsOf, By, Json

app = typer.Typer(help="红黑榜：预览、发布、查看、历史、撤销。", no_args_is_help=True)

PeriodOpt = Annotated[str, typer.Option("--period", help="期间：2022、2022-Q4、2022-10 或 R2022-10-10。")]
LEVEL_HELP = "village（村）、town（镇街）或 in-town（镇内村）。"
AllOpt = Annotated[bool, typer.Option("--all", help="同时列出未上红黑榜的参评单位。")]
BOARD_ALIASES = {"village": "villages", "villages": "villages", "town": "towns", "towns": "towns",
                 "in-town": "villages_in_town", "villages_in_town": "villages_in_town"}


def _board(level: str | None):
    from config.errors import InputError, Problem
    from config.ranking import Board

    if level is None:
        return None
    if level not in BOARD_ALIASES:
        raise InputError("--level 无效", [Problem("--level", f"{level!r}：应为 village（村）、town（镇街）"
                                                             "或 in-town（镇内村）")])
    return Board(BOARD_ALIASES[level])


@app.command("compute")
def compute(period: PeriodOpt, level: Annotated[str | None, typer.Option(help=LEVEL_HELP)] = None,
            as_of: AsOf = None, full: AllOpt = False, as_json: Json = False) -> None:
    """按账本现状预览某期红黑榜；不发布、不写入。"""
    from cli import context
    from cli.ranking_view import left_out_json, print_left_out, print_ranked, ranked_json
    from domain.calendar import parse_period
    from domain.ranking import preview_lists, town_names

    p, board = parse_period(period), _board(level)
    with context.work(as_of) as uow:
        lists = preview_lists(uow, p)
        towns = town_names(uow)
    rows = [r for r in lists.ranked if board is None or r.board is board]
    dropped = [x for x in lists.left_out if board is None or x.board is board]
    if as_json:
        from cli.output import emit_json

        emit_json({"period": p.key, "published": False, "scoring_rule": lists.scoring_rule,
                   "indicators": sorted(lists.indicators), "left_out": left_out_json(dropped),
                   "entries": ranked_json(rows)})
        return
    print_ranked(f"红黑榜预览（{p.label}，未发布；计分规则第{lists.scoring_rule}版）", rows, full)
    print_left_out(dropped, towns)


@app.command("publish")
def publish(period: PeriodOpt, reason: Annotated[str | None, typer.Option(
                help="重新发布已撤销的榜单时必填。")] = None,
            as_of: AsOf = None, by: By = None,
            as_json: Json = False) -> None:
    """通过 Prefect 发布某期红黑榜：快照、通报（markdown 和 .docx）、运行产出表，
    并通知镇街、区领导和每个上黑榜的单位。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.calendar import parse_period
    from domain.ranking import check_publication

    p = parse_period(period)
    with context.work(as_of, by, acting=True) as uow:  # refuse before starting Prefect
        check_publication(uow, p, reason=reason)
        when, who = uow.as_of, uow.who
    from flows.runtime import connected

    with connected(context.settings(), background=True):
        from flows.ranking import publish_period

        state = publish_period(period=p.key, as_of=when, actor=who, reason=reason, return_state=True)
        out = state.result(raise_on_failure=False)
    if isinstance(out, BaseException):
        raise out
    if as_json:
        emit_json(out)
        return
    say(f"[green]已发布[/green] {out['summary']}")
    say(f"通报：{out['markdown']}  {out['docx']}")


@app.command("show")
def show(period: Annotated[str | None, typer.Option("--period", help="默认：最近一次发布。")] = None,
         level: Annotated[str | None, typer.Option(help=LEVEL_HELP)] = None,
         full: AllOpt = False, as_json: Json = False) -> None:
    """查看已发布的红黑榜（已撤销的标明撤销）。"""
    from cli import context
    from cli.output import emit_json, say
    from cli.ranking_view import entry_json, left_out_json, print_entries, print_left_out
    from domain.calendar import parse_period
    from domain.ranking import left_out, show_list, town_names

    board = _board(level)
    p = parse_period(period) if period else None
    with context.work() as uow:
        shown = show_list(uow, p, board=board)
        towns = town_names(uow)
    snap, rows = shown.snapshot, shown.entries
    dropped = [x for x in left_out(snap) if board is None or x.board is board]
    if as_json:
        emit_json({"period": snap.period, "version": snap.version, "status": snap.status,
                   "rule_version": snap.rule_version, "scoring_rule": snap.scoring_rule,
                   "published_at": snap.published_at, "revoke_reason": snap.revoke_reason,
                   "left_out": left_out_json(dropped), "entries": [entry_json(r) for r in rows]})
        return
    state = "已撤销：" + (snap.revoke_reason or "") if snap.status == "revoked" else "已发布"
    print_entries(f"红黑榜 {snap.period} 第{snap.version}版（{state}；计分规则第{snap.scoring_rule}版）", rows, full)
    if snap.scoring_rule >= 2:
        print_left_out(dropped, towns)
    if snap.bulletin:
        say(f"通报：{snap.bulletin}")


@app.command("history")
def history(unit: Annotated[str, typer.Argument(help="村（社区）或镇街编码（或准确名称）。")],
            as_json: Json = False) -> None:
    """某单位上过的每期榜单：期间、榜别、得分、名次、红黑榜、连续次数和要求的措施。"""
    from cli import context
    from cli.output import emit_json, table
    from config.ranking import BOARD_NAMES
    from domain.ranking import LISTING_NAMES, unit_history

    with context.work() as uow:
        found = unit_history(uow, unit)
    rows = found.rows
    if as_json:
        emit_json({"unit": found.unit, "name": found.name, "history": rows})
        return
    columns = ["周期", "版本", "状态", "计分规则", "榜单", "得分", "排名", "结果", "连续黑榜", "措施"]
    table(f"{found.name} 红黑榜记录", columns,
          [[r.period, r.version, "已撤销" if r.status == "revoked" else "已发布", f"第{r.scoring_rule}版",
            BOARD_NAMES[r.board], "—" if r.score is None else f"{r.score:.2f}", r.rank or "—",
            LISTING_NAMES[r.listing], r.streak or "", r.action or ""] for r in rows])


@app.command("revoke")
def revoke(period: PeriodOpt, reason: Annotated[str, typer.Option(help="撤销的原因。")],
           by: By = None) -> None:
    """撤销已发布的红黑榜；仍可查看（标明撤销），审计记录写明谁和为什么。"""
    from cli import context
    from cli.output import say
    from domain.calendar import parse_period
    from domain.ranking import revoke_period

    p = parse_period(period)
    with context.work(None, by, acting=True) as uow:
        done = revoke_period(uow, p, reason=reason)
    say(f"[yellow]已撤销[/yellow] {p.label}红黑榜第 {done.snapshot.version} 版：{reason}"
        f"（已排队通知 {done.queued} 条）")
