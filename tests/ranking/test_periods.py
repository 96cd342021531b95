from datetime import date

import pytest

from config.errors import InputError
from domain.calendar.periods import PeriodKind, parse_period

pytestmark = pytest.mark.rules  # pure rules on plain values: no database


@pytest.mark.parametrize(("text", "kind", "start", "end", "key"), [
    ("2022", PeriodKind.year, date(2022, 1, 1), date(2022, 12, 31), "2022"),
    ("2022-Q4", PeriodKind.quarter, date(2022, 10, 1), date(2022, 12, 31), "2022-Q4"),
    ("2022-q1", PeriodKind.quarter, date(2022, 1, 1), date(2022, 3, 31), "2022-Q1"),
    ("2022-10", PeriodKind.month, date(2022, 10, 1), date(2022, 10, 31), "2022-10"),
    ("2024-2", PeriodKind.month, date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
    ("2022-12", PeriodKind.month, date(2022, 12, 1), date(2022, 12, 31), "2022-12"),
    ("R2022-10-10", PeriodKind.round, date(2022, 10, 10), date(2022, 10, 23), "R2022-10-10"),
])
def test_periods(text, kind, start, end, key):
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.key) == (kind, start, end, key)
    assert p.is_yearly == (kind is PeriodKind.year)


def test_labels():
    assert parse_period("2022-Q4").label == "2022年第四季度"
    assert parse_period("R2022-10-10").label == "2022年10月10日督查轮次"


@pytest.mark.parametrize("text", ["", "22", "2022-13", "2022-Q5", "R2022-02-30", "2022/10", "Q4-2022"])
def test_bad_periods_name_the_option_and_the_forms(text):
    with pytest.raises(InputError) as exc:
        parse_period(text)
    [problem] = exc.value.problems
    assert problem.where == "--period"
    assert "R2022-10-10" in problem.message
