"""What a flow acts with: the district config (parsed again only when its file changed — a served process
runs many flows) and a unit of work for each step (domain.unit_of_work; flows open no session themselves)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache

from config.district import DistrictConfig, load_district_config
from config.settings import get_settings
from domain.unit_of_work import UnitOfWork, unit_of_work


def district_config() -> DistrictConfig:
    """The district config, parsed again only when the file changed."""
    path = get_settings().config_path
    return _config_at(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _config_at(path: str, _mtime_ns: int) -> DistrictConfig:
    return load_district_config(path)


@contextmanager
def flow_work(as_of: datetime, *, actor: str | None = None,
              config: DistrictConfig | None = None) -> Iterator[UnitOfWork]:
    """One unit of work of a flow step, acting as of `as_of`, with the district config (`config`, else the
    configured file's)."""
    with unit_of_work(as_of=as_of, actor=actor, config=config or district_config) as uow:
        yield uow
