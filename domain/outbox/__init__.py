"""The outbox (通知发件箱), queueing side: every message is a row first, unique on (recipient, item, rule,
period), queued in the transaction that made the change; the send window; what waits and what failed.
"""

from __future__ import annotations

from domain.outbox.queue import KEY, Outgoing, enqueue, outbox_rows, requeue, send_window, set_status
from domain.outbox.use_cases import deliver_outbox, delivery_summary, dispatcher, list_outbox, retry_message, send_test

__all__ = [
    "KEY",
    "Outgoing",
    "deliver_outbox",
    "delivery_summary",
    "dispatcher",
    "enqueue",
    "list_outbox",
    "outbox_rows",
    "requeue",
    "retry_message",
    "send_test",
    "send_window",
    "set_status",
]
