"""Schedule figures: a year's preview as a CLI call, and a cycle flow's overhead over an empty Prefect flow."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks import (
    BIN,
    benchmark,
    example_env,
    init_example,
    measure_apart,
    median_wall,
    prefect_server,
    print_figures,
)
from config.dates import DISTRICT_TZ


@benchmark("schedule_preview_year_s")
def schedule_preview_year():
    """All example cycles over 2022, `--json`, on an initialised ledger (target ≤ 1.0 s)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = example_env(Path(tmp))
        subprocess.run([str(BIN / "dudao"), "init"], check=True, env=env, stdout=subprocess.DEVNULL)
        cmd = [str(BIN / "dudao"), "schedule", "preview", "--from", "2022-01-01", "--to", "2022-12-31", "--json"]
        yield "schedule_preview_year_s", median_wall(cmd, env=env), "s"


@benchmark("flow_overhead_ms", "flow_empty_ms", "flow_overhead_ratio")
def flow_overhead():
    """Medians, same started server, same process, heartbeats off: a cycle flow (the example district's
    deadline sweep for 2022-10-10, re-run: guard, CycleRun, body, artifact) vs an empty flow (target
    ratio ≤ 1.5). The real round flow is measured in bench_rounds (round_flow_overhead_ratio)."""
    figures = measure_apart("benchmarks.bench_schedule")
    yield "flow_empty_ms", figures["empty_ms"], "ms"
    yield "flow_overhead_ms", figures["cycle_ms"], "ms"
    yield "flow_overhead_ratio", figures["cycle_ms"] / figures["empty_ms"], "x"


@benchmark("run_first_s", "run_second_s")
def run_twice():
    """`dudao run deadline-sweep` as a user types it, with no `dudao serve`: the first command starts the
    shared background Prefect server, the next ones reuse it (issue 15, item 18: target < 3 s). Median of 5
    second runs; the server is stopped after (`dudao serve --stop`)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = example_env(Path(tmp)) | {"DUDAO_PREFECT_IDLE_MINUTES": "5"}
        dudao = str(BIN / "dudao")
        subprocess.run([dudao, "init"], check=True, env=env, stdout=subprocess.DEVNULL)
        cmd = [dudao, "run", "deadline-sweep", "--occurrence", "2022-10-10", "--as-of", "2022-10-10T09:00"]
        try:
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            first = time.perf_counter() - start
            second = median_wall(cmd, env=env)
        finally:
            subprocess.run([dudao, "serve", "--stop"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield "run_first_s", first, "s (starts the background server)"
        yield "run_second_s", second, "s"


def _measure(runs: int = 11) -> dict:
    from datetime import date, datetime

    from config.settings import get_settings

    init_example(get_settings().db_url)
    with prefect_server() as empty:
        from flows.deadline_sweep import deadline_sweep

        as_of = datetime(2022, 10, 10, 9, tzinfo=DISTRICT_TZ)

        def cycle() -> None:
            deadline_sweep(cycle="deadline-sweep", occurrence=date(2022, 10, 10), as_of=as_of, rerun=True)

        flows = {"empty_ms": empty, "cycle_ms": cycle}
        times: dict[str, list[float]] = {name: [] for name in flows}
        for fn in flows.values():
            fn()  # warm up
        for _ in range(runs):  # interleaved: a drift of the machine or the server's database hits both alike
            for name, fn in flows.items():
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


if __name__ == "__main__":
    print_figures(_measure)
