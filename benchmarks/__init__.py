"""Benchmarks: scripts that print measured figures (`name: value unit`); never run as timed tests.

Each `benchmarks/bench_*.py` module registers functions with `@benchmark("figure", …)`; a function
returns (figure, value, unit) triples. `python -m benchmarks [NAME…]` runs all, or those naming a figure.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from config.dates import DISTRICT_TZ

Figure = tuple[str, float, str]
REGISTRY: list[tuple[tuple[str, ...], Callable[[], Iterable[Figure]]]] = []
GROUPS: dict[str, set[str]] = {}  # a group's figures run only when asked for: `python -m benchmarks nation`
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def benchmark(*figures: str, group: str | None = None):
    """Register a benchmark printing `figures`; one in a `group` is not run by default, only by its group's or
    its figures' names."""
    def register(fn: Callable[[], Iterable[Figure]]):
        REGISTRY.append((figures, fn))
        if group:
            GROUPS.setdefault(group, set()).update(figures)
        return fn

    return register


def median_wall(cmd: list[str], runs: int = 5, env: dict | None = None, cwd: Path | None = None) -> float:
    """Median wall time of a command over `runs` runs (it must succeed)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def example_env(home: Path) -> dict:
    """The environment of a dudao process on a fresh home with the example config (no DUDAO_ or PREFECT_
    setting of the caller leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUDAO_", "PREFECT_"))}
    env.update(DUDAO_HOME=str(home), PREFECT_HOME=str(home / "prefect"),
               DUDAO_CONFIG_PATH=str(ROOT / "config" / "examples" / "district.toml"))
    return env


def measure_apart(module: str) -> dict:
    """Run `python -m module` on a fresh home (its own ledger and Prefect history) and return the figures
    its `print_figures` printed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-m", module], check=True, env=example_env(Path(tmp)), cwd=ROOT,
                             capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_figures(measure: Callable[[], dict]) -> None:
    """The `__main__` of a module measured apart: logging off, the figures as one JSON line."""
    logging.disable(logging.CRITICAL)
    sys.stdout.write(json.dumps(measure()) + "\n")


def init_example(url: str) -> None:
    """A ledger at `url` with the example district and its roster loaded, as of 2022-09-30 09:00."""
    from datetime import datetime

    from adapters.sheets import read_table
    from config.district import load_district_config
    from config.settings import get_settings
    from domain.roster import set_up_ledger
    from domain.unit_of_work import unit_of_work

    s = get_settings()
    with unit_of_work(as_of=datetime(2022, 9, 30, 9, tzinfo=DISTRICT_TZ), actor="bench",
                      config=load_district_config(s.config_path), url=url, check_schema=False) as uow:
        set_up_ledger(uow, s.config_path, roster=read_table(ROOT / "config" / "examples" / "roster.xlsx"))


@contextmanager
def prefect_server() -> Iterator[Callable[[], None]]:
    """A started local Prefect server (no scheduler) connected with heartbeats off; yields an empty flow,
    the baseline every flow-overhead figure is divided by."""
    from config.settings import get_settings
    from flows.runtime import LocalServer, connected

    s = get_settings()
    server = LocalServer(s, env={"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"}).start()
    try:
        with connected(s, heartbeats=False, url=server.url):
            from prefect import flow

            @flow(name="empty")
            def empty() -> None:
                return None

            yield empty
    finally:
        server.stop(grace=1)
