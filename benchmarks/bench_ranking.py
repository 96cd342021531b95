"""Red/black list figures: compute and publish one period for 20k villages with 1M issues, in-process.

The ledger is the issue benchmark's (benchmarks/bench_issues.py: 1,000 towns, 20,000 villages, 1M issues),
generated before the clock starts. The period is 2026-Q2 as of 2026-06-10: the issues' statistics over the
covering index, scores and lists for the three boards, the snapshot (41k entries) and the bulletin.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import benchmark

RUNS = 3
RULES = {
    "rule_version": "bench", "red_top_n": 10, "black_bottom_n": 10,
    "indicators": [{"key": "closure_rate", "weight": 0.3}, {"key": "on_time_rate", "weight": 0.3},
                   {"key": "overdue_issues", "weight": 0.2, "direction": "lower"},
                   {"key": "inspection_score", "weight": 0.2}],
    "hard_rules": [{"key": "overdue_days_at_least", "value": 10}],
    "ladder": [{"streak": 1, "action": "约谈"}, {"streak": 2, "action": "组织部约谈"}, {"streak": 3, "action": "问责"}],
}


@benchmark("ranking_20k_villages_s", "ranking_20k_publish_s")
def ranking_20k_villages():
    """ranking_20k_villages_s: compute the lists and write the snapshot (the issue's figure);
    ranking_20k_publish_s: the whole `ranking publish` unit of work — also the bulletin (.md, .docx) and the
    outbox messages (one per black-listed unit)."""
    from benchmarks.bench_issues import _issues, _ledger
    from domain.calendar import WorkingCalendar
    from models.db import dispose_engines

    with tempfile.TemporaryDirectory() as tmp:
        url = _ledger(Path(tmp))
        _issues(url, WorkingCalendar())
        yield from ranking_figures(url, Path(tmp), "ranking_20k_villages_s", "ranking_20k_publish_s")
        dispose_engines()


def ranking_figures(url: str, tmp: Path, compute_name: str, publish_name: str | None, *, runs: int = RUNS):
    """Time the lists of 2026-Q2 on the ledger at `url` (median of `runs`, each rolled back), then, when
    `publish_name` is given, the whole publish unit of work."""
    from benchmarks.bench_issues import AS_OF
    from config.district import DistrictConfig
    from domain.calendar import parse_period, working_calendar
    from domain.ranking import preview_lists, publish, publish_period
    from domain.unit_of_work import unit_of_work
    from models.ranking import Listing

    cfg = DistrictConfig.model_validate({"district": {"code": "BENCH", "name": "基准区"}, "ranking": RULES})
    period = parse_period("2026-Q2")
    measured = []
    for _ in range(runs):  # the median of a few runs, each rolled back: the machine is shared
        with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
            working_calendar(uow)  # read once per unit of work, before the clock starts
            start = time.perf_counter()
            lists = preview_lists(uow, period)
            computed = time.perf_counter()
            publish(uow.session, period, lists.ranked, cfg.ranking, [i.value for i in lists.indicators],
                    as_of=AS_OF, at=AS_OF, actor="bench")
            uow.session.flush()
            measured.append((time.perf_counter() - start, computed - start))
            uow.session.rollback()
    total, compute = sorted(measured)[len(measured) // 2]
    yield (compute_name, total,
           f"s (median of {runs}: compute {compute:.2f} s incl. the issue statistics, snapshot {total - compute:.2f} s;"
           f" {len(lists.ranked)} entries)")
    if publish_name is None:
        return
    with unit_of_work(as_of=AS_OF, actor="bench", config=cfg, url=url) as uow:
        working_calendar(uow)
        begin = time.perf_counter()
        out = publish_period(uow, period, outputs_dir=tmp / "outputs")
        lists = out.lists
        whole = time.perf_counter() - begin
    black = sum(1 for r in lists.ranked if r.board.value == "villages" and r.listing is Listing.black)
    yield (publish_name, whole, f"s (with the bulletin and {out.queued} messages: {black} of "
                                f"{sum(1 for r in lists.ranked if r.board.value == 'villages')} villages black, "
                                "most by the overdue ≥ 10 working days hard rule)")
