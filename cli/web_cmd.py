"""`dudao web`: serve the web board (uvicorn, the app by its import string: cli never imports web/)."""

from __future__ import annotations

from typing import Annotated

import typer

Host = Annotated[str, typer.Option("--host", help="监听地址；默认只在本机（127.0.0.1）。")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="端口。")]
WebAsOf = Annotated[str | None, typer.Option("--as-of", help="把工作台的时钟固定在这个时刻（演示 2022 年季度用）；"
                                                             "默认为当前时间。")]


def web(host: Host = "127.0.0.1", port: Port = 8000, as_of: WebAsOf = None) -> None:
    """启动网页工作台（登录后按角色使用）。"""
    from cli.output import say

    run_board(host, port, as_of, announce=say)


def run_board(host: str, port: int, as_of: str | None, *, announce=None, log_level: str = "warning") -> None:
    import os

    import uvicorn

    from cli import context
    from cli.moments import moment

    if as_of:
        moment(as_of)  # a clear error for a moment that cannot be read, before the server starts
        os.environ["DUDAO_WEB_AS_OF"] = as_of
        from config.settings import get_settings

        get_settings.cache_clear()  # read again with the pinned moment
    context.settings()  # the settings are valid before the server starts
    if announce:
        announce(f"督导工作台：http://{host}:{port}/  （Ctrl-C 停止）")
    uvicorn.run("web.app:make_app", factory=True, host=host, port=port, log_level=log_level,
                proxy_headers=False, server_header=False)


def start_board(host: str, port: int, *, warn) -> object | None:
    """The web board in a thread of this process (`dudao serve`); None, with a warning, when the port is taken.
    Its `should_exit = True` stops it."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            warn(f"网页看板未启动：{host}:{port} 已被占用（{exc.strerror}）；请用 --web-port 换一个端口")
            return None
    server = uvicorn.Server(uvicorn.Config("web.app:make_app", factory=True, host=host, port=port,
                                          log_level="warning", server_header=False))
    thread = threading.Thread(target=server.run, name="dudao-web", daemon=True)
    thread.start()
    for _ in range(100):  # the app checks the ledger once at start-up: wait for it (or its failure)
        if server.started or not thread.is_alive():
            break
        time.sleep(0.1)
    if not server.started:
        warn("网页看板未能启动（见上方信息）；各周期照常运行，但没有网页看板")
        return None
    return server
