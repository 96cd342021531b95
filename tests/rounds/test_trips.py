"""Quarterly research trips: every town once, one town per day per group, working days inside the window."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from config.dates import DISTRICT_TZ
from config.errors import ConfigError
from domain.calendar.workdays import WorkingCalendar
from domain.rounds.trips import plan_stops, quarter_key, trip_window
from tests.rounds.conftest import ledger_counts, work


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), unique=True),
       st.integers(1, 5), st.integers(1, 25))
def test_plan_stops_visits_each_town_once_one_per_group_per_day(n_towns, departments, groups, n_days):
    towns = [f"T{i:02d}" for i in range(n_towns)]
    days = WorkingCalendar().working_days(date(2022, 10, 1), date(2022, 12, 31))[:n_days]
    if -(-n_towns // min(groups, n_towns)) > len(days):
        with pytest.raises(ConfigError) as info:
            plan_stops(towns, departments, groups, days)
        assert info.value.problems[0].where.startswith("镇街 ")
        return
    stops = plan_stops(towns, departments, groups, days)
    assert sorted(s.town for s in stops) == towns
    assert len({(s.day, s.group) for s in stops}) == len(stops)
    assert all(s.day in days for s in stops)
    used = {s.group for s in stops}
    shares = {s.group: s.departments for s in stops}
    assert sorted(d for g in used for d in shares[g]) == sorted(departments)  # each department in one group


def test_window_is_working_days_of_the_first_month():
    cal = WorkingCalendar()
    days = trip_window(cal, date(2022, 10, 1), 1)
    assert days[0] == date(2022, 10, 8)  # National Day off; Saturday 10-08 is a make-up working day (调休)
    assert days[-1] == date(2022, 10, 31) and all(cal.is_working_day(d) for d in days)
    assert trip_window(cal, date(2022, 10, 10), 2)[-1] == date(2022, 11, 30)
    assert quarter_key(date(2022, 10, 10)) == "2022-Q4" and quarter_key(date(2023, 3, 31)) == "2023-Q1"


def plan(url, cfg, day=date(2022, 10, 10)):
    from domain.rounds import plan_trip

    with work(url, cfg, at=datetime.combine(day, datetime.min.time(), DISTRICT_TZ).replace(hour=9)) as uow:
        return plan_trip(uow, day)


def test_example_trip_and_itineraries(example_db, example_cfg):
    from models.db import session_scope
    from models.outbox import OutboxMessage

    trip = plan(example_db, example_cfg)
    assert trip.created and len(trip.stops) == 10 and trip.window == (date(2022, 10, 10), date(2022, 10, 31))
    assert [s.day for s in trip.stops][::2] == [date(2022, 10, d) for d in (10, 11, 12, 13, 14)]
    with session_scope(example_db) as s:
        msgs = s.execute(sa.select(OutboxMessage).where(OutboxMessage.rule == "itinerary")).scalars().all()
    recipients = sorted(m.recipient for m in msgs)
    assert recipients == sorted([f"town:T{i:02d}" for i in range(1, 11)]
                                + [f"department:{d}" for d in example_cfg.research.departments])
    finance = next(m for m in msgs if m.recipient == "department:finance")
    assert len(finance.payload["stops"]) == 5 and "区财政局随第1调研组" in finance.payload["text"]
    before = ledger_counts(example_db)
    again = plan(example_db, example_cfg)
    assert not again.created and again.stops == trip.stops and ledger_counts(example_db) == before


def test_next_quarter_closes_the_previous_trip(example_db, example_cfg):
    from domain.rounds import list_trips

    plan(example_db, example_cfg, date(2022, 7, 11))
    later = plan(example_db, example_cfg, date(2022, 10, 10))
    assert later.closed == ["2022-Q3"]
    with work(example_db) as uow:
        assert [(t["key"], t["status"]) for t in list_trips(uow)] == [("2022-Q3", "closed"), ("2022-Q4", "planned")]


def test_record_findings_through_the_cli(cli, example_db, example_cfg):
    plan(example_db, example_cfg)
    args = ["trips", "record", "2022-Q4", "青山镇", "--note", "座谈了解项目进展", "--village", "330101001",
            "--finding", "项目选址未经论证", "--owner", "自然资源局",
            "--finding", "收益分配方案未公示", "--owner", "村", "--as-of", "2022-10-10T17:00", "--json"]
    first = json.loads(cli(*args).stdout)
    assert first["done_now"] and len(first["findings"]) == 2
    again = json.loads(cli(*args).stdout)
    assert again["findings"] == [] and again["unchanged"] == 2  # nothing twice
    shown = json.loads(cli("trips", "show", "2022-Q4", "--json").stdout)
    stop = next(s for s in shown["stops"] if s["name"] == "青山镇")
    assert [(f["text"], f["owner"]) for f in stop["findings"]] == [
        ("项目选址未经论证", "department:natural-resources"), ("收益分配方案未公示", "village:330101001")]
    assert stop["status"] == "done" and stop["note"] == "座谈了解项目进展"
    assert all(f["issue"] for f in stop["findings"])
    issues = {i["id"]: i for i in json.loads(cli("issues", "list", "--json", "--as-of", "2022-10-11").stdout)}
    raised = [issues[f["issue"]] for f in stop["findings"]]
    assert [(i["title"], i["source"]) for i in raised] == [("项目选址未经论证", "trip"), ("收益分配方案未公示", "trip")]


@pytest.mark.parametrize(("args", "expected"), [
    (["2022-Q3", "青山镇"], "没有这次季度调研"),
    (["2022-Q4", "火星镇"], "没有安排这个镇街"),
    (["2022-Q4", "青山镇", "--finding", "无人负责"], "没有责任单位"),
    (["2022-Q4", "青山镇", "--village", "330102001", "--finding", "x", "--owner", "镇"], "在册的村（社区）"),
    (["2022-Q4", "青山镇", "--finding", "x", "--owner", "镇", "--category", "外星"], "类别 '外星' 未知"),
])
def test_bad_trip_records_write_nothing(cli, example_db, example_cfg, args, expected):
    plan(example_db, example_cfg)
    before = ledger_counts(example_db)
    assert expected in cli("trips", "record", *args, code=1).error
    assert ledger_counts(example_db) == before
