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
        raise InputError(f"没有周期 {key!r}", [Problem(
            "CYCLE", "应为以下之一：" + "、".join(f"{c.key}（{c.display_name}）" for c in cfg.cycles if c.enabled))]) \
            from None


def run(
    cycle: Annotated[str, typer.Argument(help="周期的 key，例如 biweekly-inspection。")],
    occurrence: Annotated[str | None, typer.Option(
        help="发生日（YYYY-MM-DD）；默认今天（或 --as-of）及之前最近的一次。")] = None,
    as_of: AsOf = None,
) -> None:
    """现在通过 Prefect 运行某周期的一次发生（重跑更新同一条运行记录）。"""
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

    with connected(s, background=True) as url:
        say(f"正在运行{c.display_name} {day}（截至 {when.isoformat(timespec='minutes')}），Prefect："
            + (url or f"本地运行记录 {s.prefect_dir}（临时服务器；启动 `dudao serve` 更快）"))
        from flows.cycle import artifact_key
        from flows.registry import flow_for

        state = flow_for(c.kind)(cycle=c.key, occurrence=day, as_of=when, rerun=True, return_state=True)
    if not state.is_completed():
        warn(f"{c.display_name} {day}：{state.name}：{state.message}")
        raise DudaoError(f"{c.display_name} {day} 的运行以 {state.name} 结束；已通知督导协调人员")
    say(f"[green]{state.name}[/green] {c.display_name} {day}：{state.result()}")
    say(f"运行产出：{artifact_key(c.key, day)} — `dudao history --flow {c.key}`")


def history(
    flow: Annotated[str | None, typer.Option(help="流程名（inspection-round …）或周期 key。")] = None,
    since: Annotated[str | None, typer.Option(help="排定在此日期及之后的运行（YYYY-MM-DD）。")] = None,
    limit: Annotated[int, typer.Option(help="最多显示的运行条数（最新在前）。",
                                       callback=within(LIMIT, "--limit"))] = 50,
    as_json: Json = False,
) -> None:
    """Prefect 中的运行记录：每次运行的状态、时间、发生日、截至时刻和产出。"""
    from cli import context
    from cli.output import emit_json, table

    s = context.settings()
    day = parse_date(since, "--since")
    from flows.runtime import connected

    with connected(s, background=True):
        from flows.history import read_history

        rows = read_history(flow=flow, since=day, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table("运行记录（Prefect）", ["流程", "运行", "状态", "计划时间", "用时（秒）", "发生日", "执行时点", "产物"],
          [[r["flow"], r["run"], r["state"], (r["scheduled"] or "")[:16], r["duration_s"], r["occurrence"],
            (r["as_of"] or "")[:16], ", ".join(r["artifacts"])] for r in rows])


def serve(
    stop: Annotated[bool, typer.Option(
        "--stop", help="停止本地后台 Prefect 服务器（命令之间共用的那一个）后退出。")] = False,
    web: Annotated[bool, typer.Option("--web/--no-web", help="同时提供网页工作台。")] = True,
    web_host: Annotated[str, typer.Option("--web-host", help="网页工作台的地址（默认本机回环）。")]
    = "127.0.0.1",
    web_port: Annotated[int, typer.Option("--web-port", min=1, max=65535, help="网页工作台的端口。")] = 8000,
) -> None:
    """把每个周期作为 Prefect 部署持续运行，直到按 Ctrl-C（未设置服务器时启动本地 Prefect 服务器），
    并同时提供网页工作台。"""
    from cli import context
    from cli.output import say, warn

    s = context.settings()
    from flows.runtime import LocalServer, adopt_background, api_url, prepare, reap_orphan, stop_recorded

    prepare(s)
    if stop:
        say(stop_recorded(s))
        return
    cfg = context.district()
    if notice := reap_orphan(s):
        warn(notice)
    server, url = adopt_background(s), None
    url = server.url if server is not None else api_url(s)
    if server is not None:
        say(f"接管本地后台 Prefect 服务器：{server.ui}（本次 serve 结束时停止）")
    elif url is None:
        say(f"正在启动本地 Prefect 服务器（仅本机访问，运行记录在 {s.prefect_dir}）…")
        server = LocalServer(s).start()
        server.record()
        url = server.url
        say(f"Prefect 界面：[bold]{server.ui}[/bold]（API {url}）")
    else:
        say(f"使用 Prefect API：{url}")
    board = None
    if web:
        from cli.web_cmd import start_board

        board = start_board(web_host, web_port, warn=warn)
        if board is not None:
            say(f"督导工作台：[bold]http://{web_host}:{web_port}/[/bold]")
    try:
        from flows.runtime import connected

        with connected(s, url=url):
            from flows.serving import serve_forever, start_serving

            now = context.now()
            startup = start_serving(cfg, now=now)
            context.announce_provisional(startup)
            for d in startup.deployments:
                say(f"  {cfg.cycle(d.cycle).display_name}（{d.full_name}）：" + (
                    f"日程精确到 {d.exact_until}" if d.rrule else
                    f"在{cfg.cycle(cfg.cycle(d.cycle).after).display_name}本期结束后运行"))
            for occ, state in startup.caught_up:
                say(f"  补跑 {cfg.cycle(occ.cycle).display_name} {occ.date}：{state}")
            for key in sorted({o.cycle for o in startup.reported}):
                dates = [o.date.isoformat() for o in startup.reported if o.cycle == key]
                warn(f"{cfg.cycle(key).display_name}：{len(dates)} 次错过的发生日超出补跑期限，已报告督导协调人员，"
                     f"未补跑：{'、'.join(dates[:5])}{' …' if len(dates) > 5 else ''}")
            say("正在服务；按 Ctrl-C 停止（已排定的运行保留）")
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
    say(f"各主机运行：`prefect worker start --pool {deployed.pool}`（同一 DUDAO_DATABASE_URL、DUDAO_CONFIG_PATH）")
