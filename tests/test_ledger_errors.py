"""A ledger the user cannot use, or a change the ledger refuses, ends in a clear message (exit 1) naming the
ledger — never a traceback — and nothing is written."""

from __future__ import annotations

import pytest

from tests.conftest import AT


@pytest.mark.sqlite_only
def test_a_ledger_path_that_is_a_folder_is_named(cli, home, monkeypatch):
    folder = home / "ledger.db"
    folder.mkdir(parents=True)
    monkeypatch.setenv("DUDAO_DATABASE_URL", f"sqlite:///{folder}")
    result = cli("issues", "list", code=1)
    assert "无法打开账本文件" in result.error and str(folder) in result.error


def test_a_database_url_without_its_driver_says_what_to_install(cli, home, monkeypatch):
    monkeypatch.setenv("DUDAO_DATABASE_URL", "postgresql+nodriver://dudao:secret@127.0.0.1:1/dudao")
    result = cli("issues", "list", code=1)
    assert "缺少数据库驱动" in result.error and "secret" not in result.error


def test_a_uniqueness_conflict_is_named_and_rolls_back(district_db):
    from sqlmodel import select

    from config.errors import DudaoError
    from domain.unit_of_work import unit_of_work
    from models.org import Town

    with unit_of_work(as_of=AT, url=district_db) as uow:
        first = uow.session.exec(select(Town)).first()
        before = len(uow.session.exec(select(Town)).all())
    with pytest.raises(DudaoError) as refused, unit_of_work(as_of=AT, url=district_db) as uow:
        uow.session.add(Town(code="NEW01", name="新镇", kind=first.kind))
        uow.session.add(Town(code=first.code, name="重复镇", kind=first.kind))
    assert "须唯一" in str(refused.value) and "town.code" in str(refused.value)
    with unit_of_work(as_of=AT, url=district_db) as uow:
        assert len(uow.session.exec(select(Town)).all()) == before  # the new town was not written either
