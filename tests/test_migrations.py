"""The schema changes only through Alembic: an empty database upgraded through every migration equals the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import models  # noqa: F401
from models.db import get_engine
from models.migrate import alembic_config, current, upgrade


def test_one_linear_history():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "two migrations claim the same parent: rebase one onto the other"


def test_upgrade_from_empty_matches_models(home):
    """On the run's backend: a SQLite file, or an empty PostgreSQL database with --backend=postgresql."""
    from config.settings import get_settings

    url = get_settings().db_url
    script = ScriptDirectory.from_config(alembic_config(url))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for rev in revisions:  # one step at a time: every migration applies on top of the previous ones
        upgrade(url, rev)
        assert current(url) == rev
    with get_engine(url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_upgrade_is_idempotent(home):
    from config.settings import get_settings

    url = get_settings().db_url
    upgrade(url)
    upgrade(url)
    script = ScriptDirectory.from_config(alembic_config(url))
    assert current(url) == script.get_current_head()


def test_schema_head_is_alembics_head():
    from models.db import schema_head

    assert schema_head() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
