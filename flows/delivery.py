"""Delivering the outbox: after every cycle body, after a failure notice, from serve's watcher, and from the
`dudao notify` commands (this module imports no prefect).

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
from notifications.delivery import DeliveryReport, Dispatcher, configured_dispatcher


def district_dispatcher(cfg: DistrictConfig, calendar: WorkingCalendar, **options) -> Dispatcher:
    """The dispatcher of this process: the configured channels, the send window from the district's calendar.
    (`options` go to `configured_dispatcher`, e.g. the demo's local sink URLs.)"""
    settings = get_settings()
    return configured_dispatcher(settings, cfg, send_window(cfg, calendar, ZoneInfo(settings.timezone)), **options)


def deliver_due(cfg: DistrictConfig, calendar: WorkingCalendar, at: datetime, *,
                only: Sequence[int] | None = None) -> DeliveryReport:
    """Send every queued message that is due at `at` (or only the rows `only`) to the configured channels."""
    return district_dispatcher(cfg, calendar).deliver(at, only=only)


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
        text += f"；{sum(report.unroutable.values())} 条无可用渠道（{'、'.join(sorted(report.unroutable))}）"
    return text
