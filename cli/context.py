"""What every command needs: settings, the district config, the acting user, the clock.

The CLI is where the wall clock is read; domain code receives `as_of` as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from config.settings import Settings
    from domain.unit_of_work import UnitOfWork


def settings() -> Settings:
    from config.settings import get_settings

    return get_settings()


@lru_cache(maxsize=4)
def district(path: Path | None = None) -> DistrictConfig:
    from config.district import load_district_config

    return load_district_config(path or settings().config_path)


def tz() -> ZoneInfo:
    from config.dates import DISTRICT_TZ

    return DISTRICT_TZ


def now() -> datetime:
    return datetime.now(tz())


def actor(by: str | None) -> str:
    """Who acts: --by, else DUDAO_ACTING_USER, else the config's acting_user; required for audit events."""
    from config.errors import InputError, Problem

    who = by or settings().acting_user or district().district.acting_user
    if not who:
        raise InputError("who is acting?", [Problem("--by", "give --by NAME or set DUDAO_ACTING_USER")])
    return who


@contextmanager
def work(as_of: str | datetime | None = None, by: str | None = None, *, option: str = "--as-of",
         config: DistrictConfig | None = None, acting: bool = False) -> Iterator[UnitOfWork]:
    """The command's unit of work: as of `--as-of` (a typed moment, default now), acting as `--by`
    (required only when `acting`, i.e. the command changes the ledger), with the district config."""
    from cli.moments import moment
    from domain.unit_of_work import unit_of_work

    when = as_of if isinstance(as_of, datetime) else moment(as_of, option)
    who = actor(by) if acting else (by or settings().acting_user)
    with unit_of_work(as_of=when, actor=who, config=config or district) as uow:
        yield uow


def working_calendar():
    """The working-day calendar with the ledger's overrides (none while the ledger has no schema yet)."""
    from pathlib import Path

    import sqlalchemy as sa

    from domain.calendar import WorkingCalendar, working_calendar
    from domain.unit_of_work import unit_of_work

    url = sa.engine.make_url(settings().db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return WorkingCalendar()  # no ledger yet: do not create one just to read overrides
    with unit_of_work(as_of=now(), check_schema=False) as uow:
        if not sa.inspect(uow.session.connection()).has_table("calendaroverride"):
            return WorkingCalendar()
        return working_calendar(uow)


def announce_provisional(calendar) -> None:
    """Say on stderr (never in --json stdout) which years were computed without the official arrangement."""
    from cli.output import warn

    for year in sorted(calendar.provisional_years):
        warn(f"{year} is provisional: the official holiday arrangement (with make-up working days) is not known "
             f"to chinese_calendar yet; dates come from holidays.China without 调休. Enter the State Council notice "
             f"with `dudao calendar set DATE workday|holiday --note …`.")
