"""Fixtures for delivery tests: the example district's ledger, its send window, channels at local sinks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


class Outbox:
    """The example ledger plus helpers: queue rows, build a dispatcher over given channels."""

    def __init__(self, url: str, cfg):
        from domain.calendar.workdays import load_calendar
        from domain.outbox.queue import send_window
        from models.db import session_scope

        self.url, self.cfg = url, cfg
        with session_scope(url) as s:
            self.calendar = load_calendar(s)
        self.window = send_window(cfg, self.calendar)

    def queue(self, *messages, when: datetime) -> list[int]:
        from domain.outbox.queue import Outgoing, enqueue
        from models.db import session_scope

        with session_scope(self.url) as s:
            return enqueue(s, [m if isinstance(m, Outgoing) else Outgoing(*m) for m in messages], at=when)

    def dispatcher(self, channels: dict[str, tuple[str, list[str]]] | None = None, *, notifier=None, **channel_opts):
        """channels: name → (apprise url, tags); default: the example config's channels at json:// URLs."""
        from pydantic import SecretStr

        from config.channels import ChannelConfig, NotificationsConfig
        from notifications.delivery import dispatcher_for

        if channels is None:
            channels = {c.name: (f"json://127.0.0.1:9/{c.name}", list(c.tags)) for c in self.cfg.notifications.channels}
        cfg = NotificationsConfig(channels=[ChannelConfig(name=n, tags=t, **channel_opts.get(n, {}))
                                            for n, (_, t) in channels.items()],
                                  max_attempts=self.cfg.notifications.max_attempts)
        urls = {n: SecretStr(u) for n, (u, _) in channels.items()}
        return dispatcher_for(self.url, cfg, urls, window=self.window, notifier=notifier)

    def rows(self):
        import sqlalchemy as sa

        from models.db import session_scope
        from models.outbox import OutboxMessage

        with session_scope(self.url) as s:
            return s.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.fixture
def outbox(example_db, example_cfg) -> Outbox:
    return Outbox(example_db, example_cfg)
