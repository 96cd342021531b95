"""What every command needs: settings, the district config, the acting user, the clock.

The CLI is where the wall clock is read; domain code receives `as_of` as a parameter.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from config.settings import Settings


def settings() -> Settings:
    from config.settings import get_settings

    return get_settings()


@lru_cache(maxsize=4)
def district(path: Path | None = None) -> DistrictConfig:
    from config.district import load_district_config

    return load_district_config(path or settings().config_path)


def tz() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


def now() -> datetime:
    return datetime.now(tz())


def actor(by: str | None) -> str:
    """Who acts: --by, else DUDAO_ACTING_USER, else the config's acting_user; required for audit events."""
    from config.errors import InputError, Problem

    who = by or settings().acting_user or district().district.acting_user
    if not who:
        raise InputError("who is acting?", [Problem("--by", "give --by NAME or set DUDAO_ACTING_USER")])
    return who
