"""Support projects (扶持项目): the sheet in (good, bad, again, changed), the template out, milestones with their
reminders and missed-milestone issues across National Day 2022, each sent or raised once; the year's figures."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.ledgers.conftest import EXAMPLES, at, count, outbox, table, write_sheet

VILLAGE_A, VILLAGE_B = "330101001", "330101002"


def sheet_row(headers: list[str], **cells) -> list[object]:
    return [cells.get(h) for h in headers]


def headers(cfg, years=(2022,)):
    from domain.projects.sheet import headers as project_headers

    return project_headers(cfg.projects, list(years))


def one_project(cfg, tmp_path, name="p.xlsx", **milestones) -> object:
    """A central project benefiting two villages; milestones as keyword cells (立项计划日期=…)."""
    h = headers(cfg)
    rows = [sheet_row(h, **{"项目编号": "XM-T-01", "项目名称": "抱团光伏项目",
                            "项目类型": "中央扶持壮大村级集体经济项目", "申报年度": 2021,
                            "村（社区）编码": VILLAGE_A, "预计年收益（元）": 60000,
                            "中央财政（元）": 1000000, **milestones}),
            sheet_row(h, **{"项目编号": "XM-T-01", "村（社区）编码": VILLAGE_B, "预计年收益（元）": 50000})]
    return table(write_sheet(tmp_path / name, h, rows))


def test_example_sheet_imports_and_again_changes_nothing(work, example_db):
    from domain.projects import import_projects, list_projects
    from models.audit import AuditEvent
    from models.projects import ProjectVillage, SupportProject

    sheet = table(EXAMPLES / "projects.xlsx")
    codes = {str(values[0]) for _, values in sheet.rows}
    with work(at(2022, 11, 30)) as uow:
        first = import_projects(uow, sheet)
    assert sorted(first.created) == sorted(codes) and not first.changed
    assert count(example_db, SupportProject) == len(codes)
    assert count(example_db, ProjectVillage) == len(sheet.rows)  # one row per project and benefiting village
    events = count(example_db, AuditEvent, AuditEvent.entity == "project")
    assert events == len(codes)
    with work(at(2022, 11, 30, 15)) as uow:
        again = import_projects(uow, sheet)
        listed = list_projects(uow)
    assert (again.created, again.changed, again.unchanged) == ([], {}, len(codes))
    assert count(example_db, AuditEvent, AuditEvent.entity == "project") == events  # nothing changed, nothing logged
    assert {r.code for r in listed} == codes
    assert all(r.kind in {"central", "pilot", "provincial", "district"} for r in listed)  # keys, not names


def test_a_changed_row_updates_the_project_with_an_audit_event(work, example_db, example_cfg, tmp_path):
    from domain.projects import import_projects, project_detail
    from models.audit import AuditEvent

    with work(at(2022, 9, 30)) as uow:
        import_projects(uow, one_project(example_cfg, tmp_path, **{"立项计划日期": "2022-03-01",
                                                                   "立项完成日期": "2022-03-01"}))
    changed = one_project(example_cfg, tmp_path, "p2.xlsx", **{
        "立项计划日期": "2022-03-01", "立项完成日期": "2022-03-01", "开工计划日期": "2022-06-01",
        "开工完成日期": "2022-06-08"})
    with work(at(2022, 9, 30, 10)) as uow:
        report = import_projects(uow, changed)
        detail = project_detail(uow, "XM-T-01")
    assert list(report.changed) == ["XM-T-01"] and any("开工" in c for c in report.changed["XM-T-01"])
    assert detail.status_name == "在建"
    with work(at(2022, 9, 30, 11)) as uow:
        from models.audit import AuditEvent as A

        rows = uow.session.execute(sa.select(A.action, A.from_state, A.to_state).where(
            A.entity == "project", A.entity_id == "XM-T-01").order_by(A.id)).all()
    assert rows == [("create", None, "approved"), ("update", "approved", "building")]
    assert count(example_db, AuditEvent, AuditEvent.entity == "project") == 2


def test_a_sheet_with_bad_rows_names_each_and_writes_nothing(work, example_db, example_cfg, tmp_path):
    from config.errors import InputError
    from domain.projects import import_projects
    from models.projects import ProjectMilestone, SupportProject

    h = headers(example_cfg)
    good = {"项目编号": "XM-OK", "项目名称": "好项目", "项目类型": "central", "申报年度": 2022,
            "村（社区）编码": VILLAGE_A}
    rows = [sheet_row(h, **good, **{"立项计划日期": "2022-05-01"}),
            sheet_row(h, **{**good, "项目编号": "XM-BAD-1", "项目类型": "不存在的类型"}),
            sheet_row(h, **{**good, "项目编号": "XM-BAD-2", "村（社区）编码": "999999999"}),
            sheet_row(h, **{**good, "项目编号": "XM-BAD-3", "开工完成日期": "2022-13-40", "中央财政（元）": -5}),
            sheet_row(h, **{**good, "项目编号": "XM-OK"}),  # the same village twice for one project
            sheet_row(h, **{**good, "项目编号": "XM-BAD-4", "牵头部门": "不存在的局", "申报年度": "二〇二二"})]
    with work(at(2022, 9, 30)) as uow, pytest.raises(InputError) as err:
        import_projects(uow, table(write_sheet(tmp_path / "bad.xlsx", h, rows)))
    where = [p.where for p in err.value.problems]
    for row, column in ((3, "项目类型"), (4, "村（社区）编码"), (5, "开工完成日期"), (5, "中央财政（元）"),
                        (6, "村（社区）编码"), (7, "牵头部门"), (7, "申报年度")):
        assert f"bad.xlsx 第{row}行: {column}" in where, (row, column, where)
    assert "未写入任何数据" in err.value.title
    assert count(example_db, SupportProject) == 0 and count(example_db, ProjectMilestone) == 0


def test_the_template_holds_the_ledger_and_loads_back_unchanged(work, example_cfg, tmp_path):
    from domain.projects import import_projects, write_projects_sheet

    with work(at(2022, 11, 30)) as uow:
        import_projects(uow, table(EXAMPLES / "projects.xlsx"))
    with work(at(2022, 11, 30, 10)) as uow:
        written = write_projects_sheet(uow, tmp_path / "out.xlsx")
    with work(at(2022, 11, 30, 11)) as uow:
        again = import_projects(uow, table(written.path))
    assert written.rows == len(table(EXAMPLES / "projects.xlsx").rows)
    assert not again.created and not again.changed and again.unchanged > 0


@pytest.mark.rules
def test_status_follows_the_milestones_and_due_days_skip_national_day():
    from domain.calendar import WorkingCalendar
    from domain.projects import milestone_due, project_status
    from models.projects import ProjectStatus

    assert project_status({}) is ProjectStatus.applied
    assert project_status({"approve": date(2022, 3, 1), "start": date(2022, 5, 1)}) is ProjectStatus.building
    assert project_status({"approve": date(2022, 3, 1)}, withdrawn=True) is ProjectStatus.withdrawn
    cal = WorkingCalendar()
    assert milestone_due(date(2022, 10, 3), cal) == date(2022, 10, 8)  # 国庆 → the Saturday make-up day
    assert milestone_due(date(2022, 10, 9), cal) == date(2022, 10, 9)  # a Sunday, but a working day


def test_a_milestone_is_reminded_once_and_missed_raises_one_issue_across_national_day(
        work, example_db, example_cfg, tmp_path, channels_at_sink):
    """开工 planned on 2022-10-03 (国庆) is due on Saturday 10-08 (make-up day); with 3 working days' notice
    the reminder goes on 09-28; the morning after the due day (Sunday 10-09, a working day) ONE issue is raised
    for the lead department, and never a second one."""
    from domain.outbox import deliver_outbox
    from domain.projects import import_projects, project_detail, sweep_projects
    from models.issues import Issue

    with work(at(2022, 9, 20)) as uow:
        import_projects(uow, one_project(example_cfg, tmp_path, **{"立项计划日期": "2022-03-01",
                                                                   "立项完成日期": "2022-03-01",
                                                                   "开工计划日期": "2022-10-03"}))
    item = "project:XM-T-01:start"
    with work(at(2022, 9, 27)) as uow:
        assert sweep_projects(uow).reminders_queued == 0  # 4 working days before: not yet
    with work(at(2022, 9, 28)) as uow:
        first = sweep_projects(uow)
        delivered = deliver_outbox(uow).delivered
    assert first.reminders_queued == 1 and delivered >= 1
    assert outbox(example_db, item) == [("department:organization", item, "project-remind", "2022-10-08", "sent")]
    posts = [p for p in channels_at_sink.posts if "抱团光伏项目" in p.body]
    assert len(posts) == 1 and "10月8日" in posts[0].body
    for day in ((9, 29), (9, 30), (10, 8)):
        with work(at(2022, *day)) as uow:
            again = sweep_projects(uow)
            deliver_outbox(uow)
        assert (again.reminders_queued, again.issues_raised) == (0, [])  # the due day itself is not late
    with work(at(2022, 10, 9)) as uow:
        missed = sweep_projects(uow)
    assert len(missed.issues_raised) == 1
    issue_id = missed.issues_raised[0]
    with work(at(2022, 10, 10)) as uow:
        later = sweep_projects(uow)
        issue = uow.session.get(Issue, issue_id)
        owner, ref, opened = issue.owner, issue.source_ref, issue.opened_at
        detail = project_detail(uow, "XM-T-01")
    assert later.issues_raised == []
    assert count(example_db, Issue, Issue.source == "project") == 1
    assert (owner, ref, opened) == ("department:organization", "project:XM-T-01:start", at(2022, 10, 9))
    assert next(m for m in detail.milestones if m["key"] == "start")["issue_id"] == issue_id
    assert len(outbox(example_db, item)) == 1 and len([p for p in channels_at_sink.posts
                                                       if "抱团光伏项目" in p.body and "节点提醒" in p.body]) == 1


def test_figures_count_the_example_district(work):
    from domain.projects import import_projects, project_figures

    sheet = table(EXAMPLES / "projects.xlsx")
    with work(at(2022, 11, 30)) as uow:
        import_projects(uow, sheet)
        f = project_figures(uow, 2022)
    col = {h: i for i, h in enumerate(sheet.headers)}
    central = {str(v[0]) for _, v in sheet.rows if v[col["项目类型"]] == "中央扶持壮大村级集体经济项目"}
    villages = {str(v[col["村（社区）编码"]]) for _, v in sheet.rows if str(v[0]) in central}
    expected = [v[col["预计年收益（元）"]] for _, v in sheet.rows if str(v[0]) in central]
    assert (f.kinds["central"].due, f.kinds["central"].villages_due) == (len(central), len(villages))
    assert f.kinds["central"].min_expected_yuan == min(expected) >= 50_000
    pilots_2022 = {str(v[0]) for _, v in sheet.rows
                   if v[col["项目类型"]] == "村级集体经济试点项目" and v[col["申报年度"]] == 2022}
    assert f.kinds["pilot"].applied == len(pilots_2022) and f.kinds["pilot"].built > 0


def test_cli_lists_as_json_and_refuses_a_bad_sheet_without_a_traceback(cli, example_db, tmp_path):
    import json

    cli("projects", "import", str(EXAMPLES / "projects.xlsx"), "--as-of", "2022-11-30", "--by", "组织科")
    out = json.loads(cli("projects", "list", "--kind", "central", "--json", "--as-of", "2022-11-30").output)
    assert out and all(r["kind"] == "central" and r["lead"] == "organization" for r in out)
    shown = cli("projects", "show", out[0]["code"], "--as-of", "2022-11-30")
    assert out[0]["name"] in shown.output and "受益村" in shown.output
    bad = tmp_path / "bad.csv"
    bad.write_text("项目编号,项目名称,项目类型,申报年度,村（社区）编码\nX1,项目,无此类型,2022,330101001\n",
                   encoding="utf-8")
    failed = cli("projects", "import", str(bad), "--by", "组织科", "--as-of", "2022-11-30", code=1)
    assert "第2行: 项目类型" in failed.error
