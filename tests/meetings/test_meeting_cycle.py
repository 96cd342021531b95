"""Meetings as cycles: occurrences on working days, the progress brief from the ledger, sent once, the meeting
recorded with its agenda, and the figures of each kind counting an issue once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from domain.issues import open_issue, update_issue, verify_issue
from domain.meetings import MeetingRecord, SettledProblem, meeting_figures, prepare_brief, record_meeting
from domain.unit_of_work import unit_of_work
from models.db import session_scope
from models.meetings import Meeting, MeetingBrief, MeetingIssue, MeetingKind, MeetingRole
from models.outbox import OutboxMessage


def at(m, d, h=9, mi=0):
    return datetime(2022, m, d, h, mi, tzinfo=DISTRICT_TZ)


@pytest.fixture
def work(example_db, example_cfg):
    def opened(as_of, actor="林春燕"):
        return unit_of_work(url=example_db, config=example_cfg, as_of=as_of, actor=actor)
    return opened


@pytest.fixture
def ledger(work):
    """Three issues opened on 2022-09-27: A overdue by 10-08, B open, C closed on 09-29 with 30,000 yuan 增收."""
    with work(at(9, 27)) as uow:
        a = open_issue(uow, title="村集体资产台账不全", village="330101001", deadline=date(2022, 9, 28))
        b = open_issue(uow, title="光伏项目收益未入账", village="330102001", deadline=date(2022, 10, 20))
        c = open_issue(uow, title="合同未规范签订", village="330101002", deadline=date(2022, 10, 14))
    with work(at(9, 29)) as uow:
        update_issue(uow, c, action="start")
        update_issue(uow, c, action="submit")
        verify_issue(uow, c, passed=True, income_added_yuan=30_000)
    return a, b, c


def briefs(url, rule="meeting-brief"):
    with session_scope(url) as s:
        return s.execute(sa.select(OutboxMessage.recipient, OutboxMessage.period).where(
            OutboxMessage.rule == rule).order_by(OutboxMessage.recipient)).all()


def test_meeting_occurrences_fall_on_working_days(work):
    from domain.calendar import preview, working_calendar

    with work(at(9, 30)) as uow:
        found = preview(uow.config.cycles, working_calendar(uow), date(2022, 1, 1), date(2022, 12, 31))
    weekly = [o for o in found if o.cycle == "weekly-meeting"]
    joint = [o for o in found if o.cycle == "joint-meeting"]
    national = next(o for o in weekly if o.original_date == date(2022, 10, 3))
    assert (national.date, national.reason) == (date(2022, 10, 8), "国庆节")  # the make-up Saturday
    assert next(o for o in joint if o.original_date == date(2022, 10, 1)).date == date(2022, 10, 8)
    assert [o.date for o in joint] == [date(2022, 2, 7), date(2022, 4, 1), date(2022, 6, 1), date(2022, 8, 1),
                                       date(2022, 10, 8), date(2022, 12, 1)]
    with work(at(9, 30)) as uow:
        cal = working_calendar(uow)
        assert all(cal.is_working_day(o.date) for o in weekly + joint)
    assert len(weekly) == len({o.date for o in weekly})  # two Mondays moved onto one day are one meeting


def test_the_brief_reports_the_ledger_and_goes_out_once(example_db, work, ledger, home):
    a, _b, _c = ledger
    with work(at(10, 8, 8, 30), actor="dudao:weekly-meeting") as uow:
        done = prepare_brief(uow, "weekly-meeting", date(2022, 10, 8))
    assert done.figures == {"raised": 3, "closed": 1, "income_added_yuan": 30_000, "open": 2, "overdue": 1,
                            "agenda": 1}
    assert done.agenda == [a] and done.title == "2022年10月08日每周例会"
    assert done.docx.exists() and done.docx.suffix == ".docx" and done.markdown.parent == home / "outputs" / "meetings"
    text = done.markdown.read_text(encoding="utf-8")
    assert "统计区间：2022年9月26日08:30至2022年10月8日08:30" in text  # since the previous occurrence
    assert "| 青山镇 | 2 | 1 | 3.0万元 | 1 | 1 | 3 |" in text  # A: overdue 09-29, 09-30, 10-08 (National Day off)
    assert f"| {a} | 青山镇·顺乐村 | 村集体资产台账不全 |" in text
    assert "百日攻坚" in text and "截至目前尚未发布红黑榜" in text
    assert "扶持项目" not in text  # the support-projects hook reads nothing yet
    assert briefs(example_db) == [("coordinators", "2022-10-08"), ("leadership", "2022-10-08"),
                                  ("office", "2022-10-08")]
    assert (done.queued, done.recipients) == (3, 3)
    with work(at(10, 8, 8, 45), actor="dudao:weekly-meeting") as uow:
        again = prepare_brief(uow, "weekly-meeting", date(2022, 10, 8))
    assert (again.queued, again.recipients) == (0, 3) and len(briefs(example_db)) == 3  # sent once


def test_the_next_occurrence_records_the_meeting_with_its_agenda(example_db, work, ledger):
    a, _b, _c = ledger
    with work(at(10, 8, 8, 30), actor="dudao:weekly-meeting") as uow:
        prepare_brief(uow, "weekly-meeting", date(2022, 10, 8))
    with work(at(10, 10, 8, 30), actor="dudao:weekly-meeting") as uow:
        nxt = prepare_brief(uow, "weekly-meeting", date(2022, 10, 10))
    assert [r.meeting.title for r in nxt.recorded] == ["2022年10月08日每周例会"]
    assert nxt.recorded[0].agenda == [a]
    with session_scope(example_db) as s:
        m = s.execute(sa.select(Meeting).where(Meeting.held_on == date(2022, 10, 8))).scalar_one()
        assert m.kind is MeetingKind.weekly and "区领导" in m.units_present
        links = s.execute(sa.select(MeetingIssue.issue_id, MeetingIssue.role)
                          .where(MeetingIssue.meeting_id == m.id)).all()
        assert links == [(a, MeetingRole.agenda)]
        assert s.execute(sa.select(MeetingBrief.meeting_id)
                         .where(MeetingBrief.occurrence == date(2022, 10, 8))).scalar_one() == m.id
        since = s.execute(sa.select(MeetingBrief.since).where(MeetingBrief.occurrence == date(2022, 10, 10))
                          ).scalar_one()
        assert since == at(10, 8, 8, 30)  # the window starts at the previous brief
    assert nxt.figures["raised"] == 0 and nxt.figures["overdue"] == 1


def test_a_meeting_recorded_by_hand_takes_its_briefs_agenda(example_db, work, ledger):
    a, b, _c = ledger
    with work(at(10, 8, 8, 30), actor="dudao:weekly-meeting") as uow:
        prepare_brief(uow, "weekly-meeting", date(2022, 10, 8))
    with work(at(10, 8, 12)) as uow:
        done = record_meeting(uow, MeetingRecord(MeetingKind.weekly, date(2022, 10, 8), agenda=[b],
                                                 settled=[SettledProblem(a, income_added_yuan=50_000)]))
    assert done.settled == [a] and done.agenda == [a, b]
    with work(at(10, 10, 8, 30), actor="dudao:weekly-meeting") as uow:
        nxt = prepare_brief(uow, "weekly-meeting", date(2022, 10, 10))
    assert nxt.recorded == []  # recorded already: not twice
    with session_scope(example_db) as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Meeting)).scalar_one() == 1


def test_an_issue_on_both_kinds_agendas_counts_once_in_the_kind_that_settled_it(example_db, work, ledger):
    _a, b, _c = ledger
    with work(at(9, 27, 10)) as uow:
        x = open_issue(uow, title="村级光伏电站收益分配不规范", village="330103001", deadline=date(2022, 10, 20))
        y = open_issue(uow, title="集体土地流转价格偏低", village="330104001", deadline=date(2022, 10, 20))
    with work(at(10, 8, 16)) as uow:
        record_meeting(uow, MeetingRecord(MeetingKind.weekly, date(2022, 10, 8), agenda=[x, y]))
        record_meeting(uow, MeetingRecord(MeetingKind.joint, date(2022, 10, 8), agenda=[x, y, b]))
    with work(at(10, 9, 10)) as uow:  # x closed the next day: the joint meeting sat after the weekly one
        update_issue(uow, x, action="start")
        update_issue(uow, x, action="submit")
        verify_issue(uow, x, passed=True, income_added_yuan=50_000)
    with work(at(10, 10, 10)) as uow:  # y settled at the next weekly meeting
        record_meeting(uow, MeetingRecord(MeetingKind.weekly, date(2022, 10, 10),
                                          settled=[SettledProblem(y, income_added_yuan=20_000)]))
    with work(at(12, 31, 18)) as uow:
        figures = meeting_figures(uow, date(2022, 1, 1), date(2022, 12, 31))
    weekly, joint = figures[MeetingKind.weekly], figures[MeetingKind.joint]
    assert (weekly.meetings, weekly.solved, weekly.villages_helped, weekly.income_added_yuan) == (2, 1, 1, 20_000)
    assert (joint.meetings, joint.solved, joint.villages_helped, joint.income_added_yuan) == (1, 1, 1, 50_000)
    assert set(weekly.issues) | set(joint.issues) == {x, y} and not set(weekly.issues) & set(joint.issues)
    # c was closed on 09-29, before any meeting had it: no meeting counts it; b is still open


def test_agenda_and_figures_from_the_command_line_and_the_sheet(example_db, work, ledger, cli, tmp_path):
    import json

    from openpyxl import Workbook

    a, b, _ = ledger
    out = cli("meetings", "record", "--date", "2022-10-10", "--kind", "weekly", "--agenda", str(b),
              "--settle", f"{a}=40000", "--by", "组织科")
    assert f"议程 1 个问题（{b}）" in out.output
    sheet = tmp_path / "会议记录.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["会议日期", "会议类型", "会议名称", "参会单位", "事项", "问题编号", "村（社区）编码", "镇街编码", "问题",
               "责任单位", "整改期限（工作日）", "增收（元）"])
    ws.append([date(2022, 10, 11), "联席会议", "", "区财政局", "列入议程", b, None, None, None, None, None, None])
    ws.append([date(2022, 10, 11), "联席会议", "", "区财政局", "列入议程", None, None, None, None, None, None, None])
    wb.save(sheet)
    bad = cli("meetings", "import", str(sheet), "--json", code=1)
    assert "问题编号" in bad.error  # an agenda row without its issue is named; nothing written
    ws.delete_rows(3)
    wb.save(sheet)
    imported = json.loads(cli("meetings", "import", str(sheet), "--json").stdout)
    assert imported[0]["agenda"] == [b]
    listing = json.loads(cli("meetings", "list", "--json").stdout)["meetings"]
    assert [(m["kind"], m["agenda"], m["settled"]) for m in listing] == [("weekly", 1, 1), ("joint", 1, 0)]
    figures = json.loads(cli("meetings", "figures", "--year", "2022", "--json").stdout)
    assert figures["weekly"] == {"meetings": 1, "solved": 1, "villages_helped": 1, "income_added_yuan": 40_000,
                                 "issues": [a]}
    assert figures["joint"]["solved"] == 0 and figures["joint"]["meetings"] == 1


def test_the_agenda_takes_the_earliest_deadlines_across_villages_and_towns(example_db, work):
    from domain.calendar import working_calendar
    from domain.meetings.brief import Window, issue_lines

    with work(at(9, 13)) as uow:
        x1 = open_issue(uow, title="x1", village="330101001", deadline=date(2022, 9, 20))
        x2 = open_issue(uow, title="x2", village="330101001", deadline=date(2022, 9, 21))
        open_issue(uow, title="y", village="330102001", deadline=date(2022, 9, 22))
        town = open_issue(uow, title="镇级统筹资金未到位", town="T02", deadline=date(2022, 9, 19))
    with work(at(10, 10, 8, 30)) as uow:
        towns, agenda = issue_lines(uow.session, Window(at(9, 1), uow.as_of, uow.today), working_calendar(uow), 3)
    assert [a.issue_id for a in agenda] == [town, x1, x2]
    assert agenda[0].place == "河口镇" and agenda[1].place == "青山镇·顺乐村"
    assert {t.town: (t.raised, t.open, t.overdue) for t in towns} == {"青山镇": (2, 2, 2), "河口镇": (2, 2, 2)}
