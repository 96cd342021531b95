"""What every demo step receives: the settings, the example district's config, the actor, and the
`where to look` lines it adds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
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

    @contextmanager
    def work(self, at: datetime, actor: str | None = None) -> Iterator[UnitOfWork]:
        """A unit of work on the demo's ledger, as of `at`, acting as `actor` (default the district's)."""
        from domain.unit_of_work import unit_of_work

        with unit_of_work(as_of=at, actor=actor or self.actor, config=self.cfg, url=self.settings.db_url) as uow:
            yield uow


