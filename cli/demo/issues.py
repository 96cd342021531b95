"""Demo step: one day of the deadline sweep (2022-10-12), its digests captured by a local HTTP endpoint.

The example channels are pointed at an in-process json:// sink for the demo only (never at real bots).
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from config.dates import DISTRICT_TZ

if TYPE_CHECKING:
    from cli.demo.context import DemoContext

CYCLE, DAY = "deadline-sweep", datetime(2022, 10, 12, 9, 0, tzinfo=DISTRICT_TZ)
SEED = [  # (village code, title, category, deadline)
    ("330101001", "村集体经营性资产台账不全", "资产管理", date(2022, 9, 23)),
    ("330101002", "经营合同未规范签订", "合同管理", date(2022, 9, 30)),
    ("330102001", "增收项目进度滞后", "项目建设", date(2022, 10, 12)),
    ("330102001", "财务公开栏未及时更新", "财务管理", date(2022, 10, 14)),
    ("330103001", "光伏项目收益未及时入账", "增收渠道", date(2022, 10, 11)),
    ("330104001", "集体资产出租未公开招标", "资产管理", date(2022, 10, 14)),
    ("330105001", "村级组织活动场所未规范挂牌", "组织建设", date(2022, 11, 15)),
]


class _Sink:
    """A local HTTP endpoint that keeps what apprise posts to json:// URLs."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, str]] = []  # (channel, title, body)
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                sink.posts.append((self.path.strip("/"), data.get("title", ""), data.get("message", "")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def urls(self, names: list[str]) -> dict:
        from pydantic import SecretStr

        port = self.server.server_address[1]
        return {n: SecretStr(f"json://127.0.0.1:{port}/{n}") for n in names}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def step_deadline_sweep(ctx: DemoContext) -> None:
    """问题到期检查: seed issues in September, sweep and deliver on 2022-10-12, show what arrived."""
    from cli.output import say, table
    from domain.issues import open_issue, update_issue
    from domain.outbox import deliver_outbox, dispatcher
    from flows.cycle import artifact_key
    from flows.history import read_table

    sink = _Sink()
    urls = sink.urls([c.name for c in ctx.cfg.notifications.channels])
    try:
        opened = datetime(2022, 9, 13, 9, 30, tzinfo=DISTRICT_TZ)
        with ctx.work(opened) as uow:
            ids = [open_issue(uow, title=t, village=v, category=c, deadline=d, source_ref=f"demo:{n}")
                   for n, (v, t, c, d) in enumerate(SEED, start=1)]
        with ctx.work(opened.replace(day=14), actor="泰三村") as uow:
            update_issue(uow, ids[5], action="start")
        with ctx.work(opened.replace(day=30), actor="泰三村") as uow:
            update_issue(uow, ids[5], action="submit")
        with ctx.work(opened.replace(hour=10)) as uow:
            first = deliver_outbox(uow, through=dispatcher(uow, urls=urls))
        say(f"9月13日 交办 {len(SEED)} 个问题，{first.delivered} 条交办通知已送达各村；"
            f"问题{ids[5]}于9月30日提交整改、待验收")
        sink.posts.clear()
        # the day's run of the 问题到期检查 cycle, through Prefect (the channels have no URL in the demo: its rows
        # wait in the outbox for the local endpoint below)
        state, summary = ctx.run_cycle(CYCLE, DAY.date(), DAY)
        say(f"2022-10-12 09:00 问题到期检查（Prefect 运行 {state}）：{summary}")
        rows = read_table(f"{artifact_key(CYCLE, DAY.date())}-table")  # the run's table, as a leader reads it
        if rows:
            table("各镇街红黄绿灯（运行的表格产出）", list(rows[0]), [list(r.values()) for r in rows])
        with ctx.work(DAY.replace(minute=5)) as uow:
            report = deliver_outbox(uow, through=dispatcher(uow, urls=urls))
        say(f"投递 {report.delivered} 条，合并为 {sum(c.posts for c in report.channels.values())} 份日汇总，"
            f"失败 {report.failed}")
        for channel, title, body in sorted(sink.posts):
            say(f"[bold]{_clip(title, 60)}[/bold] → {channel}")
            for line in body.splitlines():
                say("    " + _clip(line, 74))
        state, summary = ctx.run_cycle(CYCLE, DAY.date(), DAY.replace(hour=15))
        with ctx.work(DAY.replace(hour=15, minute=5)) as uow:
            sent = deliver_outbox(uow, through=dispatcher(uow, urls=urls)).delivered
        say(f"同日 15:00 再次运行：{summary.split('；')[0]}；发送 {sent} 条（每个提醒只发一次）")
    finally:
        sink.close()
    ctx.look += [("issues", ".venv/bin/dudao issues list --as-of 2022-10-12"),
                 ("one issue's history", f".venv/bin/dudao issues show {ids[0]} --as-of 2022-10-12"),
                 ("outbox", ".venv/bin/dudao notify outbox")]


def _clip(text: str, cells: int) -> str:
    """Keep a printed line within the terminal (CJK characters are two cells wide)."""
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return text
    while cell_len(text) > cells - 2:
        text = text[:-1]
    return text + "…"
