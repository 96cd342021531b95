"""The hundred-day campaign on the example district (150 villages, campaign from 2022-08-15)."""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from adapters.sheets import read_table
from config.dates import DISTRICT_TZ
from config.errors import InputError
from config.ranking import CampaignConfig
from domain.calendar.workdays import WorkingCalendar
from domain.campaign import campaign_status, import_progress_sheet, record_progress, run_campaign, write_progress_sheet
from domain.campaign.milestones import milestone_dates
from domain.campaign.notices import due_reminders
from domain.campaign.progress import ProgressRow, parse_campaign_sheet
from domain.campaign.progress import record_progress as record_rows
from domain.outbox.queue import enqueue
from domain.unit_of_work import unit_of_work
from models.audit import AuditEvent
from models.campaign import CampaignProgress
from models.db import session_scope
from models.outbox import OutboxMessage

CAL = WorkingCalendar()


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=DISTRICT_TZ)


def work(url, cfg, as_of, actor="测试"):
    return unit_of_work(url=url, config=cfg, as_of=as_of, actor=actor)


def test_example_milestones_land_on_working_days_across_national_day(example_cfg):
    dates = {d.key: d for d in milestone_dates(example_cfg.campaign, CAL)}
    assert dates["project-start"].due == date(2022, 9, 14)
    assert dates["project-start"].remind_on == date(2022, 9, 8)  # 9-12 is the Mid-Autumn holiday
    assert (dates["contracts"].scheduled, dates["contracts"].due) == (date(2022, 10, 4), date(2022, 10, 8))
    assert dates["contracts"].reason == "国庆节"
    assert dates["contracts"].remind_on == date(2022, 9, 28)
    assert dates["income-target"].due == date(2022, 11, 23)


@pytest.mark.parametrize("day", range(0, 101))
def test_every_offset_lands_on_the_first_working_day_on_or_after_it(day):
    cfg = CampaignConfig.model_validate({"start": "2022-08-15", "milestones": [
        {"key": "m", "item": "项目开工", "day": day}]})
    [d] = milestone_dates(cfg, CAL)
    assert CAL.is_working_day(d.due)
    assert d.due >= d.scheduled
    assert all(not CAL.is_working_day(d.scheduled + timedelta(days=k)) for k in range((d.due - d.scheduled).days))
    if date(2022, 10, 1) <= d.scheduled <= date(2022, 10, 7):
        assert d.due == date(2022, 10, 8)  # the make-up Saturday after National Day


def _codes(url, n):
    from models.org import Village

    with session_scope(url) as s:
        return list(s.execute(sa.select(Village.code).order_by(Village.code).limit(n)).scalars())


def test_record_status_and_all_or_nothing(example_db, example_cfg):
    cfg = example_cfg.campaign
    a, b, c = _codes(example_db, 3)
    with work(example_db, example_cfg, at(2022, 10, 9)) as uow:
        reports = [record_progress(uow, a, "项目开工", done_on=date(2022, 9, 10), evidence="开工报告"),
                   record_progress(uow, b, "project-start", done_on=date(2022, 9, 16)),  # two days late
                   record_progress(uow, c, "合同规范签订", done_on=date(2022, 10, 8))]
        again = record_progress(uow, a, "项目开工", done_on=date(2022, 9, 10), evidence="开工报告")
    assert [(r.created, r.updated) for r in reports] == [(1, 0)] * 3
    assert reports[0].changes[0].done_on == date(2022, 9, 10)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    with work(example_db, example_cfg, at(2022, 10, 9)) as uow:
        st = campaign_status(uow, on=date(2022, 9, 20))
    assert st.villages == 150 and st.phase == "攻坚推进"
    assert st.on_target == 1  # only `a` did the one due milestone (9-14) on time
    first = st.milestones[0]
    assert (first.is_due, first.done_on_time, first.done_late, first.not_done) == (True, 1, 1, 148)
    assert st.items_done == 2  # c's 10-08 record is after the as-of day

    bad = [ProgressRow("row 2", a, "项目开工", date(2022, 9, 11)),  # a change: valid
           ProgressRow("row 3", "NOPE", "项目开工", date(2022, 9, 11)),
           ProgressRow("row 4", b, "打卡", date(2022, 9, 11)),
           ProgressRow("row 5", c, "项目开工", date(2022, 12, 1)),  # in the future
           ProgressRow("row 6", c, "项目开工", date(2022, 9, 1))]  # duplicate of row 5
    with session_scope(example_db) as s, pytest.raises(InputError) as exc:  # every bad row named, nothing written
        record_rows(s, cfg, bad, at=at(2022, 10, 9), actor="测试", source="sheet.xlsx")
    wheres = [p.where for p in exc.value.problems]
    assert wheres == ["row 3: 村（社区）编码", "row 4: 事项", "row 5: 完成日期", "row 6"]
    with session_scope(example_db) as s:
        assert s.execute(sa.select(CampaignProgress.done_on).where(CampaignProgress.done_on == date(2022, 9, 11))
                         ).first() is None  # nothing half-written
        events = s.execute(sa.select(sa.func.count()).select_from(AuditEvent)
                           .where(AuditEvent.entity == "campaign_progress")).scalar_one()
    assert events == 3


