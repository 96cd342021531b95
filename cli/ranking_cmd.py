"""`dudao ranking compute | publish | show | history | revoke` — the red/black list (红黑榜)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.moments import moment
from cli.options import AsOf, By, Json

app = typer.Typer(help="The red/black list (红黑榜): compute, publish, show, history, revoke.", no_args_is_help=True)

PeriodOpt = Annotated[str, typer.Option("--period", help="2022, 2022-Q4, 2022-10 or R2022-10-10.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Also list ranked units that are on neither list.")]
BOARD_ALIASES = {"village": "villages", "villages": "villages", "town": "towns", "towns": "towns",
                 "in-town": "villages_in_town", "villages_in_town": "villages_in_town"}


def _board(level: str | None):
    from config.errors import InputError, Problem
    from config.ranking import Board

    if level is None:
        return None
    if level not in BOARD_ALIASES:
        raise InputError("invalid --level", [Problem("--level", f"{level!r}: expected village, town or in-town")])
    return Board(BOARD_ALIASES[level])


def _town_names(session) -> dict[str, str]:
    import sqlalchemy as sa

    from models.org import Town

    return dict(session.execute(sa.select(Town.code, Town.name)).all())


@app.command("compute")
def compute(period: PeriodOpt, level: Annotated[str | None, typer.Option(help="village, town or in-town.")] = None,
            as_of: AsOf = None, full: AllOpt = False, as_json: Json = False) -> None:
    """Preview a period's lists from the ledger as it is now; nothing is published or written."""
    from cli import context
    from cli.ranking_view import left_out_json, print_left_out, print_ranked, ranked_json
    from domain.calendar import load_calendar
    from domain.periods import parse_period
    from domain.ranking_publish import compute_lists
    from models.db import require_schema, session_scope

    p, board, when = parse_period(period), _board(level), moment(as_of)
    with session_scope() as session:
        require_schema(session)
        lists = compute_lists(session, context.district(), p, load_calendar(session), as_of=when)
        towns = _town_names(session)
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
                help="Required when republishing a revoked list.")] = None,
            as_of: AsOf = None, by: By = None,
            as_json: Json = False) -> None:
    """Publish a period's lists as a Prefect flow run: snapshot, bulletin (markdown and .docx), the run's table
    artifact, messages to towns, leadership and every black-listed unit."""
    from cli import context
    from cli.output import emit_json, say
    from domain.periods import parse_period
    from domain.ranking_publish import check_rankable
    from domain.ranking_snapshot import check_publishable
    from models.db import require_schema, session_scope

    p, when, who = parse_period(period), moment(as_of), context.actor(by)
    s = context.settings()
    check_rankable(context.district(), p)  # refuse before starting Prefect
    with session_scope() as session:
        require_schema(session)
        check_publishable(session, p.key, reason)
    from flows.runtime import connected

    with connected(s):
        from flows.ranking import publish_period

        state = publish_period(period=p.key, as_of=when, actor=who, reason=reason, return_state=True)
        out = state.result(raise_on_failure=False)
    if isinstance(out, BaseException):
        raise out
    if as_json:
        emit_json(out)
        return
    say(f"[green]published[/green] {out['summary']}")
    say(f"bulletin: {out['markdown']}  {out['docx']}")


@app.command("show")
def show(period: Annotated[str | None, typer.Option("--period", help="Default: the latest snapshot.")] = None,
         level: Annotated[str | None, typer.Option(help="village, town or in-town.")] = None,
         full: AllOpt = False, as_json: Json = False) -> None:
    """Show a published list (a revoked one is shown marked revoked)."""
    from cli.output import emit_json, say
    from cli.ranking_view import entry_json, left_out_json, print_entries, print_left_out
    from config.errors import NotFound, Problem
    from domain.periods import parse_period
    from domain.ranking_snapshot import current, entries, left_out, snapshots
    from models.db import require_schema, session_scope

    board = _board(level)
    with session_scope() as session:
        require_schema(session)
        found = snapshots(session, parse_period(period).key if period else None)
        if not found:
            raise NotFound("no red/black list was published" + (f" for {period}" if period else ""),
                           [Problem("--period", "publish one with `dudao ranking publish --period …`")])
        snap = current(found)
        rows = entries(session, snap.id, board=board)
        towns = _town_names(session)
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
        say(f"bulletin: {snap.bulletin}")


@app.command("history")
def history(unit: Annotated[str, typer.Argument(help="A village or town code (or its exact name).")],
            as_json: Json = False) -> None:
    """Every list a unit appeared on: period, board, score, rank, list, streak and required action."""
    from cli.output import emit_json, table
    from config.ranking import BOARD_NAMES
    from domain.ranking import LISTING_NAMES
    from domain.ranking_snapshot import unit_history
    from models.db import require_schema, session_scope

    with session_scope() as session:
        require_schema(session)
        name, rows = unit_history(session, unit)
    if as_json:
        emit_json({"unit": unit, "name": name, "history": rows})
        return
    columns = ["周期", "版本", "状态", "计分规则", "榜单", "得分", "排名", "结果", "连续黑榜", "措施"]
    table(f"{name} 红黑榜记录", columns,
          [[r.period, r.version, "已撤销" if r.status == "revoked" else "已发布", f"第{r.scoring_rule}版",
            BOARD_NAMES[r.board], "—" if r.score is None else f"{r.score:.2f}", r.rank or "—",
            LISTING_NAMES[r.listing], r.streak or "", r.action or ""] for r in rows])


@app.command("revoke")
def revoke(period: PeriodOpt, reason: Annotated[str, typer.Option(help="Why the list is withdrawn.")],
           by: By = None) -> None:
    """Withdraw a published list; it stays visible as revoked, and an audit event records who and why."""
    from cli import context
    from cli.output import say
    from domain.periods import parse_period
    from domain.ranking_publish import revoke_lists
    from models.db import require_schema, session_scope

    p, who = parse_period(period), context.actor(by)
    with session_scope() as session:
        require_schema(session)
        snap, queued = revoke_lists(session, context.district(), p, reason=reason, at=context.now(), actor=who)
    say(f"[yellow]revoked[/yellow] 红黑榜 {p.key} v{snap.version}: {reason} ({queued} notices queued)")
