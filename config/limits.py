"""The range of every number and date dudao accepts (取值范围): one home, used by the CLI's options, the sheet
importers and the district config.

A value outside its range is a typing mistake or an attack, never a fact of the district: `1e15` yuan, a
deadline in 9999, a meeting on 0001-01-01 or `--due-days 100000000` would overflow the ledger's integers
(SQLite and PostgreSQL stop at 2^63-1 and 2^31-1), run working-day arithmetic for minutes, or queue
reminders for half a million overdue days. So each kind of number has a stated range here, and the doors
refuse what lies outside it, naming the range.
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple


class Range(NamedTuple):
    """An inclusive range of whole numbers and what it measures, in the user's words."""

    lo: int
    hi: int
    what: str

    def __contains__(self, value: object) -> bool:  # type: ignore[override]
        return isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi

    def problem(self, value: object) -> str | None:
        """What is wrong with `value` in the user's words, or None when it is within the range."""
        if value in self:
            return None
        return f"{value!r} 超出范围：{self.what}须在 {self.span} 之间"

    @property
    def span(self) -> str:
        """'1 至 500', '0 至 100,000,000,000' (years without separators: '2000 至 2099')."""
        return f"{_n(self.lo)} 至 {_n(self.hi)}"

    def field(self, default: Any = ..., *, lo: int | None = None, **kw: Any) -> Any:
        """A pydantic field of the district config within this range (`lo` lowers or raises the floor): a
        whole number only — `true` or `2.5` is refused, not read as 1 or 2."""
        from pydantic import Field

        return Field(default, ge=self.lo if lo is None else lo, le=self.hi, strict=True, **kw)

    def item(self, lo: int | None = None) -> Any:
        """The type of a list item within this range: `list[YUAN.item()]`."""
        return Annotated[int, self.field(lo=lo)]


YEARS = Range(2000, 2099, "年份")  # any date typed, imported or configured; a deadline in 9999 is a mistake
YUAN = Range(0, 100_000_000_000, "金额（元）")  # 1,000 亿元: beyond any village's or district's income
WORKING_DAYS = Range(1, 500, "工作日天数")  # a deadline, a reminder lead, a verification window: about two years
CALENDAR_DAYS = Range(0, 3_650, "天数")  # a window in calendar days: at most ten years
SCORE = Range(0, 100, "得分")  # an inspection score
ID = Range(1, 2_147_483_647, "编号")  # a ledger id (PostgreSQL INTEGER)
LIMIT = Range(1, 100_000, "条数")  # rows a listing prints
COUNT = Range(1, 10_000, "数量")  # a count in the config: teams' daily capacity, groups, rule counts
PORT = Range(1, 65_535, "端口")


def _n(number: int) -> str:
    return f"{number:,}" if abs(number) >= 10_000 else str(number)


def check_year(year: int) -> None:
    """ValueError (in the user's words) when `year` is outside YEARS."""
    if (problem := YEARS.problem(year)) is not None:
        raise ValueError(problem)
