"""Delivering the outbox from a flow: after every cycle body, after a failure notice, and from serve's watcher.

Delivery keeps to the send window (working days, outside quiet hours, one digest a day per recipient),
so calling it often is safe: what is not due yet stays queued for the next working morning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from config.district import DistrictConfig
from config.settings import get_settings
from domain.calendar import WorkingCalendar
from domain.outbox import send_window
from notifications.delivery import DeliveryReport, configured_dispatcher


def deliver_due(cfg: DistrictConfig, calendar: WorkingCalendar, at: datetime, *,
                only: Sequence[int] | None = None) -> DeliveryReport:
    """Send every queued message that is due at `at` (or only the rows `only`) to the configured channels."""
    settings = get_settings()
    window = send_window(cfg, calendar, ZoneInfo(settings.timezone))
    dispatcher = configured_dispatcher(settings, cfg, window)
    return dispatcher.deliver(at, only=only)


def delivery_summary(report: DeliveryReport) -> str:
    """One line for logs and artifacts (masked channel URLs only)."""
    text = f"送达 {report.delivered} 条，失败 {report.failed} 条"
    if not report.window_open and report.next_open:
        text += f"；当前不在发送时段，{report.next_open:%Y-%m-%d %H:%M} 起发送"
    if report.unroutable:
        text += f"；{sum(report.unroutable.values())} 条无可用渠道（{'、'.join(sorted(report.unroutable))}）"
    return text
