"""Occurrences: holiday moves with reasons, merging, `after:` cycles, Prefect's rule string, the ICS file."""

from datetime import date, datetime, time

import pytest
from dateutil.rrule import rrulestr

from config.cycles import CycleConfig
from domain.calendar.ics import to_ics
from domain.calendar.occurrences import expand, latest_occurrence, occurrence_on, prefect_rrule, preview
from domain.calendar.workdays import WorkingCalendar

BIWEEKLY = "DTSTART:20260921T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"


def cycle(key="biweekly", trigger=BIWEEKLY, policy="next", **kw) -> CycleConfig:
    return CycleConfig(key=key, kind=kw.pop("kind", "inspection_round"), trigger=trigger, holiday_policy=policy, **kw)


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar()


@pytest.mark.parametrize(("policy", "expected"), [
    ("next", [date(2026, 9, 21), date(2026, 10, 8), date(2026, 10, 19)]),
    ("previous", [date(2026, 9, 21), date(2026, 9, 30), date(2026, 10, 19)]),
    ("skip", [date(2026, 9, 21), date(2026, 10, 19)]),
])
def test_national_day_monday_moves_by_policy(cal, policy, expected):
    found = expand(cycle(policy=policy), cal, date(2026, 9, 1), date(2026, 10, 31))
    assert [o.date for o in found] == expected
    moved = [o for o in found if o.moved]
    if policy != "skip":
        assert moved[0].original_date == date(2026, 10, 5)
        assert moved[0].reason == "国庆节"
        assert moved[0].time == time(9, 0)


def test_two_occurrences_moved_onto_one_day_become_one(cal):
    daily = cycle("daily", "DTSTART:20260901T083000\nRRULE:FREQ=DAILY", "next", kind="deadline_sweep")
    found = expand(daily, cal, date(2026, 9, 30), date(2026, 10, 9))
    assert [o.date for o in found] == [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9)]
    oct8 = found[1]
    assert not oct8.moved  # the unmoved 10-08 wins over 10-01 … 10-07 moved onto it


def test_an_occurrence_moved_into_the_window_is_listed(cal):
    # 2026-10-05 (outside a window starting 10-06) moves to 10-08, inside it
    assert [o.date for o in expand(cycle(), cal, date(2026, 10, 6), date(2026, 10, 10))] == [date(2026, 10, 8)]


def test_after_cycles_are_listed_with_the_occurrence_they_follow(cal):
    cycles = [cycle(), cycle("ranking", "after:biweekly", kind="ranking")]
    found = preview(cycles, cal, date(2026, 10, 1), date(2026, 10, 31))
    follows = [o for o in found if o.cycle == "ranking"]
    assert [(o.date, o.follows, o.time) for o in follows] == [
        (date(2026, 10, 8), "biweekly", None), (date(2026, 10, 19), "biweekly", None)]
    assert [o.cycle for o in preview(cycles, cal, date(2026, 10, 1), date(2026, 10, 31), only="ranking")] == [
        "ranking", "ranking"]
    with pytest.raises(KeyError):
        preview(cycles, cal, date(2026, 10, 1), date(2026, 10, 31), only="nope")


def test_occurrence_lookups(cal):
    cycles = [cycle()]
    assert occurrence_on(cycles, cal, "biweekly", date(2026, 10, 8)).original_date == date(2026, 10, 5)
    assert occurrence_on(cycles, cal, "biweekly", date(2026, 10, 5)) is None
    assert latest_occurrence(cycles, cal, "biweekly", date(2026, 10, 18)).date == date(2026, 10, 8)


def test_provisional_year_and_override(cal):
    yearly = cycle("oct1", "DTSTART:20260101T090000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1")
    fresh = WorkingCalendar()
    found = expand(yearly, fresh, date(2027, 1, 1), date(2027, 12, 31))
    assert found[0].original_date == date(2027, 10, 1) and found[0].date > date(2027, 10, 1)
    assert fresh.provisional_years == {2027}
    overridden = WorkingCalendar({date(2027, 10, 1): (True, "示例：改为上班")})
    assert expand(yearly, overridden, date(2027, 1, 1), date(2027, 12, 31))[0].date == date(2027, 10, 1)


def test_prefect_rule_string_fires_exactly_on_the_preview(cal):
    for c in [cycle(), cycle("daily", "DTSTART:20260101T090000\nRRULE:FREQ=DAILY", "skip"),
              cycle("prev", "DTSTART:20260101T090000\nRRULE:FREQ=WEEKLY;BYDAY=SA", "previous")]:
        text, until = prefect_rrule(c, cal, date(2026, 9, 1), horizon_days=120)
        assert "Z" not in text.split("RRULE")[0] + "".join(x for x in text.splitlines() if x.startswith(("EX", "RD")))
        fired = [d.date() for d in rrulestr(text, forceset=True).between(
            datetime(2026, 9, 1), datetime.combine(until, time.max), inc=True)]
        assert fired == [o.date for o in expand(c, cal, date(2026, 9, 1), until)], c.key


def test_prefect_rule_string_shrinks_its_horizon_to_fit(cal):
    daily = cycle("daily", "DTSTART:20260101T090000\nRRULE:FREQ=DAILY", "skip")
    text, until = prefect_rrule(daily, cal, date(2026, 9, 1), horizon_days=400, limit=1500)
    assert len(text) <= 1500 and until < date(2027, 10, 6)


