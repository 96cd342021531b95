"""Fixtures of the support-project and contract ledgers: the example district loaded, units of work at a moment,
sheets written as real .xlsx files, the outbox's rows and channels pointed at a local sink."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXAMPLES = Path(__file__).resolve().parents[2] / "config" / "examples"


def at(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


@pytest.fixture
def work(example_db, example_cfg):
    """`work(moment, actor=…)`: a unit of work on the example district (committed at the end of the block)."""
    from domain.unit_of_work import unit_of_work

    def _work(moment: datetime, actor: str = "测试"):
        return unit_of_work(as_of=moment, actor=actor, config=example_cfg, url=example_db)

    return _work


def write_sheet(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    from adapters.sheets import write_table

    return write_table(path, headers, rows)


def table(path: Path):
    from adapters.sheets import read_table

    return read_table(path)


def count(url: str, model, *where) -> int:
    from models.db import session_scope

    with session_scope(url) as s:
        return s.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def outbox(url: str, item_prefix: str) -> list[tuple[str, str, str, str, str]]:
    """(recipient, item, rule, period, status) of the outbox rows of an item prefix."""
    from models.db import session_scope
    from models.outbox import OutboxMessage

    with session_scope(url) as s:
        return [(r, i, ru, p, str(st)) for r, i, ru, p, st in s.execute(
            sa.select(OutboxMessage.recipient, OutboxMessage.item, OutboxMessage.rule, OutboxMessage.period,
                      OutboxMessage.status).where(OutboxMessage.item.startswith(item_prefix))
            .order_by(OutboxMessage.id))]


@pytest.fixture
def channels_at_sink(sink, example_cfg, monkeypatch):
    """Every channel of the example district pointed at the local sink (json://)."""
    from config.settings import get_settings

    port = sink.server.server_address[1]
    for c in example_cfg.notifications.channels:
        monkeypatch.setenv(f"DUDAO_CHANNELS__{c.name.upper().replace('-', '_')}", f"json://127.0.0.1:{port}/{c.name}")
    get_settings.cache_clear()
    return sink
