"""What every command needs: settings, the district config, the acting user, the clock.

The CLI is where the wall clock is read; domain code receives `as_of` as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from config.settings import Settings
    from domain.unit_of_work import UnitOfWork

Ledger = Literal["required", "optional", "set-up"]


def settings() -> Settings:
    from config.settings import get_settings

    return get_settings()


@lru_cache(maxsize=4)
def district(path: Path | None = None) -> DistrictConfig:
    from config.district import load_district_config

    return load_district_config(path or settings().config_path)


def now() -> datetime:
    """The wall clock in the district's zone: the CLI is where it is read (domain code receives as_of)."""
    from config.dates import DISTRICT_TZ

    return datetime.now(DISTRICT_TZ)


def actor(by: str | None) -> str:
    """Who acts: --by, else DUDAO_ACTING_USER, else the config's acting_user; required for audit events."""
    from config.errors import InputError, Problem

    if by is not None and not by.strip():
        raise InputError("操作人是谁？", [Problem("--by", f"{by!r} 没有写人名；请给出操作人，例如 --by 组织科")])
    who = (by or settings().acting_user or district().district.acting_user or "").strip()
    if not who:
        raise InputError("操作人是谁？", [Problem("--by", "请用 --by 姓名 给出操作人，或设置 DUDAO_ACTING_USER")])
    from models.audit import AuditEvent
    from models.db import length_problem

    if problem := length_problem(AuditEvent.actor, who):  # the audit trail's declared length
        raise InputError("--by 过长，未执行（未写入任何内容）", [Problem("--by", problem)])
    return who


@contextmanager
def work(as_of: str | datetime | None = None, by: str | None = None, *, option: str = "--as-of",
         config: DistrictConfig | None = None, acting: bool = False,
         ledger: Ledger = "required") -> Iterator[UnitOfWork]:
    """The command's unit of work: as of `--as-of` (a typed moment, default now), acting as `--by`
    (required only when `acting`, i.e. the command changes the ledger), with the district config.

    `ledger`: "required" — at this dudao's schema (else: run `dudao init`); "optional" — the command works
    before `dudao init`: the schema is not checked, and a ledger that does not exist yet is not created (an
    empty one in memory stands in); "set-up" — `dudao init` itself creates or upgrades it."""
    from cli.moments import moment
    from domain.unit_of_work import unit_of_work

    when = as_of if isinstance(as_of, datetime) else moment(as_of, option)
    who = actor(by) if acting else (by or settings().acting_user)
    url = "sqlite://" if ledger == "optional" and not ledger_exists() else None
    with unit_of_work(as_of=when, actor=who, config=config or district, url=url,
                      check_schema=ledger == "required") as uow:
        yield uow


def ledger_exists() -> bool:
    """False when the embedded SQLite ledger's file is not there yet (a server database is taken to exist)."""
    import sqlalchemy as sa

    url = sa.engine.make_url(settings().db_url)
    return not (url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:"
                and not Path(url.database).exists())


def announce_provisional(calendar) -> None:
    """Say on stderr (never in --json stdout) which years were computed without the official arrangement."""
    from cli.output import warn

    for year in sorted(calendar.provisional_years):
        warn(f"{year} 年为暂定日历：chinese_calendar 尚无国务院公布的放假安排（含调休），日期按 holidays.China "
             f"推算，未含调休。请用 `dudao calendar set 日期 workday|holiday --note …` 录入国务院通知。")
