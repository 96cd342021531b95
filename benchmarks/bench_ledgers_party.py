"""Party, cadre, training and plan ledgers: each ledger's 20,000-row sheet imported (read, checked, written by
natural key, audited) into a ledger of 1,000 towns and 20,000 villages; the slowest is
`ledgers_party_import_20k_rows_s`.

In-process (Prefect excluded). The sheets are written and the prerequisites (the organisations for ratings,
designations and brands; the sessions for attendances) imported before each clock starts.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import benchmark
from config.dates import DISTRICT_TZ

AS_OF = datetime(2022, 12, 30, 9, 0, tzinfo=DISTRICT_TZ)
TOWNS, VILLAGES, ROWS = 1_000, 20_000, 20_000


def _ledger(home: Path) -> str:
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
    return url


def _sheets(home: Path) -> dict[str, Path]:
    """Each ledger's sheet of ROWS rows (plain openpyxl, as a user's spreadsheet is)."""
    from openpyxl import Workbook

    from domain.party import party_template
    from domain.plans import plans_template

    H = {k: _headers(party_template(k, home / f"t-{k}.xlsx")) for k in ("weak", "reviews", "sessions")}
    H["plans"] = _headers(plans_template(home / "t-plans.xlsx"))
    v = [f"V{i % VILLAGES:05d}" for i in range(ROWS)]
    data = {
        "orgs": (["村（社区）编码", "党组织名称", "组织类型", "书记", "党员数"],
                 [[v[i], f"村{i:05d}党支部", "党支部", f"书记{i}", 30 + i % 90] for i in range(ROWS)]),
        "ratings": (["村（社区）编码", "年度", "星级", "评定层级", "评定日期"],
                    [[v[i], 2022, ("五星", "四星", "三星")[i % 3], "市级", "2022-06-30"] for i in range(ROWS)]),
        "weak": (H["weak"],
                 [[v[i], 2022, "2022-09-28", "班子软弱", "张明", "", "", 5] for i in range(ROWS)]),
        "brands": (["品牌名称", "村（社区）编码", "年度", "排序"],
                   [[f"品牌{i:05d}", v[i], 2022, i] for i in range(ROWS)]),
        "reviews": (H["reviews"],
                    [[2022, "镇级", v[i], f"干部{i}", "委员", "2022-09-26",
                      "有违法记录" if i % 50 == 0 else "符合任职条件", "", "", "", ""] for i in range(ROWS)]),
        "assessments": (["年度", "村（社区）编码", "书记姓名", "等次", "考核日期"],
                        [[2021, v[i], f"书记{i}", ("好", "较好", "一般")[i % 3], "2022-01-25"] for i in range(ROWS)]),
        "excellent": (["考核年度", "类别", "村（社区）编码", "姓名", "职务"],
                      [[2021, "优秀村（社区）干部", v[i], f"干部{i}", "委员"] for i in range(ROWS)]),
        "sessions": (H["sessions"],
                     [[f"PX{i:05d}", f"第{i}期培训", "轮训", "区委组织部", "2022-03-08", "2022-03-10", 100, 300]
                      for i in range(ROWS)]),
        "attendance": (["期次编号", "身份", "村（社区）编码", "姓名"],
                       [[f"PX{i % 100:05d}", "农村党员", v[i], f"党员{i}"] for i in range(ROWS)]),
        "plans": (H["plans"],
                  [["GH", "三年规划", "三年规划", 2022, 2024, "区", "村", v[i], 2022, "集体经济收入（元）", 100000 + i]
                   for i in range(ROWS)]),
    }
    out = {}
    for kind, (headers, rows) in data.items():
        wb = Workbook(write_only=True)  # set-up only: the sheet a user saves reads the same
        ws = wb.create_sheet()
        ws.append(headers)
        for r in rows:
            ws.append(r)
        out[kind] = home / f"{kind}.xlsx"
        wb.save(out[kind])
    return out


def _headers(path: Path) -> list[str]:
    from adapters.sheets import read_table

    return read_table(path).headers


@benchmark("ledgers_party_import_20k_rows_s")
def party_imports():
    from adapters.sheets import read_table
    from config.district import DistrictConfig
    from domain.party import import_party_sheet
    from domain.plans import import_plans
    from domain.unit_of_work import unit_of_work
    from models.db import dispose_engines

    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}})
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        url = _ledger(home)
        sheets = _sheets(home)
        for kind, path in sheets.items():
            start, cpu = time.perf_counter(), time.process_time()
            with unit_of_work(as_of=AS_OF, actor="基准", config=cfg, url=url) as uow:
                table = read_table(path)
                if kind == "plans":
                    import_plans(uow, table)
                else:
                    import_party_sheet(uow, kind, table)
            figures.append((f"ledgers_party_{kind}_import_20k_rows_s", time.perf_counter() - start, "s"))
            yield figures[-1]
            # the CPU this process spent: what the import costs when the machine is shared with other work
            yield (f"ledgers_party_{kind}_import_20k_rows_cpu_s", time.process_time() - cpu, "s")
        dispose_engines()
    yield ("ledgers_party_import_20k_rows_s", max(v for _, v, _ in figures), "s")
