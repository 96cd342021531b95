"""The demo's ledger: start from empty each time, but never clobber a real district's database."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from config.errors import InputError, Problem
from models.db import dispose_engines


def reset_demo_database(url: str, demo_district_code: str) -> None:
    """Delete the demo's SQLite file so the replay starts from nothing; refuse if it holds another district."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise InputError("演示只在内置的 SQLite 账本上运行",
                         [Problem("DUDAO_DATABASE_URL", "请取消该设置（或指向一个 SQLite 文件）后再运行演示")])
    path = Path(parsed.database)
    if path.exists():
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                has = sa.inspect(conn).has_table("district")
                codes = set(conn.execute(sa.text("SELECT code FROM district")).scalars()) if has else set()
        finally:
            engine.dispose()
        if codes - {demo_district_code}:
            raise InputError("演示会覆盖真实账本，未执行", [Problem(
                str(path), f"其中有区 {', '.join(sorted(codes))} 的数据；请先备份并移走，或把 "
                           "DUDAO_HOME 设为另一个目录再运行演示")])
    dispose_engines()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
