"""What every figure query works on: the report's window, and a figure as the rows behind it.

A figure is defined by one SQL selectable — the rows behind it (villages, issues, meetings, …) — and a measure
over those rows: their count, or the sum of one column. The figure and its explain sheet are both read from
that selectable, so the sheet's row count (or sum) is the figure by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from adapters.sheet_bounds import MAX_ROWS
from config.dates import DISTRICT_TZ
from domain.calendar import Period


@dataclass(frozen=True)
class Window:
    """The span a report counts: from the period's first day to its last day or the as-of moment, whichever
    comes first (a yearly report as of 2022-10-20 counts 1 January to 20 October)."""

    period: Period
    as_of: datetime

    @property
    def start(self) -> datetime:
        return datetime.combine(self.period.start, time(0), tzinfo=DISTRICT_TZ)

    @property
    def end(self) -> datetime:
        """Exclusive upper bound: the end of the period's last day, or just after the as-of moment."""
        period_end = datetime.combine(self.period.end + timedelta(days=1), time(0), tzinfo=DISTRICT_TZ)
        return min(period_end, self.as_of.astimezone(DISTRICT_TZ) + timedelta(microseconds=1))

    @property
    def last_day(self) -> date:
        return min(self.period.end, self.as_of.astimezone(DISTRICT_TZ).date())

    def moments(self, column) -> sa.ColumnElement[bool]:
        """`column` (a moment) falls inside the window."""
        return sa.and_(column >= self.start, column < self.end)

    def days(self, column) -> sa.ColumnElement[bool]:
        """`column` (a date) falls inside the window."""
        return sa.and_(column >= self.period.start, column <= self.last_day)


@dataclass(frozen=True)
class Rows:
    """The rows behind a figure: a sheet name, its headers and a query that streams them."""

    sheet: str
    headers: tuple[str, ...]
    fetch: Callable[[], Iterable[Sequence[object]]]
    measure: str = "count"  # "count", or the header whose column adds up (or, `aggregate="min"`, whose
    denominator: int | None = None  # smallest value is) the figure; a percentage: rows ÷ denominator
    aggregate: str = "sum"


@dataclass(frozen=True)
class Measured:
    """A figure's exact value (None: no data) and the rows behind it."""

    exact: int | None
    rows: Rows | None = None
    extra: dict = field(default_factory=dict)


NONE = Measured(None)


def measure(session: Session, select: sa.Select, *, sheet: str, headers: Sequence[str],
            sum_column: str | None = None, data: bool = True, empty_sum: int | None = None,
            aggregate: str = "sum") -> Measured:
    """Count (or sum one labelled column of) the rows `select` returns, and keep the select as the explain
    sheet's rows. `data=False` means the source holds nothing of that kind: the figure has no data; a sum over no
    rows is `empty_sum` (None: no data)."""
    if not data:
        return NONE
    sub = select.order_by(None).subquery()  # the order is the sheet's, not the count's: no sort to count
    agg = sa.func.count() if sum_column is None else getattr(sa.func, aggregate)(sub.c[sum_column])
    exact = session.execute(sa.select(agg).select_from(sub)).scalar()
    if sum_column is not None and exact is None:
        if empty_sum is None:
            return NONE  # nothing recorded to add up
        exact = empty_sum
    # the explain sheet stops at MAX_ROWS rows; one more tells it that it stopped short
    # read through the session's connection: plain rows, without the ORM's per-row loading, fetched in batches
    rows = Rows(sheet, tuple(headers), lambda: _batched(session.connection().execute(select.limit(MAX_ROWS + 1))),
                "count" if sum_column is None else headers[list(select.selected_columns.keys()).index(sum_column)],
                aggregate=aggregate)
    return Measured(int(exact), rows)


def _batched(result: sa.Result) -> Iterable[Sequence[object]]:
    for batch in result.partitions(2_000):
        yield from batch


def listed(rows: Sequence[Sequence[object]], *, sheet: str, headers: Sequence[str], sum_column: int | None = None,
           empty_sum: int | None = None, aggregate: str = "sum") -> Measured:
    """A figure over rows already read (one query serving several figures): their count, or the sum (smallest)
    of column `sum_column` — as `measure` counts in SQL; the sheet lists the same rows."""
    if sum_column is None:
        exact = len(rows)
    else:
        values = [r[sum_column] for r in rows if r[sum_column] is not None]
        if not values and empty_sum is None:
            return NONE
        exact = empty_sum if not values else (min(values) if aggregate == "min" else sum(values))
    return Measured(int(exact), Rows(sheet, tuple(headers), lambda: rows[:MAX_ROWS + 1],
                                     "count" if sum_column is None else headers[sum_column], aggregate=aggregate))


def exists(session: Session, select: sa.Select) -> bool:
    """Whether the ledger holds any row of that kind (a source never kept has no data, not zero)."""
    return session.execute(sa.select(select.exists())).scalar()


def table_exists(session: Session, name: str) -> bool:
    return sa.inspect(session.get_bind()).has_table(name)