def _events(data: bytes):
    from icalendar import Calendar

    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def test_ics_parses_and_equals_the_preview(cal):
    cycles = [cycle(), cycle("ranking", "after:biweekly", kind="ranking")]
    found = preview(cycles, cal, date(2026, 9, 1), date(2026, 12, 31))
    data = to_ics(found, {"biweekly": "两周一督查"}, domain="d01.dudao",
                  stamp=datetime(2026, 9, 1, 8, 0), calendar_name="示范区")
    from icalendar import Calendar

    parsed = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = _events(data)
    timed = [e for e in events if isinstance(e.decoded("dtstart"), datetime)]
    assert [e.decoded("dtstart").date() for e in timed] == [o.date for o in found if o.cycle == "biweekly"]
    assert all(e["dtstart"].params["TZID"] == "Asia/Shanghai" for e in timed)
    assert timed[0].decoded("dtstart").hour == 9
    assert len(events) == len(found)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_a_moved_occurrence_keeps_its_uid(cal):
    names = {"biweekly": "两周一督查"}

    def uid_and_start(calendar):
        found = preview([cycle()], calendar, date(2026, 10, 1), date(2026, 10, 10))
        (event,) = _events(to_ics(found, names, domain="d", stamp=datetime(2026, 9, 1),
                                  calendar_name="x"))
        return str(event["uid"]), event.decoded("dtstart").date()

    moved_uid, moved_day = uid_and_start(cal)
    kept_uid, kept_day = uid_and_start(WorkingCalendar({date(2026, 10, 5): (True, "改为上班")}))
    assert (moved_day, kept_day) == (date(2026, 10, 8), date(2026, 10, 5))
    assert moved_uid == kept_uid == "biweekly-20261005@d"


# ---- the calendar's use cases on a unit of work (what `dudao calendar | schedule | run` call) ---------------

@pytest.fixture
def work(test_cycles):
    """A unit of work on the test district's empty ledger at head, as of 2026-10-12 10:00."""
    from contextlib import contextmanager

    from config.dates import DISTRICT_TZ
    from config.district import load_district_config
    from domain.unit_of_work import unit_of_work

    cfg = load_district_config(test_cycles)

    @contextmanager
    def opened(url=None, **kw):
        with unit_of_work(as_of=datetime(2026, 10, 12, 10, tzinfo=DISTRICT_TZ), actor="测试", config=cfg, url=url,
                          **kw) as uow:
            yield uow

    return opened


def test_schedule_window_defaults_and_mistakes(work):
    from config.errors import InputError
    from domain.calendar import schedule, schedule_ics

    with work() as uow:
        found = schedule(uow, cycle="biweekly", days=30)
        assert (found.first, found.last) == (date(2026, 10, 12), date(2026, 11, 11))
        assert [o.date for o in found.occurrences] == [date(2026, 10, 19), date(2026, 11, 2)]
        assert found.names["biweekly"] == "两周一督查" and found.moved == 0
        with pytest.raises(InputError, match="时间窗口为空"):
            schedule(uow, date(2026, 10, 12), end=date(2026, 10, 1))
        with pytest.raises(InputError, match="没有周期 'nope'") as err:
            schedule(uow, cycle="nope")
        assert "biweekly" in str(err.value)
        ics = schedule_ics(uow, date(2026, 10, 1), end=date(2026, 10, 31))
    assert ics.data.count(b"BEGIN:VEVENT") == len(ics.schedule.occurrences)
    assert b"DTSTAMP:20261012T020000Z" in ics.data  # the as-of moment, not the clock


def test_occurrence_to_run_lists_nearby_dates(work):
    from config.errors import InputError
    from domain.calendar import occurrence_to_run

    with work() as uow:
        assert occurrence_to_run(uow, "biweekly").occurrence.date == date(2026, 10, 8)  # moved off 国庆节
        assert occurrence_to_run(uow, "biweekly", day=date(2026, 10, 19)).occurrence.original_date is None
        with pytest.raises(InputError, match=r"2026-10-20 不是周期「.+」的一次发生日") as err:
            occurrence_to_run(uow, "biweekly", day=date(2026, 10, 20))
    assert "2026-10-08、2026-10-19、2026-11-02" in str(err.value)


def test_calendar_year_and_an_override(work):
    from domain.calendar import YearStatus, calendar_year, ledger_calendar, override_day

    with work() as uow:
        shown = calendar_year(uow, 2026)
        assert shown.status is YearStatus.official and not shown.provisional
        assert date(2026, 10, 5) in [d.day for d in shown.holidays]
        assert date(2026, 10, 10) in [d.day for d in shown.workdays]
        assert override_day(uow, date(2026, 10, 5), working=True, note="调整") is None
        assert ledger_calendar(uow).is_working_day(date(2026, 10, 5))  # read again after the change
        after = calendar_year(uow, 2026)
        assert override_day(uow, date(2026, 10, 5), working=False, note=None) == "workday"
    assert after.status is YearStatus.overridden and after.working_days == shown.working_days + 1
    assert [(d.day, d.working, d.reason) for d in after.overrides] == [(date(2026, 10, 5), True, "调整")]


def test_ledger_calendar_reads_a_ledger_without_the_schema(work):
    from domain.calendar import calendar_year, ledger_calendar

    with work("sqlite://", check_schema=False) as uow:  # what `dudao calendar show` reads before `dudao init`
        assert ledger_calendar(uow).overrides(2026) == []
        assert calendar_year(uow, 2027).provisional


@pytest.mark.sqlite_only
def test_preview_before_init_creates_no_ledger(cli, home):
    assert "共 " in cli("schedule", "preview", "--from", "2022-10-01", "--to", "2022-10-31").output
    assert "2022" in cli("calendar", "show", "2022").output
    assert not (home / "dudao.db").exists()
