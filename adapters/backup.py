"""A consistent copy of the SQLite ledger while it is in use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from adapters.files import write_atomically
from config.errors import InputError, Problem


def backup_sqlite(url: str, target: Path) -> int:
    """Copy with SQLite's online backup API (a consistent snapshot even while others write)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise InputError("备份只适用于内置的 SQLite 账本",
                         [Problem("DUDAO_DATABASE_URL", "PostgreSQL 请用 pg_dump")])
    source = Path(parsed.database)
    if not source.exists():
        raise InputError("没有可备份的账本", [Problem(str(source), "账本不存在；请先运行 `dudao init`")])
    target = Path(target)
    if target.resolve() == source.resolve():
        raise InputError("备份目标就是账本本身", [Problem(str(target), "请换一个文件")])
    pages = 0

    def copy(partial: Path) -> None:
        nonlocal pages
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(partial)
        except sqlite3.Error as exc:
            src.close()
            raise InputError("无法写入备份", [Problem(str(target), str(exc))]) from None
        try:
            src.backup(dst)  # one step: pages=-1 copies the whole database under one read snapshot
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
        finally:
            dst.close()
            src.close()

    write_atomically(target, copy)
    return pages
