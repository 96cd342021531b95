"""`dudao serve`, `dudao run`, `dudao history`: the cycles through Prefect (imported only here, lazily)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.moments import parse_date
from cli.options import AsOf, Json, within
from config.limits import LIMIT


def _cycle(cfg, key: str):
    from config.errors import InputError, Problem

    try:
        return cfg.cycle(key)
    except KeyError:
        raise InputError(f"no cycle {key!r}", [Problem(
            "CYCLE", f"expected one of: {', '.join(c.key for c in cfg.cycles if c.enabled)}")]) from None


def run(
    cycle: Annotated[str, typer.Argument(help="The cycle's key, e.g. biweekly-inspection.")],
    occurrence: Annotated[str | None, typer.Option(
        help="The occurrence date (YYYY-MM-DD); default the latest on or before today (or --as-of).")] = None,
    as_of: AsOf = None,
) -> None:
    """Run one occurrence of a cycle now, through Prefect (a re-run updates the same CycleRun)."""
    from cli import context
    from cli.output import say, warn
    from config.errors import DudaoError
    from domain.calendar import occurrence_to_run

    s, cfg = context.settings(), context.district()
    c = _cycle(cfg, cycle)
    day = parse_date(occurrence, "--occurrence") if occurrence else None
    with context.work(as_of, ledger="optional") as uow:
        when = uow.as_of
        found = occurrence_to_run(uow, c.key, day=day)
    day = found.occurrence.date
    context.announce_provisional(found)
    from flows.runtime import connected

    with connected(s) as url:
        say(f"running {c.key} for {day} (as of {when.isoformat(timespec='minutes')}) on "
            + (url or f"the local history {s.prefect_dir} (ephemeral Prefect; start `dudao serve` to go faster)"))
        from flows.cycle import artifact_key
        from flows.registry import flow_for

        state = flow_for(c.kind)(cycle=c.key, occurrence=day, as_of=when, rerun=True, return_state=True)
    if not state.is_completed():
        warn(f"{c.key}-{day}: {state.name}: {state.message}")
        raise DudaoError(f"the run of {c.key} for {day} ended {state.name}; the coordinators were notified")
    say(f"[green]{state.name}[/green] {c.key}-{day}: {state.result()}")
    say(f"artifact: {artifact_key(c.key, day)} — `dudao history --flow {c.key}`")


def history(
    flow: Annotated[str | None, typer.Option(help="A flow name (inspection-round …) or a cycle key.")] = None,
    since: Annotated[str | None, typer.Option(help="Runs scheduled on or after this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="最多显示的运行条数（最新在前）。",
                                       callback=within(LIMIT, "--limit"))] = 50,
    as_json: Json = False,
) -> None:
    """Flow-run history from the Prefect API: state, times, occurrence, as-of and artifacts of each run."""
    from cli import context
    from cli.output import emit_json, table

    s = context.settings()
    day = parse_date(since, "--since")
    from flows.runtime import connected

    with connected(s):
        from flows.history import read_history

        rows = read_history(flow=flow, since=day, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table("运行记录（Prefect）", ["flow", "run", "state", "scheduled", "duration", "occurrence", "as-of", "artifacts"],
          [[r["flow"], r["run"], r["state"], (r["scheduled"] or "")[:16], r["duration_s"], r["occurrence"],
            (r["as_of"] or "")[:16], ", ".join(r["artifacts"])] for r in rows])


def serve(
    web: Annotated[bool, typer.Option("--web/--no-web", help="Also serve the web board (网页工作台).")] = True,
    web_host: Annotated[str, typer.Option("--web-host", help="The web board's address (default loopback).")]
    = "127.0.0.1",
    web_port: Annotated[int, typer.Option("--web-port", min=1, max=65535, help="The web board's port.")] = 8000,
) -> None:
    """Serve every cycle as a Prefect deployment until Ctrl-C (starting a local Prefect server if none is set),
    and the web board beside them."""
    from cli import context
    from cli.output import say, warn

    s, cfg = context.settings(), context.district()
    from flows.runtime import LocalServer, api_url, prepare

    prepare(s)
    server, url = None, api_url(s)
    if url is None:
        say("starting a local Prefect server (loopback only, history under " f"{s.prefect_dir}) …")
        server = LocalServer(s).start()
        server.record()
        url = server.url
        say(f"Prefect UI: [bold]{server.ui}[/bold]  (API {url})")
    else:
        say(f"using the Prefect API at {url}")
    board = None
    if web:
        from cli.web_cmd import start_board

        board = start_board(web_host, web_port, warn=warn)
        if board is not None:
            say(f"督导工作台: [bold]http://{web_host}:{web_port}/[/bold]")
    try:
        from flows.runtime import connected

        with connected(s, url=url):
            from flows.serving import serve_forever, start_serving

            now = context.now()
            startup = start_serving(cfg, now=now)
            context.announce_provisional(startup)
            for d in startup.deployments:
                say(f"  {d.full_name}: " + (f"schedule exact until {d.exact_until}" if d.rrule else
                                            f"runs when {cfg.cycle(d.cycle).after}'s occurrence closes"))
            for occ, state in startup.caught_up:
                say(f"  caught up {occ.cycle} {occ.date}: {state}")
            for key in sorted({o.cycle for o in startup.reported}):
                dates = [o.date.isoformat() for o in startup.reported if o.cycle == key]
                warn(f"{key}: {len(dates)} missed occurrence(s) older than its catch-up age were reported to the "
                     f"coordinators, not run: {', '.join(dates[:5])}{' …' if len(dates) > 5 else ''}")
            say("serving; Ctrl-C stops (scheduled runs are kept)")
            serve_forever(cfg, startup, since=now)
    finally:
        if board is not None:
            board.should_exit = True
        if server is not None:
            server.stop()


def deploy(
    pool: Annotated[str, typer.Option(help="工作池名称（process 类型，不存在时创建）。")] = "dudao",
) -> None:
    """把每个督导周期注册为 Prefect 工作池上的部署（多台主机：各自运行 `prefect worker start --pool dudao`）。"""
    from cli import context
    from cli.output import say
    from config.errors import DudaoError, Problem

    s, cfg = context.settings(), context.district()
    from flows.runtime import api_url, connected

    url = api_url(s)
    if url is None:
        raise DudaoError("dudao deploy 需要一个独立运行的 Prefect 服务器", [Problem(
            "DUDAO_PREFECT_API_URL", "请设置为服务器地址，例如 http://prefect.example:4200/api（见 docs/deploy.md）")])
    with connected(s, url=url):
        from flows.workers import deploy as register

        deployed = register(cfg, now=context.now(), pool=pool)
    context.announce_provisional(deployed)
    say(f"已在 {url} 的工作池「{deployed.pool}」注册 {len(deployed.deployments)} 个部署：")
    for d in deployed.deployments:
        name = cfg.cycle(d.cycle).display_name
        say(f"  {name}（{d.full_name}）：" + (f"日程精确至 {d.exact_until}" if d.rrule else
                                             f"随「{cfg.cycle(cfg.cycle(d.cycle).after).display_name}」结束后运行"))
    say(f"各主机运行：prefect worker start --pool {deployed.pool}（同一 DUDAO_DATABASE_URL、DUDAO_CONFIG_PATH）")
