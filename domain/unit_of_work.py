"""The unit of work (工作单元): the one way a use case reaches the ledger.

    with unit_of_work(config=cfg, as_of=at, actor="组织科") as uow:
        result = verify_issue(uow, issue_id, passed=True, note="已整改")

It alone opens the session, checks once that the ledger is at this dudao's schema, commits when the
block ends and rolls everything back if it raises. It carries what every use case needs besides its
own arguments: the district config, the as-of clock (a use case never reads the wall clock), the
acting user (for the audit trail) and the district's time zone. CLI commands, flows and web handlers
open one per operation and call the area's use case; they run no SQL of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from config.dates import DISTRICT_TZ
from config.errors import InputError, Problem
from models.db import database_url, ledger_error, refuse_missing_ledger, require_schema, session_scope

if TYPE_CHECKING:
    from config.district import DistrictConfig

T = TypeVar("T")


@dataclass
class UnitOfWork:
    """One transaction and its context. `session` is for the areas' own modules; callers never touch it."""

    session: Session
    as_of: datetime
    actor: str | None = None
    _config: Callable[[], DistrictConfig] | DistrictConfig | None = None
    tz: ZoneInfo = DISTRICT_TZ
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> DistrictConfig:
        if callable(self._config):
            self._config = self._config()
        if self._config is None:
            raise RuntimeError("this unit of work was opened without the district config")
        return self._config

    @property
    def today(self) -> date:
        """The as-of moment's date in the district's time zone."""
        return self.as_of.astimezone(self.tz).date()

    @property
    def who(self) -> str:
        """The acting user, required by every change (it is written into the audit trail)."""
        if not self.actor:
            raise InputError("操作人是谁？", [Problem("--by", "请用 --by 姓名 给出操作人，或设置 DUDAO_ACTING_USER")])
        return self.actor

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value read once per unit of work (the calendar, the unit directory)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def forget(self, key: str) -> None:
        """Drop a memoised value after the use case changed what it was read from."""
        self._memo.pop(key, None)

    def commit(self) -> None:
        """Commit what is done so far and go on in a new transaction: for a step that others must see before
        the use case goes on (a closed round before its `after:` followers run, queued rows before delivery)."""
        self.session.commit()

    def transaction(self) -> AbstractContextManager[Session]:
        """A separate short transaction beside this one, for work that must commit piecewise
        (outbox delivery claims and marks each part around a network send)."""
        return session_scope(self.session.get_bind().url)


@contextmanager
def unit_of_work(*, as_of: datetime, actor: str | None = None,
                 config: Callable[[], DistrictConfig] | DistrictConfig | None = None,
                 url: str | None = None, check_schema: bool = True) -> Iterator[UnitOfWork]:
    """Open a unit of work: commit at the end of the block, roll back if it raises."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    if check_schema:
        refuse_missing_ledger(url or database_url())  # never create an empty ledger just to read it
    try:
        with session_scope(url) as session:
            if check_schema:
                require_schema(session)
            yield UnitOfWork(session=session, as_of=as_of.astimezone(DISTRICT_TZ), actor=actor, _config=config)
    except (sa.exc.DBAPIError, sa.exc.NoSuchModuleError, ModuleNotFoundError) as exc:
        explained = ledger_error(exc, url or database_url())
        if explained is None:
            raise
        raise explained from exc
