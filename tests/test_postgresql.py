"""PostgreSQL as a ledger: docs/deploy.md's backup and restore, performed (`pg_dump -Fc` of a ledger in use,
`pg_restore` into an empty database, dudao reads it as the original); the text-order rule (Unicode code point,
as SQLite) checked on both backends, and a database that sorts by language refused by `dudao init`."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import AT


@pytest.mark.postgresql_only
def test_pg_dump_and_restore_give_the_same_ledger(example_db, example_cfg, pg_cluster, cli, tmp_path, monkeypatch):
    from domain.issues import open_issue
    from domain.unit_of_work import unit_of_work

    with unit_of_work(as_of=AT, actor="测试", config=example_cfg, url=example_db) as uow:
        open_issue(uow, title="村集体资产台账不全", village="330101001", deadline=AT.date().replace(month=10, day=31),
                   category="资产管理")
    before = {"roster": json.loads(cli("roster", "show", "--json").output),
              "issues": json.loads(cli("issues", "list", "--json").output)}
    dump = tmp_path / "dudao.dump"
    source = example_db.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run([pg_cluster.bin / "pg_dump", "-Fc", "-f", dump, "-d", source], check=True, capture_output=True)
    restored = pg_cluster.create_database("restored")
    subprocess.run([pg_cluster.bin / "pg_restore", "--no-owner", "-d", restored.replace("postgresql+psycopg://",
                                                                                       "postgresql://"), dump],
                   check=True, capture_output=True)
    from tests.conftest import _reset_caches

    monkeypatch.setenv("DUDAO_DATABASE_URL", restored)
    _reset_caches()
    try:
        after = {"roster": json.loads(cli("roster", "show", "--json").output),
                 "issues": json.loads(cli("issues", "list", "--json").output)}
        assert after == before and before["issues"]
        cli("issues", "open", "--title", "恢复后可写入", "--village", "330101002", "--deadline", "2022-10-31",
            "--category", "资产管理", "--by", "测试", "--as-of", "2022-09-30")  # ids continue: sequences restored
    finally:
        _reset_caches()
        pg_cluster.drop_database("restored")
    assert os.path.getsize(dump) > 0


@pytest.mark.postgresql_only
def test_a_database_sorting_by_language_is_refused_by_init(pg_cluster, cli, home, monkeypatch):
    """Text order is Unicode code point on both ledgers (the stated rule: Chinese names list the same way on
    SQLite and PostgreSQL); a PostgreSQL database with a language collation would list them by pinyin or
    stroke, so `dudao init` refuses it and names the command that creates a right one."""
    from tests.conftest import _reset_caches

    pg_cluster.execute("CREATE DATABASE by_language TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' "
                       "LOCALE 'C'")
    monkeypatch.setenv("DUDAO_DATABASE_URL", pg_cluster.url("by_language"))
    _reset_caches()
    try:
        out = cli("init", "--by", "测试", code=1)
        assert "排序规则" in out.error and "createdb --locale=C.UTF-8 --template=template0 by_language" in out.error
    finally:
        _reset_caches()
        pg_cluster.drop_database("by_language")


def test_chinese_names_sort_by_code_point(db_url):
    """The rule itself, on this run's backend: ORDER BY a name gives Unicode code point order."""
    import sqlalchemy as sa

    from models.db import session_scope
    from models.org import Town

    names = ["青山镇", "河口镇", "柳林镇", "阿镇", "Z镇", "白云街道", "东城街道"]
    with session_scope(db_url) as s:
        s.execute(sa.insert(Town), [{"code": f"S{i:02d}", "name": n, "kind": "town"} for i, n in enumerate(names)])
        listed = s.scalars(sa.select(Town.name).where(Town.code.like("S%")).order_by(Town.name)).all()
    assert listed == sorted(names)


@pytest.mark.parametrize("ci", [False, True])
def test_without_postgresql_the_second_half_says_so_and_fails_in_ci(ci, tmp_path):
    """No PostgreSQL binaries: `pytest --backend=postgresql` says the half was not run; exit 0 on a developer's
    machine, 1 in CI (CI set), so CI never passes on SQLite alone."""
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(DUDAO_PG_BINDIR=str(tmp_path / "none"), DUDAO_NO_TEST_SUMMARY="1", **({"CI": "true"} if ci else {}))
    out = subprocess.run([sys.executable, "-m", "pytest", "--backend=postgresql", "-p", "no:cacheprovider",
                          "tests/test_migrations.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "PostgreSQL half of the suite was NOT run" in out.stdout + out.stderr
    assert out.returncode == (1 if ci else 0), out.stdout + out.stderr
