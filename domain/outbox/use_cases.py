"""The outbox's operations on a unit of work: deliver what is due (through notifications/, the apprise side),
list the rows, put a failed one back in the queue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from config.errors import InputError, Problem
from config.settings import get_settings
from domain.calendar import working_calendar
from domain.outbox.queue import Outgoing, enqueue, outbox_rows, requeue, send_window
from models.units import UnitDirectory
from notifications.delivery import DeliveryReport, Dispatcher, configured_dispatcher
from notifications.ledger import TEST_RULE
from notifications.templates import probe_message

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


def dispatcher(uow: UnitOfWork, **options: Any) -> Dispatcher:
    """The district's dispatcher: the configured channels (URLs from the environment or the secrets file),
    the send window from the district's calendar. `options` go to `configured_dispatcher` (the demo's sinks)."""
    return configured_dispatcher(get_settings(), uow.config, send_window(uow.config, working_calendar(uow), uow.tz),
                                 **options)


def deliver_outbox(uow: UnitOfWork, *, only: Sequence[int] | None = None, force: bool = False,
                   through: Dispatcher | None = None) -> DeliveryReport:
    """Send every queued message that is due at the as-of moment (or only the rows `only`).

    What this unit of work queued is committed first: delivery claims and marks each part in short
    transactions of its own around the network send, so nothing is sent that could still roll back."""
    uow.commit()
    return (through or dispatcher(uow)).deliver(uow.as_of, only=only, force=force)


def list_outbox(uow: UnitOfWork, *, status: str | None = None, limit: int = 200) -> list[dict]:
    """Outbox rows, newest first, with their delivery state per channel (`dudao notify outbox`)."""
    return outbox_rows(uow.session, status=status, limit=limit)


def retry_message(uow: UnitOfWork, message_id: int) -> Mapping[str, Any]:
    """Put a failed or cancelled row back in the queue (audited); what it now is."""
    msg = requeue(uow.session, message_id, at=uow.as_of, actor=uow.who)
    return {"id": msg.id, "status": msg.status.value, "recipient": msg.recipient, "item": msg.item, "rule": msg.rule}


def send_test(uow: UnitOfWork, tag: str) -> tuple[int, list[str], DeliveryReport]:
    """`dudao notify test`: a test message to every channel serving `tag`, through the outbox, now (quiet
    hours and the one-digest-a-day rule do not hold it back). (outbox id, channels, delivery report)"""
    through = dispatcher(uow)
    serving = [c.name for c in through.channels if c.serves(tag)]
    if not serving:
        names = ", ".join(c.name for c in through.channels) or "none"
        raise InputError("没有渠道服务此对象", [Problem(tag, f"已配置 URL 的渠道：{names}")])
    title, body = probe_message(tag, UnitDirectory.load(uow.session).label(tag))
    (message_id,) = enqueue(uow.session, [Outgoing(tag, "test", TEST_RULE, f"{uow.as_of:%Y-%m-%dT%H:%M:%S}",
                                                   {"text": body, "title": title, "by": uow.who})], at=uow.as_of)
    return message_id, serving, deliver_outbox(uow, only=[message_id], force=True, through=through)


def delivery_summary(report: DeliveryReport) -> str:
    """One line for logs and artifacts (no channel URL): rows sent, waiting to retry and failed on this run's
    channels, and what is still queued."""
    text = f"送达 {report.delivered} 条，等待重试 {report.retrying} 条，失败 {report.failed} 条"
    if report.refused:
        text += f"（其中被拒收 {report.refused} 条，不再重试）"
    if report.waiting:
        text += f"；队列中待发 {report.waiting} 条"
    if not report.window_open and report.next_open:
        text += f"；当前不在发送时段，{report.next_open:%Y-%m-%d %H:%M} 起发送"
    if report.unroutable:
        names = "、".join(report.names.get(t, t) for t in sorted(report.unroutable))
        text += f"；{sum(report.unroutable.values())} 条无可用渠道（{names}）"
    return text
