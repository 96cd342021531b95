"""Weekly and joint meetings over the issue ledger: problems raised become issues, problems settled are
verified and closed with the meeting as evidence, and a meeting's figures come from those issues."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from config.errors import InputError
from domain.issues import open_issue
from domain.meetings import MeetingRecord, RaisedProblem, SettledProblem, list_meetings, record_meeting
from domain.meetings.ledger import figures
from domain.unit_of_work import unit_of_work
from models.db import session_scope
from models.issues import Issue, IssueEvent, IssueSource, IssueStatus
from models.meetings import MeetingIssue, MeetingKind

NOW = datetime(2022, 11, 1, 9, 0, tzinfo=DISTRICT_TZ)


def at(m, d):
    return datetime(2022, m, d, 9, 0, tzinfo=DISTRICT_TZ)


@pytest.fixture
def work(example_db, example_cfg):
    def opened(as_of=NOW, actor="林春燕"):
        return unit_of_work(url=example_db, config=example_cfg, as_of=as_of, actor=actor)
    return opened


@pytest.fixture
def two_issues(work):
    with work(at(9, 20), actor="t") as uow:
        a = open_issue(uow, title="村集体资产台账不全", village="330101001")
        b = open_issue(uow, title="光伏项目收益未入账", village="330102001")
    return a, b


def test_meetings_raise_settle_and_derive_their_figures(example_db, work, two_issues):
    a, b = two_issues
    weekly = MeetingRecord(MeetingKind.weekly, date(2022, 10, 17), units_present=["区委组织部", "区财政局"],
                           raised=[RaisedProblem("合作社分红方案未公示", "330101002", due_days=5),
                                   RaisedProblem("镇级统筹项目资金未到位", "T02", owner="department:finance")],
                           settled=[SettledProblem(a, income_added_yuan=50_000)])
    with work() as uow:
        first = record_meeting(uow, weekly)
    assert first.created and first.meeting.title == "2022年10月17日每周例会" and first.settled == [a]
    c, d = first.raised
    with session_scope(example_db) as s:
        issue_a, issue_c, issue_d = (s.get(Issue, i) for i in (a, c, d))
        assert (issue_a.status, issue_a.income_added_yuan) == (IssueStatus.closed, 50_000)
        evidence = s.execute(sa.select(IssueEvent.evidence).where(IssueEvent.issue_id == a,
                                                                  IssueEvent.action == "pass")).scalar_one()
        assert evidence == [f"meeting:{first.meeting.id} 2022年10月17日每周例会"]
        assert (issue_c.source, issue_c.source_ref) == (IssueSource.meeting, f"meeting:{first.meeting.id}:1")
        assert issue_c.opened_at == at(10, 17)  # raised at the meeting, recorded two weeks later
        assert (issue_d.village_id, issue_d.owner) == (None, "department:finance")  # a town's problem

    # the joint meeting settles what the weekly one raised, adding income there
    joint = MeetingRecord(MeetingKind.joint, date(2022, 10, 28), units_present=["区农业农村局"],
                          settled=[SettledProblem(c, income_added_yuan=30_000), SettledProblem(b)])
    with work() as uow:
        record_meeting(uow, joint)
        per = figures(uow.session)
        total = figures(uow.session, by_meeting=False)[None]
        listed = list_meetings(uow)
    weekly_id = first.meeting.id
    assert (per[weekly_id].studied, per[weekly_id].solved, per[weekly_id].villages_helped,
            per[weekly_id].income_added_yuan) == (3, 2, 2, 80_000)  # a and c are closed now, both with income
    joint_id = weekly_id + 1
    assert (per[joint_id].studied, per[joint_id].solved, per[joint_id].income_added_yuan) == (2, 2, 30_000)
    assert (total.studied, total.solved, total.villages_helped, total.income_added_yuan) == (4, 3, 2, 80_000)
    assert listed.totals == total
    assert [(m.id, m.kind, m.raised, m.settled, m.income_added_yuan) for m in listed.meetings] == [
        (weekly_id, MeetingKind.weekly, 2, 1, 80_000), (joint_id, MeetingKind.joint, 0, 2, 30_000)]

    with work() as uow:  # recording the weekly meeting again changes nothing
        again = record_meeting(uow, weekly)
        assert not again.created and again.raised == [c, d] and again.settled == []
        assert uow.session.execute(sa.select(sa.func.count()).select_from(MeetingIssue)).scalar_one() == 5


def test_a_meeting_cannot_settle_a_closed_issue_or_an_unknown_one(example_db, work, two_issues):
    a, _ = two_issues
    with work(actor="t") as uow:
        record_meeting(uow, MeetingRecord(MeetingKind.weekly, date(2022, 10, 10), settled=[SettledProblem(a)]))
    bad = MeetingRecord(MeetingKind.joint, date(2022, 10, 20), raised=[RaisedProblem("新问题", "330101003")],
                        settled=[SettledProblem(a), SettledProblem(9999)])
    with pytest.raises(InputError) as exc, work(actor="t") as uow:
        record_meeting(uow, bad)
    assert [p.message for p in exc.value.problems] == [
        f"问题 {a} 已销号；会议只能解决未销号的问题", "问题 9999 不存在"]
    with session_scope(example_db) as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Issue)).scalar_one() == 2  # nothing written


def test_meetings_cli_record_import_and_list(example_db, cli, two_issues, tmp_path):
    from openpyxl import Workbook

    a, b = two_issues
    out = cli("meetings", "record", "--date", "2022-10-17", "--kind", "weekly", "--present", "区委组织部、区财政局",
              "--raise", "330101002|合作社分红方案未公示||5", "--settle", f"{a}=50000", "--by", "林春燕").stdout
    assert "已记录：2022年10月17日每周例会" in out and "提出问题 1 个" in out
    cli("meetings", "record", "--date", "2022-10-18", "--kind", "monthly", code=1)
    cli("meetings", "record", "--date", "2022-10-18", "--kind", "joint", "--settle", "x=1", code=1)

    sheet = tmp_path / "meetings.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["会议日期", "会议类型", "会议名称", "参会单位", "事项", "问题编号", "村（社区）编码", "镇街编码", "问题",
               "责任单位", "整改期限（工作日）", "增收（元）"])
    ws.append([date(2022, 10, 28), "联席会议", "第三次联席会议", "区农业农村局、区财政局", "销号", b, None, None, None,
               None, None, 120_000])
    ws.append([date(2022, 10, 28), "联席会议", "第三次联席会议", "", "提出", None, "330103001", None, "冷库闲置",
               "department:agriculture", 15, None])
    wb.save(sheet)
    imported = json.loads(cli("meetings", "import", sheet, "--json").stdout)
    assert [(m["title"], m["created"], len(m["raised"]), m["settled"]) for m in imported] == [
        ("第三次联席会议", True, 1, [b])]
    assert json.loads(cli("meetings", "import", sheet, "--json").stdout)[0]["created"] is False  # idempotent

    listing = json.loads(cli("meetings", "list", "--json").stdout)
    assert [(m["kind"], m["raised"], m["settled"], m["income_added_yuan"]) for m in listing["meetings"]] == [
        ("weekly", 1, 1, 50_000), ("joint", 1, 1, 120_000)]
    assert listing["totals"] == {"studied": 4, "solved": 2, "villages_helped": 2, "income_added_yuan": 170_000}
    assert "合计" in cli("meetings", "list").stdout

    ws.append(["2022-13-01", "例会", "", "", "提出", None, None, None, "", None, "x", None])
    ws.append([date(2022, 10, 29), "联席会议", "", "", "讨论", None, None, None, None, None, None, None])
    wb.save(sheet)
    failed = cli("meetings", "import", sheet, code=1)
    assert "meetings.xlsx row 4: 会议日期" in failed.error and "meetings.xlsx row 5: 事项" in failed.error
