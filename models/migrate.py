"""Alembic, driven from code: `dudao init` upgrades the ledger to head.

Alembic is imported when a migration runs, not with this module: every command that only reads the ledger
would otherwise pay ~0.25 s for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (creating the file when it is SQLite)."""
    from alembic import command

    from models.db import get_engine, refuse_locale_collation

    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        refuse_locale_collation(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from models.db import get_engine

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
