"""The large synthetic SQLite ledgers built once and cached: building 1M issues takes minutes, copying the file
seconds. A cached file is keyed by what made it (the schema's migrations, the generator's source, its
parameters), so a change to any of them builds it afresh; `make clean` (or removing var/bench-cache) drops them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from benchmarks import ROOT

CACHE = ROOT / "var" / "bench-cache"


def _fingerprint(*parts: object) -> str:
    h = hashlib.sha256()
    for f in sorted((ROOT / "models" / "migrations").rglob("*.py")):
        h.update(f.read_bytes())
    for p in parts:
        h.update(p.read_bytes() if isinstance(p, Path) else repr(p).encode())
    return h.hexdigest()[:16]


def cached_sqlite(name: str, home: Path, build: Callable[[str], None], *key: object) -> str:
    """A copy in `home` of the SQLite ledger `build(url)` makes, built once per `key` (plus the migrations) and
    kept under var/bench-cache; the copy's URL."""
    from models.db import dispose_engines

    cached = CACHE / f"{name}-{_fingerprint(*key)}.db"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"{name}-*.db*"):
            old.unlink()
        partial = cached.with_suffix(f".building-{os.getpid()}")
        build(f"sqlite:///{partial}")
        dispose_engines()
        for extra in ("-wal", "-shm"):  # the file was checkpointed: nothing is left beside it
            Path(f"{partial}{extra}").unlink(missing_ok=True)
        os.replace(partial, cached)
    target = home / f"{name}.db"
    shutil.copyfile(cached, target)
    return f"sqlite:///{target}"


def issue_ledger(home: Path) -> str:
    """bench_issues' ledger (1,000 towns, 20,000 villages, 1M issues), settled, copied into `home`."""
    from benchmarks import bench_issues

    def build(url: str) -> None:
        from domain.calendar import WorkingCalendar

        bench_issues._ledger(home, url)
        bench_issues._issues(url, WorkingCalendar())

    return cached_sqlite("issues-1m", home, build, Path(bench_issues.__file__),
                         (bench_issues.TOWNS, bench_issues.VILLAGES, bench_issues.ISSUES))
