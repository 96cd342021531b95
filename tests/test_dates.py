"""config/dates.py, the one home for dates a user types or reads (pendulum, the district's zone)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from config.dates import (
    DISTRICT_TZ,
    cn_date,
    cn_month_day,
    cn_relative,
    days_after,
    month_bounds,
    parse_moment,
    previous_month,
    quarter_bounds,
)

pytestmark = pytest.mark.rules


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-10-12", "2022-10-12T09:00:00+08:00"),
    ("2022-10-12T15:30", "2022-10-12T15:30:00+08:00"),
    ("2022-10-12 15:30", "2022-10-12T15:30:00+08:00"),
    ("2022-10-12T07:30+00:00", "2022-10-12T07:30:00+00:00"),
])
def test_a_typed_moment_is_in_the_district_zone_unless_it_says_otherwise(text, expected):
    moment = parse_moment(text)
    assert moment.isoformat() == expected and type(moment).__module__ == "datetime"
    if "+" not in text:
        assert moment.tzinfo is DISTRICT_TZ


@pytest.mark.parametrize("text", ["", "soon", "2022-10-12 junk", "2022-13-01", "0001-01-01", "9999-12-31"])
def test_what_is_not_a_moment_or_out_of_reach_is_refused(text):
    with pytest.raises(ValueError):
        parse_moment(text)


def test_chinese_dates_and_periods():
    assert cn_date(date(2022, 9, 4)) == "2022年9月4日" and cn_month_day(date(2022, 10, 12)) == "10月12日"
    assert cn_relative(date(2022, 10, 15), date(2022, 10, 12)) == "3天后"
    assert cn_relative(date(2022, 10, 12), date(2022, 10, 12)) == "今天"
    assert month_bounds(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert quarter_bounds(2022, 4) == (date(2022, 10, 1), date(2022, 12, 31))
    assert days_after(date(2022, 10, 10), 13) == date(2022, 10, 23) == date(2022, 10, 10) + timedelta(days=13)
    assert previous_month(date(2022, 1, 5)) == (2021, 12)
