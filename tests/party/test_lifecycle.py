"""Lifecycles with deadlines across National Day 2022 (10-01..07 off, 10-08 and 10-09 working): a weak-and-lax
organisation's rectification as an issue (the issue sweep reminds it, once), its district leader told once,
销号 counted; a qualification case reminded, due and overdue once each, and no more once handled; a leaving
village's organisation transferred."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from adapters.sheets import read_table
from models.db import session_scope
from models.issues import Issue
from models.outbox import OutboxMessage, OutboxStatus
from tests.conftest import SHANGHAI
from tests.party.conftest import FILES, PARTY, load, sheet, work

WEAK_HEADERS = ["村（社区）编码", "年度", "认定日期", "主要问题", "联系区领导", "镇党委书记", "整顿期限",
                "整顿期限（工作日）"]
REVIEW_HEADERS = ["年度", "审查层级", "村（社区）编码", "姓名", "职务", "审查日期", "审查结果", "情况说明", "处理期限",
                  "会商处理结果", "处理日期"]


def at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=SHANGHAI)


def messages(url: str, item_prefix: str) -> list[tuple[str, str, str, str]]:
    with session_scope(url) as s:
        return [tuple(r) for r in s.execute(
            sa.select(OutboxMessage.recipient, OutboxMessage.item, OutboxMessage.rule, OutboxMessage.status)
            .where(OutboxMessage.item.startswith(item_prefix)).order_by(OutboxMessage.id))]


@pytest.fixture
def orgs_db(example_db, example_cfg):
    load(example_cfg, example_db, ["orgs"])
    return example_db


def designate(cfg, url, tmp_path, rows, when):
    from domain.party import import_party_sheet

    with work(cfg, url, when) as uow:
        return import_party_sheet(uow, "weak", read_table(sheet(tmp_path / "weak.xlsx", WEAK_HEADERS, rows)))


def test_a_weak_organisation_is_rectified_as_an_issue_across_national_day(orgs_db, example_cfg, tmp_path):
    from domain.issues import sweep_deadlines, update_issue, verify_issue
    from domain.party import list_weak, party_figures

    designated = date(2022, 9, 28)
    done = designate(example_cfg, orgs_db, tmp_path, [["330101001", 2022, designated, "班子软弱", "张明", "", "", 5]],
                     at(designated))
    [issue_id] = done.issues
    with session_scope(orgs_db) as s:
        issue = s.get(Issue, issue_id)
        # 5 working days: 09-29, 09-30, then the two make-up days and Monday after the holiday
        assert issue.deadline == date(2022, 10, 10)
        assert issue.owner == "town:T01" and "张明" in issue.description
    cal_days = [date(2022, 9, 29), date(2022, 9, 30), date(2022, 10, 8), date(2022, 10, 9), date(2022, 10, 10)]
    from domain.calendar import WorkingCalendar

    assert WorkingCalendar().working_days(date(2022, 9, 29), date(2022, 10, 10)) == cal_days
    # the town is told it was opened, the district leader once
    assert [m[2] for m in messages(orgs_db, f"issue:{issue_id}")] == ["open"]
    assert [(m[0], m[2]) for m in messages(orgs_db, "party-weak:")] == [("leadership", "weak-liaison")]
    # the issue sweep reminds it 3 working days before (09-30), once however often it runs
    for moment in (at(date(2022, 9, 30)), at(date(2022, 9, 30), 15), at(date(2022, 10, 5))):
        with work(example_cfg, orgs_db, moment, "dudao:deadline-sweep") as uow:
            sweep_deadlines(uow)
    rules = [m[2] for m in messages(orgs_db, f"issue:{issue_id}")]
    assert rules.count("remind-3") == 1
    # designating it again (the same sheet) opens nothing and tells no one again
    again = designate(example_cfg, orgs_db, tmp_path, [["330101001", 2022, designated, "班子软弱", "张明", "", "", 5]],
                      at(date(2022, 10, 8)))
    assert again.issues == (issue_id,) and not again.synced.created
    assert len(messages(orgs_db, "party-weak:")) == 1
    # rectified on the make-up Sunday, verified after: closed on time, counted as 销号
    with work(example_cfg, orgs_db, at(date(2022, 10, 9))) as uow:
        update_issue(uow, issue_id, action="start")
        update_issue(uow, issue_id, action="submit")
    with work(example_cfg, orgs_db, at(date(2022, 10, 11))) as uow:
        verified = verify_issue(uow, issue_id, passed=True)
        [row] = list_weak(uow, 2022)
    assert verified.closed_on_time and row.status == "closed"
    with work(example_cfg, orgs_db, at(date(2022, 12, 31))) as uow:
        f = party_figures(uow, 2022)
    assert (f.weak_designated, f.weak_closed) == (1, 1)


def test_a_deadline_on_a_holiday_is_refused_with_the_next_working_day(orgs_db, example_cfg, tmp_path):
    from config.errors import InputError

    with pytest.raises(InputError) as err:
        designate(example_cfg, orgs_db, tmp_path,
                  [["330101001", 2022, "2022-09-20", "问题", "张明", "", "2022-10-04", ""]], at(date(2022, 9, 30)))
    [p] = err.value.problems
    assert "第2行 “整顿期限”" in p.where and "国庆" in p.message and "2022-10-08" in p.message


def test_a_found_case_is_reminded_due_and_overdue_once_each(example_db, example_cfg, tmp_path):
    from domain.party import handle_review_case, import_party_sheet, list_reviews, sweep_reviews

    rows = [[2022, "镇级", "330101001", "赵六", "委员", "2022-09-26", "有违法记录", "", "", "", ""],
            [2022, "镇级", "330101001", "钱七", "委员", "2022-09-26", "符合任职条件", "", "", "", ""]]
    with work(example_cfg, example_db, at(date(2022, 9, 26), 16)) as uow:
        import_party_sheet(uow, "reviews", read_table(sheet(tmp_path / "r.xlsx", REVIEW_HEADERS, rows)))
        [case] = list_reviews(uow, 2022, found_only=True)
    assert case.handle_by == date(2022, 10, 27)  # 20 working days, National Day skipped
    queued = {}
    for d in (date(2022, 10, 8), date(2022, 10, 24), date(2022, 10, 24), date(2022, 10, 25), date(2022, 10, 27),
              date(2022, 10, 27), date(2022, 10, 28), date(2022, 10, 31)):
        with work(example_cfg, example_db, at(d), "dudao:deadline-sweep") as uow:
            queued[d] = queued.get(d, 0) + sweep_reviews(uow)
    assert queued == {date(2022, 10, 8): 0, date(2022, 10, 24): 1, date(2022, 10, 25): 0, date(2022, 10, 27): 1,
                      date(2022, 10, 28): 1, date(2022, 10, 31): 0}
    sent = messages(example_db, f"cadre-review:{case.id}")
    assert [(m[0], m[2]) for m in sent] == [("town:T01", "review-remind"), ("town:T01", "review-due"),
                                           ("town:T01", "review-overdue")]
    with work(example_cfg, example_db, at(date(2022, 11, 1))) as uow:
        handled = handle_review_case(uow, case.id, handling="依法罢免")
    assert handled.handled_on == date(2022, 11, 1)
    assert {m[3] for m in messages(example_db, f"cadre-review:{case.id}")} == {OutboxStatus.cancelled}
    with work(example_cfg, example_db, at(date(2022, 11, 2)), "dudao:deadline-sweep") as uow:
        assert sweep_reviews(uow) == 0


def test_a_clear_review_cannot_be_handled(example_db, example_cfg, tmp_path):
    from config.errors import InputError
    from domain.party import handle_review_case, import_party_sheet, list_reviews

    rows = [[2022, "区级", "330101001", "孙八", "书记", "2022-01-10", "符合任职条件", "", "", "", ""]]
    with work(example_cfg, example_db, at(date(2022, 2, 1))) as uow:
        import_party_sheet(uow, "reviews", read_table(sheet(tmp_path / "r.xlsx", REVIEW_HEADERS, rows)))
        [r] = list_reviews(uow, 2022)
        with pytest.raises(InputError):
            handle_review_case(uow, r.id, handling="无")


def test_a_leaving_villages_organisation_moves_or_merges(example_db, example_cfg):
    from domain.party import list_orgs, party_figures, transfer_party_org
    from models.org import Village
    from models.party import PartyOrg

    load(example_cfg, example_db, ["orgs"])
    with session_scope(example_db) as s:
        s.execute(sa.delete(PartyOrg).where(PartyOrg.village_id == sa.select(Village.id).where(
            Village.code == "330101003").scalar_subquery()))
    with work(example_cfg, example_db, at(date(2022, 11, 1))) as uow:
        before = party_figures(uow, 2022).orgs
        moved = transfer_party_org(uow, "330101001", "330101003", reason="撤并")
        merged = transfer_party_org(uow, "330101002", "330101004")
        nothing = transfer_party_org(uow, "330101002", "330101004")
        after = party_figures(uow, 2022).orgs
        codes = {r.village_code: r for r in list_orgs(uow, 2022, include_inactive=True)}
    assert moved[1] == "moved" and merged[1] == "merged" and nothing == (None, "none")
    assert after == before - 1
    assert "330101001" not in codes and codes["330101003"].id == moved[0]
    assert not codes["330101002"].active


def test_training_counts_a_list_where_the_sheet_has_one(example_db, example_cfg):
    from domain.party import list_sessions

    load(example_cfg, example_db, ["sessions", "attendance"])
    sessions = read_table(PARTY / FILES["sessions"])
    attendance = read_table(PARTY / FILES["attendance"])
    listed: dict[tuple[str, str], int] = {}
    for _, (code, role, _, _) in attendance.rows:
        listed[(code, role)] = listed.get((code, role), 0) + 1
    with work(example_cfg, example_db, at(date(2022, 12, 31))) as uow:
        rows = {r.code: r for r in list_sessions(uow, 2022)}
    for _, values in sessions.rows:
        code, stated_cadres, stated_members = values[0], values[6], values[7]
        cadres = listed.get((code, "村（社区）干部"), 0) or int(stated_cadres or 0)
        members = listed.get((code, "农村党员"), 0) or int(stated_members or 0)
        assert (rows[code].cadres, rows[code].members) == (cadres, members), code
