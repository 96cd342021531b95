"""Setting a ledger up: migrate to head, load the config, optionally import a roster, in one go."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from adapters.sheets import read_table
from config.district import DistrictConfig
from domain.roster.district import sync_config
from domain.roster.ledger import ImportReport, apply_roster
from domain.roster.sheet import parse_roster
from models.db import session_scope
from models.migrate import upgrade


def initialise(url: str, cfg: DistrictConfig, config_path: Path, roster: Path | None, *, at: datetime,
               actor: str) -> ImportReport | None:
    """Idempotent: running it again changes nothing that is already there."""
    rows = None
    if roster is not None:  # validate before touching the database: nothing half-written
        rows = parse_roster(read_table(roster), known_towns={t.name for t in cfg.towns} or None)
    upgrade(url)
    with session_scope(url) as session:
        sync_config(session, cfg, at=at, actor=actor, source=str(config_path))
        if rows is not None:
            return apply_roster(session, rows, at=at, actor=actor, source=Path(roster).name)
    return None
