"""Ledger sheet imports: each ledger's .xlsx with 20,000 rows loaded through its real import (read the file,
check every row, write, commit) into the example district's ledger; the slowest is `ledgers_import_20k_rows_s`.

LEDGERS is a list of (ledger name, build-sheet, import): a new ledger adds its entry. `build(path, cfg, villages,
rows)` writes a sheet of `rows` data rows over the roster's village codes; `load(uow, table)` is the ledger's import
use case. The sheets are written before the clock starts; a second load of the same sheet (nothing changes) is
measured too and shown beside each figure.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import ROOT, benchmark
from config.dates import DISTRICT_TZ

ROWS = 20_000
AS_OF = datetime(2022, 11, 30, 10, 0, tzinfo=DISTRICT_TZ)
Build = Callable[[Path, Any, list[str], int], Path]
Load = Callable[[Any, Any], Any]


def build_projects(path: Path, cfg, villages: list[str], rows: int) -> Path:
    """rows / 2 projects of every kind, two benefiting villages each, funds, milestones and 2021–2022 income."""
    from adapters.sheets import write_table
    from domain.projects.sheet import headers

    rng = random.Random(12)
    h = headers(cfg.projects, [2021, 2022])
    col = {c: i for i, c in enumerate(h)}
    kinds = [k.name for k in cfg.projects.kinds]
    out = []
    for p in range(rows // 2):
        approve = date(2020, 1, 6) + timedelta(days=rng.randrange(900))
        stones = [approve + timedelta(days=d) for d in (0, 60, 240, 270, 300)]
        done = rng.randrange(6)
        first = rng.randrange(len(villages) - 1)
        for n, village in enumerate((villages[first], villages[first + 1])):
            cells: list[Any] = [None] * len(h)
            cells[col["项目编号"]] = f"XM-B-{p:06d}"
            cells[col["村（社区）编码"]] = village
            cells[col["预计年收益（元）"]] = 50_000 + 1_000 * rng.randrange(50)
            if n == 0:
                cells[col["项目名称"]] = f"基准项目{p}"
                cells[col["项目类型"]] = kinds[p % len(kinds)]
                cells[col["申报年度"]] = approve.year
                cells[col["中央财政（元）"]] = 100_000 * rng.randrange(1, 20)
                cells[col["村集体自筹（元）"]] = 10_000 * rng.randrange(1, 10)
                for i, (_key, planned, finished) in enumerate(
                        [(m, f"{m}计划日期", f"{m}完成日期") for m in ("立项", "开工", "建成", "验收", "投产")]):
                    cells[col[planned]] = stones[i].isoformat()
                    if i < done and stones[i] <= AS_OF.date():
                        cells[col[finished]] = stones[i].isoformat()
            if done == 5:
                cells[col["2022年实际收益（元）"]] = 40_000 + 1_000 * rng.randrange(40)
            out.append(cells)
    return write_table(path, h, out)


def build_contracts(path: Path, cfg, villages: list[str], rows: int) -> Path:
    """rows contracts through the three-level review; one in ten non-compliant, half of those terminated and
    half to be rectified (an issue each)."""
    from adapters.sheets import write_table
    from domain.contracts.sheet import headers, stage_columns

    rng = random.Random(13)
    h = headers(cfg.contracts)
    col = {c: i for i, c in enumerate(h)}
    stages = stage_columns(cfg.contracts)
    out = []
    for n in range(rows):
        cells: list[Any] = [None] * len(h)
        started = date(2022, 4, 11)
        cells[col["合同编号"]] = f"HT-B-{n:06d}"
        cells[col["村（社区）编码"]] = villages[rng.randrange(len(villages))]
        cells[col["承包方"]] = f"承包方{n % 997}"
        cells[col["合同标的"]] = rng.choice(["鱼塘承包", "厂房出租", "耕地流转"])
        cells[col["年租金（元）"]] = 1_000 * rng.randrange(5, 100)
        cells[col["签订日期"]] = "2019-03-01"
        cells[col["清理启动日期"]] = started.isoformat()
        bad = rng.random() < 0.1
        day = started
        for done_col, result_col, reason_col in stages:
            day += timedelta(days=rng.randrange(5, 15))
            cells[col[done_col]] = day.isoformat()
            cells[col[result_col]] = "不合规" if bad else "合规"
            cells[col[reason_col]] = "租金明显偏低" if bad else None
        if bad:
            if rng.random() < 0.5:
                cells[col["清理方式"]], cells[col["清理完成日期"]] = "终止", (day + timedelta(days=30)).isoformat()
            else:
                cells[col["清理方式"]] = "整改"
        out.append(cells)
    return write_table(path, h, out)


def _load_projects(uow, table):
    from domain.projects import import_projects

    return import_projects(uow, table)


def _load_contracts(uow, table):
    from domain.contracts import import_contracts

    return import_contracts(uow, table)


LEDGERS: list[tuple[str, Build, Load]] = [
    ("projects", build_projects, _load_projects),
    ("contracts", build_contracts, _load_contracts),
]


def _ledger(home: Path):
    """A ledger at head with the example district and its roster; (url, config, village codes)."""
    from adapters.sheets import read_table
    from config.district import load_district_config
    from domain.roster import set_up_ledger
    from domain.unit_of_work import unit_of_work
    from models.migrate import upgrade

    url = f"sqlite:///{home / 'bench.db'}"
    upgrade(url)
    path = ROOT / "config" / "examples" / "district.toml"
    cfg = load_district_config(path)
    with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
        set_up_ledger(uow, path, roster=read_table(ROOT / "config" / "examples" / "roster.xlsx"))
    roster = read_table(ROOT / "config" / "examples" / "roster.xlsx")
    codes = sorted(str(values[roster.headers.index("编码")]) for _, values in roster.rows)
    return url, cfg, codes


def _timed_load(url: str, cfg, sheet: Path, load: Load) -> tuple[float, float]:
    """(wall, CPU) seconds of one load: read the sheet, import it, commit. The CPU time tells a loaded machine
    (the wall time waits for the cores) from a slow import."""
    from adapters.sheets import read_table
    from domain.unit_of_work import unit_of_work

    start, cpu = time.perf_counter(), time.process_time()
    with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
        load(uow, read_table(sheet))
    return time.perf_counter() - start, time.process_time() - cpu


@benchmark("ledgers_import_20k_rows_s", *[f"ledger_{name}_import_20k_rows_s" for name, _, _ in LEDGERS])
def ledger_imports():
    from models.db import dispose_engines

    slowest = ("", 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for name, build, load in LEDGERS:
            (home / name).mkdir()
            url, cfg, villages = _ledger(home / name)
            sheet = build(home / name / f"{name}.xlsx", cfg, villages, ROWS)
            (first, first_cpu), (again, again_cpu) = (_timed_load(url, cfg, sheet, load) for _ in range(2))
            dispose_engines()
            slowest = max(slowest, (name, first), key=lambda x: x[1])
            yield (f"ledger_{name}_import_20k_rows_s", first,
                   f"s (CPU {first_cpu:.2f} s; again, nothing changed: {again:.2f} s, CPU {again_cpu:.2f} s)")
    yield "ledgers_import_20k_rows_s", slowest[1], f"s (slowest: {slowest[0]}; target ≤ 5 s)"
