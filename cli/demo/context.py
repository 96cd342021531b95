"""What every demo step receives: the settings, the example district's config, the actor, the `where to look`
lines it adds, and one Prefect history for every cycle the demo runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config.district import DistrictConfig
    from config.settings import Settings
    from domain.unit_of_work import UnitOfWork

EXAMPLES = Path(__file__).resolve().parents[2] / "config" / "examples"


@dataclass
class DemoContext:
    settings: Settings
    cfg: DistrictConfig
    config_path: Path
    actor: str
    look: list[tuple[str, str]] = field(default_factory=list)  # (what, where) printed at the end
    stack: ExitStack = field(default_factory=ExitStack)  # closed when the demo ends (its Prefect connection)
    prefect: str | None = None  # the Prefect API the demo's cycles run on, once connected ("" for an ephemeral one)

    @contextmanager
    def work(self, at: datetime, actor: str | None = None) -> Iterator[UnitOfWork]:
        """A unit of work on the demo's ledger, as of `at`, acting as `actor` (default the district's)."""
        from domain.unit_of_work import unit_of_work

        with unit_of_work(as_of=at, actor=actor or self.actor, config=self.cfg, url=self.settings.db_url) as uow:
            yield uow

    def run_cycle(self, cycle: str, day: date, as_of: datetime, *, rerun: bool = True) -> tuple[str, str]:
        """Run the cycle's occurrence on `day` as its Prefect flow, as of `as_of` (every run the demo replays is in
        the one history a leader opens); (state name, the run's summary). The first call connects to Prefect."""
        from flows.registry import flow_for

        if self.prefect is None:
            from cli.output import say
            from flows.runtime import connected

            url = self.stack.enter_context(connected(self.settings, background=True))
            self.prefect = url or ""
            say(f"Prefect：{url.removesuffix('/api') if url else f'本地运行记录 {self.settings.prefect_dir}'}"
                "（本演示的每次周期运行都记录在此）")
        state = flow_for(self.cfg.cycle(cycle).kind)(cycle=cycle, occurrence=day, as_of=as_of, rerun=rerun,
                                                      return_state=True)
        return state.name, str(state.result(raise_on_failure=False))
