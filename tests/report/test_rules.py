"""The report's formatting rules (SEED_FIGURES.md conventions): 余/多, 万元, percentages — pure rules."""

from __future__ import annotations

import pytest

from domain.report import approx_count, approx_wan, percent
from domain.report.rules import NO_DATA, floor_two_significant, say, wan_at_least

pytestmark = pytest.mark.rules


@pytest.mark.parametrize(("n", "floored"), [(0, 0), (7, 7), (17, 17), (99, 99), (156, 150), (1234, 1200),
                                            (20_000, 20_000), (987_654, 980_000)])
def test_floor_to_two_significant_digits(n, floored):
    assert floor_two_significant(n) == floored


@pytest.mark.parametrize(("n", "written"), [
    (17, "17"),  # below 20: the exact figure
    (19, "19"),
    (20, "20"),  # two significant digits already: nothing is cut, nothing to add
    (23, "23"),
    (156, "150多"),  # the seed's examples
    (1234, "1200多"),
    (200, "200"),  # exact: "200多" would claim more than there is (docs/report.md)
])
def test_count_with_duo(n, written):
    assert approx_count(n) == written


@pytest.mark.parametrize(("yuan", "written"), [
    (0, "0"),
    (95_000, "9余"),  # 9.5万: floored to 9, and 余 because something was cut
    (120_000, "12"),  # exactly 12万
    (123_456, "12余"),
    (1_234_567, "120余"),  # 123万 → two significant digits → 120余
    (2_000_000, "200"),
])
def test_wan_with_yu(yuan, written):
    assert approx_wan(yuan) == written


@pytest.mark.parametrize(("part", "whole", "written"), [(133, 150, "88.7"), (1, 3, "33.3"), (2, 3, "66.7"),
                                                        (1, 8, "12.5"), (150, 150, "100.0"), (0, 150, "0.0")])
def test_percent_one_decimal_half_up(part, whole, written):
    assert percent(part, whole) == written


def test_percent_of_nothing_has_no_data():
    assert percent(3, 0) is None


def test_wan_at_least_floors_so_that_yishang_holds():
    assert wan_at_least(58_000) == "5"
    assert wan_at_least(50_000) == "5"


def test_no_data_is_said_never_zero():
    assert say(None) == NO_DATA == "（无数据）"
    assert say("0") == "0"
