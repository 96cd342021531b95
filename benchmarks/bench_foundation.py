"""Foundation figures: CLI start-up, the roster listing, a 20k-village import."""

from __future__ import annotations

import random
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks import BIN, ROOT, benchmark, example_env, median_wall


@benchmark("cli_help_s")
def cli_help():
    yield "cli_help_s", median_wall([str(BIN / "dudao"), "--help"]), "s"


@benchmark("roster_show_json_s")
def roster_show_json():
    with tempfile.TemporaryDirectory() as tmp:
        env = example_env(Path(tmp))
        roster = ROOT / "config" / "examples" / "roster.xlsx"
        subprocess.run([str(BIN / "dudao"), "init", "--roster", str(roster)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        yield "roster_show_json_s", median_wall([str(BIN / "dudao"), "roster", "show", "--json"], env=env), "s"


def write_big_roster(path: Path, villages: int = 20_000, towns: int = 1_000, seed: int = 7) -> Path:
    """A synthetic roster with English headers, numeric codes (as Excel stores them) and amounts in 万元."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roster")
    ws.append(["镇街", "村社区", "类型", "编码", "2021年集体经济收入(万元)", "2022年集体经济收入(万元)",
               "2023年目标(万元)", "2024年目标(万元)", "2025年目标(万元)", "书记", "手机", "状态"])
    for i in range(villages):
        income = round(rng.uniform(5, 40), 2)
        ws.append([f"镇{i % towns:04d}", f"村{i:05d}", "村", 330000000 + i, round(income / 1.1, 2), income,
                   round(income * 1.1, 1), round(income * 1.2, 1), round(income * 1.3, 1), f"书记{i}",
                   13_800_000_000 + i, "正常"])
    wb.save(path)
    return path


@benchmark("import_20k_villages_s")
def import_20k():
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = example_env(home)
        env["DUDAO_CONFIG_PATH"] = str(write_minimal_config(home / "district.toml"))
        roster = write_big_roster(home / "big.xlsx")
        subprocess.run([str(BIN / "dudao"), "init"], check=True, env=env, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        subprocess.run([str(BIN / "dudao"), "roster", "import", str(roster), "--by", "bench"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        yield "import_20k_villages_s", time.perf_counter() - start, "s"


def write_minimal_config(path: Path) -> Path:
    """A district whose towns come from the roster (no [[towns]] table)."""
    path.write_text('[district]\ncode = "BENCH"\nname = "基准区"\nacting_user = "bench"\n', encoding="utf-8")
    return path
