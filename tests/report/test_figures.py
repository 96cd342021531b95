"""Every figure of the report on the hand-computed fixture ledger (tests/report/ledger.py), at the end of the
year and as of dates inside it (DOMAIN.md periods: a yearly report as of a date counts up to that date)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from config.dates import DISTRICT_TZ
from domain.report import NO_DATA, compile_report
from domain.unit_of_work import unit_of_work
from tests.report import ledger


def end_of(y: int, m: int, d: int) -> datetime:
    return datetime.combine(datetime(y, m, d) + timedelta(days=1), time(0), tzinfo=DISTRICT_TZ) - timedelta(
        microseconds=1)


@pytest.fixture
def fixture_db(db_url):
    from models.db import session_scope

    with session_scope(db_url) as s:
        ledger.build(s)
    return db_url


def report_as_of(url, as_of, period="2022"):
    with unit_of_work(as_of=as_of, actor="测试", config=ledger.config(), url=url) as uow:
        return compile_report(uow, period)


def values(rep) -> dict[int, tuple]:
    return {s.slot: (s.value, s.exact) for s in rep.slots}


def test_year_end_figures(fixture_db):
    v = values(report_as_of(fixture_db, end_of(2022, 12, 31)))
    # names from the config
    assert v[1] == v[9] == v[13] == ("样板区", "样板区")
    assert v[2] == v[40] == ("样板省", "样板省")
    # brands from the party ledger (the config's are a fallback), in rank order; the 2023 one not yet
    assert v[18][0] == "幸福小区党支部" and v[19][0] == "金牛屯党支部"
    assert v[20][0] == "乙镇“红色管家”"
    assert v[21][0] == "“不忘初心、牢记使命”"
    assert v[42][0] == "样板区"  # 市自然资源局样板区分局
    assert v[43][0] == "样板区"  # 样板区2022年…百日攻坚行动
    # roster: V7 was merged away in June → 6 active; 2022 incomes 250k 150k 60k 100k 200k 40k
    assert v[3] == ("6", 6)
    assert v[4] == ("5", 1)  # the 5万 floor; one village (上村, 40k) falls short
    assert v[5] == ("4", 4)  # ≥ 10万: 250k, 150k, 100k (exactly), 200k
    assert v[6] == ("66.7", pytest.approx(66.666667))  # 4 ÷ 6
    assert v[7] == ("2", 2)  # ≥ 20万: 250k, 200k (exactly)
    assert v[8] == ("33.3", pytest.approx(33.333333))  # 2 ÷ 6
    # weekly: issue 1 (raised W1, settled W2, 85,000) and issue 3 (raised J1, settled W2, 0) — issue 2 was raised
    # by a weekly meeting but settled by a joint one, so it counts once, as joint
    assert v[10] == ("2", 2)
    assert v[11] == ("1", 1)  # only 东村 has 增收 > 0 (issue 3's 增收 is a recorded 0)
    assert v[12] == ("8余", 85_000)  # 8.5万 → 8余万元
    # issue 14 (closed when its village was abolished, no on-time verdict) is not counted anywhere
    # joint: meetings J1, J2 and the third of 14 November in 2022 (J3 was in 2021)
    assert v[28] == ("3", 3)
    # issues 2 (50,000), 4 (closed outside meetings, last handled by J1: 123,456), 5 (no 增收 entered),
    # 7 (raised in 2021, settled J1: 30,000), 9 (raised W2, settled J2: 1,000,000), 15 (before the weekly and the
    # joint meeting of the same day, closed outside them: joint, 20,000); issue 8 closed in 2021
    assert v[29] == ("6", 6)
    assert v[30] == ("4", 4)  # 西村 (2 and 9), 中村 (4), 上村 (7), 北村 (15)
    assert v[31] == ("120余", 1_223_456)  # 122.3456万 → 122万 → two significant digits: 120余万元
    # party: organisations of the 6 active villages; 2022 city ratings 5★ 东村, 西村 (rated 1 Nov), 4★ 南社区,
    # 3★ 北村 (中村's 3★ is district-level, 下村's 5★ village was merged away)
    assert v[14] == ("6", 6)
    assert v[15] == ("2", 2) and v[16] == ("1", 1) and v[17] == ("1", 1)
    # weak-and-lax: 南社区 (2022, closed 1 Sep) counts; 上村 (2022, open) and 中村 (2021) do not
    assert v[22] == ("1", 1)
    # reviews in 2022: 张明 (district and town: once), 李强 (record, handled), 王刚 (record, not handled)
    assert v[23] == ("3", 3)
    assert v[24] == ("1", 1)
    # training: S1 (150 cadres, 1,234 members stated) and S2 (its list: 3 cadres, 2 members) in 2022
    assert v[25] == ("2", 2)
    assert v[26] == ("150多", 153)
    assert v[27] == ("1200多", 1236)
    # excellent in the 2021 assessment year: 2 secretaries, 3 cadres
    assert v[32] == ("2", 2) and v[33] == ("3", 3)
    # projects: central P1 (due 20 Dec), P2 (due 30 Nov); P3 withdrawn, P4 due 2023
    assert v[34] == ("2", 2)
    assert v[35] == ("3", 3)  # 东村, 西村 (both projects), 北村
    assert v[36] == ("8", 80_000)  # 东村 80,000; 西村 60,000 + 30,000; 北村 none known
    assert v[37] == ("1", 1)  # pilot P5 built 15 Sep (P6 in 2021)
    assert v[38] == ("1", 1) and v[39] == ("1", 1)  # applied in 2022: pilot P5, provincial P7
    # contracts: C1 (terminated 1 Aug) and C5 (rectified 11 Nov) cleaned in 2022; C4 in 2021, C2 not yet
    assert v[41] == ("2", 2)
    # rounds: two teams; R2022-10-10 and R2022-10-24 closed, R2022-11-07 still planned; visit issues 10 and 11
    # closed in 2022, 12 open, 13 closed in 2021
    assert v[44] == ("2", 2)
    assert v[45] == ("2", 2)
    assert v[46] == ("2", 2)


def test_every_slot_is_filled_or_said_to_have_no_data(fixture_db):
    rep = report_as_of(fixture_db, end_of(2022, 12, 31))
    assert [s.slot for s in rep.slots] == list(range(1, 47))
    for s in rep.slots:
        assert (s.value is None) == (s.exact is None)
        assert s.text == (NO_DATA if s.value is None else s.value)


def test_as_of_inside_the_year_counts_up_to_that_date(fixture_db):
    v = values(report_as_of(fixture_db, end_of(2022, 5, 31)))
    assert v[3] == ("7", 7)  # 下村 was still active on 31 May
    assert v[5] == ("5", 5) and v[7] == ("3", 3)  # and its 300k counts
    # by 31 May only W1, J1 (and J3 of 2021) were held; issues 1 and 3 were closed on 6 June
    assert v[10] == ("0", 0) and v[11] == ("0", 0) and v[12] == ("0", 0)  # real zeros: meetings are kept
    assert v[28] == ("1", 1)
    assert v[29] == ("2", 2)  # issues 2 and 7, settled by J1 on 15 April
    assert v[30] == ("2", 2)
    assert v[31] == ("8", 80_000)  # exactly 8万: no 余
    assert v[45] == ("0", 0) and v[46] == ("0", 0)
    assert v[14] == ("7", 7)  # 下村's organisation too
    assert v[15] == ("2", 2)  # 东村 and 下村; 西村 was rated on 1 November
    assert v[22] == ("0", 0)  # 南社区's rectification closed on 1 September
    assert v[41] == ("0", 0)
    v = values(report_as_of(fixture_db, end_of(2022, 10, 31)))
    assert v[45] == ("1", 1)  # R2022-10-24 closed on 7 November
    assert v[46] == ("1", 1)  # issue 11 closed on 1 November
    assert v[29] == ("5", 5) and v[28] == ("2", 2)  # issue 15 and the third joint meeting came in November


def test_as_of_is_a_moment(fixture_db):
    """Issue 10 was closed on 20 October at 09:00: as of 08:59 that day it is not counted."""
    at = datetime(2022, 10, 20, 8, 59, tzinfo=DISTRICT_TZ)
    assert values(report_as_of(fixture_db, at))[46] == ("0", 0)
    assert values(report_as_of(fixture_db, at + timedelta(minutes=1)))[46] == ("1", 1)


def test_an_empty_ledger_has_no_data_never_zero(db_url):
    with unit_of_work(as_of=end_of(2022, 12, 31), actor="测试", config=ledger.config(), url=db_url) as uow:
        rep = compile_report(uow, "2022")
    figures = [s for s in rep.slots if s.kind.value == "figure"]
    assert all(s.value is None and s.exact is None for s in figures)
    assert rep.slot(18).value == "阳光小区党支部"  # no brand in the ledger: the config's
    assert [s.slot for s in rep.missing] == [s.slot for s in figures]


def test_income_figures_only_for_a_year(fixture_db):
    rep = report_as_of(fixture_db, end_of(2022, 12, 31), period="2022-Q4")
    v = values(rep)
    assert v[4] == v[5] == v[6] == v[7] == v[8] == (None, None)
    assert rep.slot(5).note == "收入指标仅用于年度报告"
    assert v[28] == ("1", 1)  # the joint meeting of 14 November
    assert v[29] == ("2", 2)  # issue 5, closed 10 October, and issue 15
    assert v[45] == ("2", 2) and v[46] == ("2", 2)
    # Q4: issues 10, 11, 12 and 15 opened; 5, 10, 11 and 15 closed; 6, 12 and 17 open at the end, all overdue
    assert rep.brief == {"raised": 4, "closed": 4, "open_end": 3, "overdue": 3, "weekly_held": 1}


def test_meeting_figures_agree_with_the_meetings_area(fixture_db):
    """The report's #10/#29 issues and #11/#12, #30/#31 are those of `dudao meetings` (domain.meetings), which
    owns the counted-once rule."""
    from datetime import date

    from domain.meetings import meeting_figures
    from models.meetings import MeetingKind

    at = end_of(2022, 12, 31)
    rep = report_as_of(fixture_db, at)
    with unit_of_work(as_of=at, actor="测试", config=ledger.config(), url=fixture_db) as uow:
        theirs = meeting_figures(uow, date(2022, 1, 1), date(2022, 12, 31))
    for kind, (issues, villages, income, held) in {MeetingKind.weekly: (10, 11, 12, None),
                                                   MeetingKind.joint: (29, 30, 31, 28)}.items():
        rows = {r[0] for r in rep.slot(issues).rows.fetch()}
        assert rows == set(theirs[kind].issues)
        assert rep.slot(villages).exact == theirs[kind].villages_helped
        assert rep.slot(income).exact == theirs[kind].income_added_yuan
        if held:
            assert rep.slot(held).exact == theirs[kind].meetings
