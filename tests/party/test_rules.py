"""The party ledgers' pure rules: review deadlines and notices in working days across National Day 2022,
and the column-spec parser naming every bad cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adapters.ledger_sheet import Column, SheetSpec, choice, day, lookup, parse_sheet, whole
from adapters.sheets import Table
from config.errors import InputError
from domain.calendar import WorkingCalendar
from domain.party.rules import STARS, handle_deadline, review_stage

pytestmark = pytest.mark.rules
CAL = WorkingCalendar()


def test_national_day_is_off_and_the_make_up_sundays_work():
    assert not any(CAL.is_working_day(date(2022, 10, d)) for d in range(1, 8))
    assert CAL.is_working_day(date(2022, 10, 8)) and CAL.is_working_day(date(2022, 10, 9))


def test_a_case_found_before_national_day_is_due_twenty_working_days_later():
    deadline = handle_deadline(date(2022, 9, 26), CAL)
    # 4 working days in September, the two make-up days, then 14 weekdays of October
    expected = CAL.working_days(date(2022, 9, 27), deadline)
    assert len(expected) == 20 and expected[-1] == deadline == date(2022, 10, 27)
    assert date(2022, 10, 8) in expected and date(2022, 10, 3) not in expected


def test_notice_stages_count_working_days():
    deadline = date(2022, 10, 10)
    assert review_stage(deadline, date(2022, 9, 26), CAL, 3) is None  # 5 working days left
    assert review_stage(deadline, date(2022, 9, 30), CAL, 3) == ("review-remind", 3)  # 10-08, 10-09, 10-10
    assert review_stage(deadline, date(2022, 10, 5), CAL, 3) == ("review-remind", 3)  # a holiday changes nothing
    assert review_stage(deadline, date(2022, 10, 9), CAL, 3) == ("review-remind", 1)
    assert review_stage(deadline, date(2022, 10, 10), CAL, 3) == ("review-due", 0)
    assert review_stage(deadline, date(2022, 10, 12), CAL, 3) == ("review-overdue", 2)


def test_stars_are_read_as_users_write_them():
    assert {STARS[s] for s in ("五星", "五星级", "5")} == {5}
    assert STARS["三星"] == 3


def test_the_parser_names_every_bad_cell_and_repeated_keys():
    spec = SheetSpec("测试表", (
        Column("编码", "code", lookup({"A": 1, "B": 2}, "已知编码"), True),
        Column("年度", "year", whole(2000, 2100), True),
        Column("日期", "on", day),
        Column("类别", "kind", choice({"甲": "a", "乙": "b"}, "类别")),
    ), key=("code", "year"))
    table = Table(Path("t.xlsx"), ["编码", "年度", "日期", "类别"], [
        (2, ["A", 2022, "2022-10-08", "甲"]),
        (3, ["C", 2022, "", ""]),
        (4, ["B", "二〇二二", "10月", "丙"]),
        (5, ["A", 2022, "", ""]),
        (6, ["", "", "", ""]),
    ])
    with pytest.raises(InputError) as err:
        parse_sheet(table, spec)
    where = [p.where for p in err.value.problems]
    assert where == ["t.xlsx 第3行 “编码”", "t.xlsx 第4行 “年度”", "t.xlsx 第4行 “日期”", "t.xlsx 第4行 “类别”",
                     "t.xlsx 第5行", "t.xlsx 第6行 “编码”", "t.xlsx 第6行 “年度”"]
    assert "第2行" in err.value.problems[4].message


def test_unknown_and_missing_columns_are_refused():
    spec = SheetSpec("测试表", (Column("编码", "code", lookup({"A": 1}, "已知编码"), True),), key=("code",))
    with pytest.raises(InputError) as err:
        parse_sheet(Table(Path("t.xlsx"), ["名称"], [(2, ["x"])]), spec)
    assert [p.where for p in err.value.problems] == ["t.xlsx", "t.xlsx：列“名称”"]
