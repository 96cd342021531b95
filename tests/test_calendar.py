from datetime import date

import pytest

from domain.calendar.workdays import WorkingCalendar, YearStatus

pytestmark = pytest.mark.rules  # pure rules on plain values: no database


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar()


@pytest.mark.parametrize("day", [date(2026, 2, 16), date(2026, 10, 5), date(2026, 10, 1), date(2026, 1, 1)])
def test_official_holidays_are_not_working_days(cal, day):
    assert not cal.is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28), date(2026, 10, 10), date(2026, 9, 20)])
def test_make_up_weekends_are_working_days(cal, day):
    assert cal.is_working_day(day)
    assert "调休" in cal.day(day).reason


def test_add_working_days_across_national_day(cal):
    assert cal.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert cal.add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 8)
    assert cal.subtract_working_days(date(2026, 10, 13), 5) == date(2026, 9, 30)


def test_working_days_between_counts_half_open_interval(cal):
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert cal.working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert cal.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0


def test_next_and_previous(cal):
    assert cal.next_working_day(date(2026, 10, 5), include=True) == date(2026, 10, 8)
    assert cal.previous_working_day(date(2026, 10, 5)) == date(2026, 9, 30)
    assert cal.next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)  # a make-up Saturday


def test_uncovered_year_is_provisional_not_a_crash():
    cal = WorkingCalendar()
    assert cal.status(2027) is YearStatus.provisional
    assert not cal.is_working_day(date(2027, 10, 1))  # National Day, from holidays.China
    assert not cal.is_working_day(date(2027, 1, 2))  # a Saturday: no make-up days are known
    assert cal.provisional_years == {2027}
    assert cal.status(2026) is YearStatus.official
    assert cal.provisional_years == {2027}


def test_override_wins_over_libraries():
    cal = WorkingCalendar({date(2026, 10, 5): (True, "示例：改为上班"), date(2027, 2, 6): (True, "国务院通知调休")})
    assert cal.is_working_day(date(2026, 10, 5))
    assert cal.status(2026) is YearStatus.overridden
    assert cal.is_working_day(date(2027, 2, 6))
    assert cal.day(date(2027, 2, 6)).source == "override"
    assert cal.status(2027) is YearStatus.overridden


def test_special_days_list_the_arrangement(cal):
    special = {d.day: d for d in cal.special_days(2026)}
    assert not special[date(2026, 10, 5)].working
    assert special[date(2026, 10, 10)].working
    assert date(2026, 10, 3) not in special  # a holiday on a Saturday changes nothing


def test_working_days_between_counts_what_a_day_by_day_walk_counts():
    """The prefix counts give the day-by-day answer: across years, with overrides either way, in both orders."""
    import random
    from datetime import timedelta

    cal = WorkingCalendar({date(2022, 10, 10): (False, "停工"), date(2023, 1, 7): (True, "加班"),
                           date(2024, 12, 31): (False, None)})

    def walked(a: date, b: date) -> int:
        if b < a:
            return -walked(b, a)
        return sum(cal.is_working_day(a + timedelta(days=n)) for n in range(1, (b - a).days + 1))

    rng = random.Random(7)
    for _ in range(500):
        a = date(2021, 1, 1) + timedelta(days=rng.randrange(1400))
        b = a + timedelta(days=rng.randrange(-500, 500))
        assert cal.working_days_between(a, b) == walked(a, b), (a, b)
    assert cal.working_days_between(date(2022, 9, 30), date(2022, 10, 8)) == 1  # National Day; 10-08 调休
