"""One racer of tests/concurrency: `python -m tests.concurrency.racer KIND GO ARGS…` warms up (imports, a
connection to the ledger named by DUDAO_DATABASE_URL), waits until the wall-clock time GO so that every racer
starts its step together, runs it once and prints its result as one JSON line."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime

from config.dates import DISTRICT_TZ


def deliver(url: str, sink: str):
    from pydantic import SecretStr

    from config.channels import ChannelConfig, NotificationsConfig
    from notifications.delivery import dispatcher_for

    cfg = NotificationsConfig(channels=[ChannelConfig(name="hook", tags=["village:*"], unlimited_rate=True)])
    d = dispatcher_for(url, cfg, {"hook": SecretStr(sink)}, window=None)
    d.notifier.masked(d.channels[0])  # apprise loads its plugins before the start
    yield
    report = d.deliver(datetime(2022, 10, 12, 10, tzinfo=DISTRICT_TZ))
    yield {"delivered": report.delivered}


def sweep(url: str):
    from config.district import load_district_config
    from config.settings import get_settings
    from domain.issues import sweep_deadlines
    from domain.unit_of_work import unit_of_work

    cfg = load_district_config(get_settings().config_path)
    yield
    with unit_of_work(as_of=datetime(2022, 10, 12, 9, tzinfo=DISTRICT_TZ), actor="dudao:deadline-sweep",
                      config=cfg, url=url) as uow:
        result = sweep_deadlines(uow)
    yield {"queued": result.queued_total, "flagged": len(result.blacklisted)}


def close(url: str, key: str, outputs: str):
    from pathlib import Path

    from config.district import load_district_config
    from config.settings import get_settings
    from domain.rounds import close_round
    from domain.unit_of_work import unit_of_work

    cfg = load_district_config(get_settings().config_path)
    yield
    with unit_of_work(as_of=datetime(2022, 10, 24, 9, tzinfo=DISTRICT_TZ), actor="dudao:inspection",
                      config=cfg, url=url) as uow:
        closed = close_round(uow, key, outputs_dir=Path(outputs))
    yield {"created": closed.created, "messages": closed.messages}


def main(kind: str, go: str, *args: str) -> None:
    import sqlalchemy as sa

    from config.settings import get_settings
    from models.db import get_engine

    url = get_settings().db_url
    with get_engine(url).connect() as conn:  # the pool holds a warm connection
        conn.execute(sa.text("SELECT 1"))
    steps = {"deliver": deliver, "sweep": sweep, "close": close}[kind](url, *args)
    next(steps)
    time.sleep(max(0.0, float(go) - time.time()))
    print(json.dumps(next(steps)), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
