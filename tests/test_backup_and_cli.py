"""Backup while writing; the CLI stays light; init is idempotent."""

import json
import sqlite3
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from models.db import session_scope
from models.org import Village


@pytest.mark.sqlite_only
def test_backup_while_a_write_is_in_progress(cli, example_db, home, tmp_path):
    db = sa.engine.make_url(example_db).database
    writer = sqlite3.connect(db, timeout=30)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE village SET name = name || '（未提交）'")  # held open: not committed
    stop = threading.Event()
    committed = []

    def keep_writing():
        other = sqlite3.connect(db, timeout=30)
        while not stop.is_set():
            try:
                other.execute("INSERT INTO auditevent (at, actor, entity, entity_id, action) "
                              "VALUES ('2022-10-01 00:00:00', 'w', 'x', 'y', 'z')")
                other.commit()
                committed.append(1)
            except sqlite3.OperationalError:
                other.rollback()
        other.close()

    try:
        out = cli("backup", tmp_path / "copy.db")
        assert "已备份" in out.output
    finally:
        writer.rollback()
        writer.close()
    t = threading.Thread(target=keep_writing)
    t.start()
    try:
        cli("backup", tmp_path / "copy2.db")
    finally:
        stop.set()
        t.join()
    for copy in ("copy.db", "copy2.db"):
        con = sqlite3.connect(tmp_path / copy)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [r[0] for r in con.execute("SELECT name FROM village")]
        assert len(names) == 150 and not any("未提交" in n for n in names)
        con.close()
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.sqlite_only
def test_backup_refuses_the_database_itself(cli, example_db):
    db = sa.engine.make_url(example_db).database
    assert "备份目标就是账本本身" in cli("backup", db, code=1).error


def test_help_loads_neither_database_settings_nor_prefect():
    code = ("import sys; sys.argv = ['dudao', '--help']\n"
            "from cli.main import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'pydantic_settings', 'prefect', 'apprise', 'alembic')"
            " if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out
    assert "roster" in out and "init" in out


def test_roster_show_does_not_import_prefect(example_db):
    code = ("import sys; sys.argv = ['dudao', 'roster', 'show', '--json']\n"
            "from cli.main import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print('PREFECT', 'prefect' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PREFECT False" in out.stderr
    assert len(json.loads(out.stdout)) == 150


def test_init_twice_changes_nothing(cli, home):
    from .conftest import EXAMPLES

    first = cli("init", "--roster", EXAMPLES / "roster.xlsx", "--by", "测试")
    assert "新增村（社区）150 个" in first.output and "6 个镇、4 个街道" in first.output
    again = cli("init", "--roster", EXAMPLES / "roster.xlsx", "--by", "测试")
    assert "新增村（社区）0 个，更新 0 个，未变 150 个" in again.output
    from config.settings import get_settings

    with session_scope(get_settings().db_url) as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Village)).scalar_one() == 150


def test_bad_settings_are_a_clear_error(cli, monkeypatch):
    from config.settings import get_settings

    monkeypatch.setenv("DUDAO_CHANNELS", "not-json")
    get_settings.cache_clear()
    out = cli("roster", "show", code=1)
    assert "DUDAO_CHANNELS" in out.error


def test_a_ledger_made_by_an_older_dudao_is_a_clear_message(home, tmp_path):
    """Commands on a database behind the migrations say `dudao init` upgrades it, never a traceback."""
    import os

    from config.settings import get_settings
    from models.migrate import upgrade

    upgrade(get_settings().db_url, "0002_calendar_outbox")
    env = {**os.environ}
    for args in (["issues", "list"], ["ranking", "show"], ["roster", "show"]):
        out = subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=env)
        assert out.returncode == 1, (args, out.stdout, out.stderr)
        assert "请运行 `dudao init` 升级" in out.stderr and "Traceback" not in out.stderr, out.stderr
