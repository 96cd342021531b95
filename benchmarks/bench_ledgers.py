"""Ledger sheet imports (issue 12): each ledger's .xlsx with 20,000 rows loaded through its real import (read the
file, check every row, write by natural key, audit, commit); each ledger's time is `ledger_<name>_import_20k_rows_s`
and the slowest is `ledgers_import_20k_rows_s`.

LEDGERS lists every ledger importer (name, the ledger it loads into, build-sheet, import): a new ledger adds its entry.
Support projects and contracts load into the example district's ledger (its roster's village codes); the party,
cadre, training and plan ledgers into a ledger of 1,000 towns and 20,000 villages, in the order given (organisations
before their ratings, designations and brands; sessions before attendances), each prerequisite measured in its turn.
`build(path, base, rows)` writes a sheet of `rows` data rows (plain openpyxl, as a user's spreadsheet is) before the
clock starts; `load(uow, table)` is the ledger's import use case. A second load of the same sheet (nothing changes)
is measured too and shown beside each figure, with the CPU time of both (a shared machine's wall time waits for
the cores).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import ROOT, benchmark
from config.dates import DISTRICT_TZ

ROWS = 20_000
AS_OF = datetime(2022, 11, 30, 10, 0, tzinfo=DISTRICT_TZ)
PARTY_AS_OF = datetime(2022, 12, 30, 9, 0, tzinfo=DISTRICT_TZ)
TOWNS, VILLAGES = 1_000, 20_000


@dataclass(frozen=True)
class Base:
    """A ledger the sheets load into: its URL, district config, as-of moment and active village codes."""

    url: str
    cfg: Any
    as_of: datetime
    villages: list[str]


Build = Callable[[Path, Base, int], Path]
Load = Callable[[Any, Any], Any]


def build_projects(path: Path, base: Base, rows: int) -> Path:
    """rows / 2 projects of every kind, two benefiting villages each, funds, milestones and 2021–2022 income."""
    from adapters.sheets import write_table
    from domain.projects.sheet import headers

    cfg, villages = base.cfg, base.villages
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


def build_contracts(path: Path, base: Base, rows: int) -> Path:
    """rows contracts through the three-level review; one in ten non-compliant, half of those terminated and
    half to be rectified (an issue each)."""
    from adapters.sheets import write_table
    from domain.contracts.sheet import headers, stage_columns

    cfg, villages = base.cfg, base.villages
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


def _sheet(path: Path, headers: list[str], rows) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # set-up only: the sheet a user saves reads the same
    ws = wb.create_sheet()
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _template_headers(kind: str, home: Path) -> list[str]:
    from adapters.sheets import read_table
    from domain.party import party_template
    from domain.plans import plans_template

    out = home / f"template-{kind}.xlsx"
    return read_table(plans_template(out) if kind == "plans" else party_template(kind, out)).headers


def _party_rows(kind: str, v: list[str], rows: int) -> list[list[Any]]:
    """`rows` rows of one party, cadre, training or plan ledger over the village codes `v` (one row per village)."""
    return {
        "orgs": lambda: [[v[i], f"村{i:05d}党支部", "党支部", f"书记{i}", 30 + i % 90] for i in range(rows)],
        "ratings": lambda: [[v[i], 2022, ("五星", "四星", "三星")[i % 3], "市级", "2022-06-30"] for i in range(rows)],
        "weak": lambda: [[v[i], 2022, "2022-09-28", "班子软弱", "张明", "", "", 5] for i in range(rows)],
        "brands": lambda: [[f"品牌{i:05d}", v[i], 2022, i] for i in range(rows)],
        "reviews": lambda: [[2022, "镇级", v[i], f"干部{i}", "委员", "2022-09-26",
                             "有违法记录" if i % 50 == 0 else "符合任职条件", "", "", "", ""] for i in range(rows)],
        "assessments": lambda: [[2021, v[i], f"书记{i}", ("好", "较好", "一般")[i % 3], "2022-01-25"]
                                for i in range(rows)],
        "excellent": lambda: [[2021, "优秀村（社区）干部", v[i], f"干部{i}", "委员"] for i in range(rows)],
        "sessions": lambda: [[f"PX{i:05d}", f"第{i}期培训", "轮训", "区委组织部", "2022-03-08", "2022-03-10", 100, 300]
                             for i in range(rows)],
        "attendance": lambda: [[f"PX{i % 100:05d}", "农村党员", v[i], f"党员{i}"] for i in range(rows)],
        "plans": lambda: [["GH", "三年规划", "三年规划", 2022, 2024, "区", "村", v[i], 2022, "集体经济收入（元）",
                           100000 + i] for i in range(rows)],
    }[kind]()


PARTY_HEADERS = {
    "orgs": ["村（社区）编码", "党组织名称", "组织类型", "书记", "党员数"],
    "ratings": ["村（社区）编码", "年度", "星级", "评定层级", "评定日期"],
    "brands": ["品牌名称", "村（社区）编码", "年度", "排序"],
    "assessments": ["年度", "村（社区）编码", "书记姓名", "等次", "考核日期"],
    "excellent": ["考核年度", "类别", "村（社区）编码", "姓名", "职务"],
    "attendance": ["期次编号", "身份", "村（社区）编码", "姓名"],
}  # the others' headers are their templates'


def build_party(kind: str) -> Build:
    def build(path: Path, base: Base, rows: int) -> Path:
        headers = PARTY_HEADERS.get(kind) or _template_headers(kind, path.parent)
        return _sheet(path, headers, _party_rows(kind, base.villages, rows))
    return build


def load_party(kind: str) -> Load:
    def load(uow, table):
        from domain.party import import_party_sheet

        return import_party_sheet(uow, kind, table)
    return load


def _load_projects(uow, table):
    from domain.projects import import_projects

    return import_projects(uow, table)


def _load_contracts(uow, table):
    from domain.contracts import import_contracts

    return import_contracts(uow, table)


def _load_plans(uow, table):
    from domain.plans import import_plans

    return import_plans(uow, table)


PARTY = [("party_orgs", "orgs"), ("party_ratings", "ratings"), ("party_weak", "weak"), ("party_brands", "brands"),
         ("cadre_reviews", "reviews"), ("cadre_assessments", "assessments"), ("cadre_excellent", "excellent"),
         ("training_sessions", "sessions"), ("training_attendance", "attendance")]
LEDGERS: list[tuple[str, str, Build, Load]] = [
    ("projects", "example", build_projects, _load_projects),
    ("contracts", "example", build_contracts, _load_contracts),
    *[(name, "district", build_party(kind), load_party(kind)) for name, kind in PARTY],
    ("plans", "district", lambda path, base, rows: _sheet(path, _template_headers("plans", path.parent),
                                                          _party_rows("plans", base.villages, rows)), _load_plans),
]


def example_base(home: Path) -> Base:
    """A ledger at head with the example district and its roster."""
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
    return Base(url, cfg, AS_OF, codes)


def district_base(home: Path) -> Base:
    """A ledger at head with 1,000 towns and 20,000 villages (bulk rows: set-up, not timed)."""
    from config.district import DistrictConfig
    from models.db import get_engine
    from models.migrate import upgrade

    url = f"sqlite:///{home / 'bench.db'}"
    upgrade(url)
    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("INSERT INTO district (id, code, name) VALUES (1, 'BENCH', '基准区')")
        cur.executemany("INSERT INTO town (id, code, name, kind, leader_name) VALUES (?, ?, ?, 'town', ?)",
                        [(t + 1, f"T{t:04d}", f"镇{t:04d}", f"书记{t:04d}") for t in range(TOWNS)])
        cur.executemany("INSERT INTO village (id, code, name, kind, town_id, active) VALUES (?, ?, ?, 'village', ?, 1)",
                        [(v + 1, f"V{v:05d}", f"村{v:05d}", v % TOWNS + 1) for v in range(VILLAGES)])
        raw.commit()
    finally:
        raw.close()
    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}})
    return Base(url, cfg, PARTY_AS_OF, [f"V{i % VILLAGES:05d}" for i in range(VILLAGES)])


BASES: dict[str, Callable[[Path], Base]] = {"example": example_base, "district": district_base}


def _timed_load(base: Base, sheet: Path, load: Load) -> tuple[float, float]:
    """(wall, CPU) seconds of one load: read the sheet, import it, commit."""
    from adapters.sheets import read_table
    from domain.unit_of_work import unit_of_work

    start, cpu = time.perf_counter(), time.process_time()
    with unit_of_work(as_of=base.as_of, actor="基准", config=base.cfg, url=base.url) as uow:
        load(uow, read_table(sheet))
    return time.perf_counter() - start, time.process_time() - cpu


@benchmark("ledgers_import_20k_rows_s", *[f"ledger_{name}_import_20k_rows_s" for name, *_ in LEDGERS])
def ledger_imports():
    from models.db import dispose_engines

    slowest = ("", 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        bases: dict[str, Base] = {}
        for name, where, build, load in LEDGERS:
            if where not in bases:
                (home / where).mkdir()
                bases[where] = BASES[where](home / where)
            base = bases[where]
            sheet = build(home / where / f"{name}.xlsx", base, ROWS)
            (first, first_cpu), (again, again_cpu) = (_timed_load(base, sheet, load) for _ in range(2))
            slowest = max(slowest, (name, first), key=lambda x: x[1])
            yield (f"ledger_{name}_import_20k_rows_s", first,
                   f"s (CPU {first_cpu:.2f} s; again, nothing changed: {again:.2f} s, CPU {again_cpu:.2f} s)")
        dispose_engines()
    yield "ledgers_import_20k_rows_s", slowest[1], f"s (slowest: {slowest[0]}; target ≤ 5 s)"
