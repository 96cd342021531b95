"""docs/deploy.md's PostgreSQL backup and restore, performed: `pg_dump -Fc` of a ledger in use, `pg_restore` into
an empty database, and dudao reads the restored ledger as the original (schema at head, same roster, same
issues)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import AT

pytestmark = pytest.mark.postgresql_only


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