def test_sheet_round_trip(example_db, example_cfg, tmp_path):
    from openpyxl import load_workbook

    with work(example_db, example_cfg, at(2022, 10, 10)) as uow:
        path, rows = write_progress_sheet(uow, tmp_path / "sheet.xlsx", town="青山镇")
    assert rows == 18 * 3
    wb = load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws[1]] == ["镇街", "村（社区）编码", "村（社区）", "节点", "事项", "截止日期", "完成日期",
                                        "佐证材料"]
    ws["G2"] = date(2022, 9, 13)
    ws["H2"] = "开工照片"
    ws["G3"] = "2022/10/8"
    wb.save(path)
    with work(example_db, example_cfg, at(2022, 10, 10), actor="镇") as uow:
        report = import_progress_sheet(uow, read_table(path))
    assert (report.created, report.blank, report.unchanged) == (2, 52, 0)
    with work(example_db, example_cfg, at(2022, 10, 10), actor="镇") as uow:  # the same sheet again changes nothing
        again = import_progress_sheet(uow, read_table(path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with session_scope(example_db) as s:
        audits = set(s.execute(sa.select(AuditEvent.actor, AuditEvent.note)
                               .where(AuditEvent.entity == "campaign_progress")).all())
    assert audits == {("镇", "sheet.xlsx; 佐证: 开工照片"), ("镇", "sheet.xlsx")}  # the acting user, the sheet
    ws["G4"] = "九月"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        parse_campaign_sheet(read_table(path))
    assert exc.value.problems[0].where == "sheet.xlsx row 4: 完成日期"


def test_reminders_are_queued_once_even_when_run_twice(example_db, example_cfg):
    cfg = example_cfg.campaign
    [a] = _codes(example_db, 1)
    with work(example_db, example_cfg, at(2022, 9, 26)) as uow:
        record_progress(uow, a, "合同规范签订", done_on=date(2022, 9, 26))
    counts = []
    for _ in range(2):
        with session_scope(example_db) as s:
            counts.append(len(enqueue(s, due_reminders(s, cfg, CAL, as_of=at(2022, 9, 26)), at=at(2022, 9, 26))))
    # 149 villages not done + their owner (the rural-work department, one list) for the contracts milestone
    assert counts == [150, 0]
    with session_scope(example_db) as s:
        rows = s.execute(sa.select(OutboxMessage)).scalars().all()
    assert {r.rule for r in rows} == {"campaign-remind"}
    assert {r.period for r in rows} == {"2022-10-08"}
    dept = next(r for r in rows if r.recipient == "department:rural-work")
    assert len(dept.payload["villages"]) == 149 and a not in dept.payload["villages"]
    assert min(r.not_before for r in rows) == at(2022, 9, 28)  # held until the reminder day


def test_a_missed_milestone_raises_one_issue_for_its_owner(example_db, example_cfg, tmp_path):
    from models.campaign import CampaignMiss
    from models.issues import Issue, IssueEvent, IssueSource

    cfg = example_cfg.campaign
    codes = _codes(example_db, 150)
    with session_scope(example_db) as s:  # everyone started the project on time except the first village
        record_rows(s, cfg, [ProgressRow("t", c, "项目开工", date(2022, 9, 13)) for c in codes[1:]],
                    at=at(2022, 9, 13), actor="t", source="t")
    runs = []
    for when in (at(2022, 9, 14, 18), at(2022, 9, 15), at(2022, 9, 19), at(2022, 9, 19)):  # due day itself, then
        with work(example_db, example_cfg, when, actor="dudao:hundred-day-campaign") as uow:
            runs.append(run_campaign(uow, actor="百日攻坚（自动）", outputs_dir=tmp_path))
    assert [r.issues_raised for r in runs] == [0, 1, 0, 0]  # not on the due day; once after it; never again
    with session_scope(example_db) as s:
        [issue] = s.execute(sa.select(Issue)).scalars().all()
        [miss] = s.execute(sa.select(CampaignMiss)).scalars().all()
    assert (issue.source, issue.source_ref) == (IssueSource.campaign, f"campaign:2022-08-15:{codes[0]}:project-start")
    assert issue.owner == "town:T01" and "项目开工" in issue.title and "逾期未完成" in issue.title
    with session_scope(example_db) as s:  # signed as the cycle, not as its run's actor
        actors = set(s.execute(sa.select(IssueEvent.actor).where(IssueEvent.issue_id == issue.id)).scalars())
    assert actors == {"百日攻坚（自动）"}
    assert (miss.issue_id, miss.due_on, miss.owner) == (issue.id, date(2022, 9, 14), "town:T01")
    with work(example_db, example_cfg, at(2022, 10, 10)) as uow:  # contracts (owner: rural-work) is missed
        late = run_campaign(uow, outputs_dir=tmp_path)
        owners = set(uow.session.execute(sa.select(Issue.owner).where(Issue.source_ref.like("%:contracts"))).scalars())
    assert late.issues_raised == 150 and owners == {"department:rural-work"}
