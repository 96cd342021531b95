"""`dudao notify outbox | retry | test | deliver`: the notification outbox and its delivery, without Prefect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import By, Json, within
from config.limits import ID, LIMIT

if TYPE_CHECKING:
    from notifications.delivery import DeliveryReport

app = typer.Typer(help="通知发件箱及其发送。", no_args_is_help=True)
AsOf = Annotated[str | None, typer.Option("--at", help="操作时刻：2022-10-12（09:00）或 2022-10-12T15:30；"
                                                       "默认现在。")]


def print_delivery(report: DeliveryReport) -> None:
    from cli.output import say, table, warn

    if not report.window_open:
        say(f"不在发送时段（工作日、免打扰时段）：未发送；下一发送时段 {report.next_open}")
    if report.recovered:
        warn(f"{report.recovered} 条中断的发送已放回队列（可能重复送达）")
    busy = {n: c for n, c in report.channels.items() if c.posts or c.retrying or c.failed or c.deferred}
    if busy:
        table("投递", ["渠道", "URL", "消息", "条目", "重试", "失败", "次日", "错误"],
              [[n, c.url, c.posts, c.delivered, c.retrying, c.failed, c.deferred, "; ".join(c.errors[:2])]
               for n, c in busy.items()])
    elif report.window_open and not report.unroutable:
        say("没有到期的消息")
    for tag, n in sorted(report.unroutable.items()):
        warn(f"{n} 条发给 {tag} 的消息在等待：没有配置了 URL 的渠道服务此对象")
    if report.missing_urls:
        warn(f"未配置 URL 的渠道：{'、'.join(report.missing_urls)}（请设置 DUDAO_CHANNELS__<名称> 或密钥文件的 "
             "\\[channels]）")


@app.command("deliver")
def deliver(at: AsOf = None, as_json: Json = False) -> None:
    """发送所有到期的消息：每个接收对象、每天、每个渠道合并为一份汇总。"""
    from cli import context
    from cli.output import emit_json
    from cli.progress import shown
    from domain.outbox import deliver_outbox

    with shown(as_json), context.work(at, option="--at") as uow:
        report = deliver_outbox(uow)
    if as_json:
        emit_json(delivery_json(report))
    else:
        print_delivery(report)


@app.command("outbox")
def outbox(
    status: Annotated[str | None, typer.Option("--status", help=(
        "pending（待发送）、sent（已发送）、failed（失败）或 cancelled（已取消）。"))] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多显示的条数（最新在前）。",
                                       callback=within(LIMIT, "--limit"))] = 200,
    as_json: Json = False,
) -> None:
    """列出消息队列及各渠道的发送状态（最新在前）。"""
    from cli import context
    from cli.output import emit_json, table
    from domain.outbox import list_outbox

    with context.work() as uow:
        rows = list_outbox(uow, status=status, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table(f"通知发件箱（{len(rows)} 条）", ["编号", "对象", "事项", "规则", "期间", "状态", "渠道", "尝试", "错误"],
          [[r["id"], r["recipient_name"], r["item"], rule_name(r["rule"]), r["period"],
            STATUS_NAMES.get(r["status"], r["status"]),
            "、".join(f"{c}：{STATUS_NAMES.get(s, s)}" for c, s in r["channels"].items()), r["attempts"],
            (r["last_error"] or "")[:60]] for r in rows])


# what the coordinator reads for the outbox's keys (keys stay in --json)
STATUS_NAMES = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "失败", "cancelled": "已取消"}
RULE_NAMES = {"open": "交办", "due": "到期", "overdue": "逾期", "plan": "督查安排", "bulletin": "通报",
              "itinerary": "调研行程", "verify-due": "验收到期", "verify-overdue": "验收逾期",
              "verify-pass": "验收通过", "verify-fail": "验收未通过", "cycle-missed": "周期未运行",
              "campaign-remind": "百日攻坚提醒", "campaign-summary": "百日攻坚进展", "ranking-publish": "红黑榜发布",
              "ranking-black": "上黑榜", "ranking-revoke": "红黑榜撤销", "test": "测试"}


def rule_name(rule: str) -> str:
    """remind-3 → 提前3个工作日提醒, escalate-5 → 逾期5个工作日督办, open → 交办 …"""
    kind, _, days = rule.rpartition("-")
    if kind == "remind" and days.isdigit():
        return f"提前{days}个工作日提醒"
    if kind == "escalate" and days.isdigit():
        return f"逾期{days}个工作日督办"
    return RULE_NAMES.get(rule, rule)


@app.command("retry")
def retry(
    message_id: Annotated[int, typer.Argument(help="消息编号（见 `dudao notify outbox`）。",
                                              callback=within(ID, "消息编号"))],
    at: AsOf = None,
    by: By = None,
) -> None:
    """把失败（或已取消）的消息重新排队；在 --at 及之后的下一次发送时发出。"""
    from cli import context
    from cli.output import say
    from domain.outbox import retry_message

    with context.work(at, by, acting=True, option="--at") as uow:  # a replayed timeline retries at its own moment
        msg = retry_message(uow, message_id)
    say(f"消息 {msg['id']}（{msg['recipient']} {msg['item']} {msg['rule']}）已重新排队")


@app.command("test")
def test(
    tag: Annotated[str, typer.Argument(help="对象标签：coordinators、town:T01、village:<编码> …")],
    by: By = None,
    as_json: Json = False,
) -> None:
    """现在向服务 TAG 的每个渠道发送一条测试消息（经消息队列；不受免打扰时段限制）。"""
    from cli import context
    from cli.output import emit_json, say
    from domain.outbox import send_test

    with context.work(by=by, acting=True) as uow:
        message_id, serving, report = send_test(uow, tag)
    results = {n: {"url": report.channels[n].url, "ok": report.channels[n].posts > 0,
                   "error": "; ".join(report.channels[n].errors) or None} for n in serving}
    if as_json:
        emit_json({"id": message_id, "tag": tag, "channels": results})
        return
    for name, r in results.items():
        say(f"{'[green]成功[/green]' if r['ok'] else '[red]失败[/red]'} {name} {r['url']}"
            + (f": {r['error']}" if r["error"] else ""))
    if not all(r["ok"] for r in results.values()):
        raise typer.Exit(1)


def delivery_json(report: DeliveryReport | None) -> dict | None:
    if report is None:
        return None
    return {"window_open": report.window_open, "next_open": report.next_open, "delivered": report.delivered,
            "retrying": report.retrying, "failed": report.failed, "refused": report.refused,
            "waiting": report.waiting, "recovered": report.recovered, "unroutable": dict(report.unroutable),
            "missing_urls": report.missing_urls, "channels": {k: vars(v) for k, v in report.channels.items()}}
