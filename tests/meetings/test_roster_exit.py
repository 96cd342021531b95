"""A village that leaves the roster leaves no orphan: merged, its open issues move to the village it merged into;
abolished, they are closed with the reason; and a village that left no longer keeps its town on the black list
nor is reminded."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from config.errors import InputError
from config.ranking import Board
from domain.calendar import parse_period
from domain.issues import open_issue, sweep_deadlines, update_issue, verify_issue
from domain.ranking import preview_lists
from domain.roster import deactivate_village
from domain.roster_exit import retire_village
from domain.unit_of_work import unit_of_work
from models.audit import AuditEvent
from models.db import session_scope
from models.issues import Issue, IssueEvent, IssueStatus
from models.outbox import OutboxMessage, OutboxStatus
from models.ranking import Listing

LEAVING, INTO = "330106001", "330101001"  # 北岭镇宝桃村 → 青山镇顺乐村


def at(m, d, h=9):
    return datetime(2022, m, d, h, 0, tzinfo=DISTRICT_TZ)


@pytest.fixture
def work(example_db, example_cfg):
    def opened(as_of, actor="林春燕"):
        return unit_of_work(url=example_db, config=example_cfg, as_of=as_of, actor=actor)
    return opened


@pytest.fixture
def issues(work):
    """On the leaving village: one long overdue, one in rectification, one closed."""
    with work(at(9, 13)) as uow:
        late = open_issue(uow, title="集体资产台账不全", village=LEAVING, deadline=date(2022, 9, 23))
        doing = open_issue(uow, title="合同未备案", village=LEAVING, deadline=date(2022, 11, 15))
        done = open_issue(uow, title="财务公开不及时", village=LEAVING, deadline=date(2022, 9, 30))
        update_issue(uow, doing, action="start")
    with work(at(9, 20)) as uow:
        update_issue(uow, done, action="start")
        update_issue(uow, done, action="submit")
        verify_issue(uow, done, passed=True)
    with work(at(10, 12)) as uow:
        sweep_deadlines(uow)  # queues the late issue's overdue notices to the village and its town
    return late, doing, done


def rows(url, *ids):
    with session_scope(url) as s:
        return {i.id: (i.status, i.village_id, i.owner, i.closed_on_time) for i in
                s.execute(sa.select(Issue).where(Issue.id.in_(ids))).scalars()}


def test_merged_village_hands_its_open_issues_to_the_village_it_joined(example_db, work, issues):
    late, doing, done = issues
    with work(at(10, 20)) as uow:
        out = retire_village(uow, LEAVING, reason="行政区划调整", merged_into=INTO)
    assert out.steps[0].moved == (late, doing) and out.steps[0].closed == ()
    assert "并入" in out.line and "问题转移2个" in out.line
    with session_scope(example_db) as s:
        into_id, town_id = s.execute(sa.text("SELECT id, town_id FROM village WHERE code = :c"), {"c": INTO}).one()
        moved = {i.id: i for i in s.execute(sa.select(Issue).where(Issue.id.in_([late, doing, done]))).scalars()}
        assert {moved[late].village_id, moved[doing].village_id} == {into_id}
        assert moved[late].town_id == town_id and moved[late].owner == f"village:{INTO}"
        assert moved[doing].status is IssueStatus.rectifying  # the lifecycle goes on where it was
        assert moved[done].village_id != into_id  # history stays with the village that left
        events = s.execute(sa.select(IssueEvent.issue_id, IssueEvent.note).where(IssueEvent.action == "transfer")).all()
        assert sorted(i for i, _ in events) == [late, doing]
        assert all("北岭镇宝桃村并入青山镇顺乐村" in n for _, n in events)
        audits = s.execute(sa.select(AuditEvent.entity_id).where(AuditEvent.entity == "issue",
                                                                 AuditEvent.action == "transfer")).scalars().all()
        assert sorted(audits) == sorted([str(late), str(doing)])
        stale = s.execute(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.item == f"issue:{late}", OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.recipient.in_([f"village:{LEAVING}", "town:T06"]))).scalar_one()
        assert stale == 0  # the old village's and town's notices are withdrawn
    with work(at(10, 21)) as uow:
        sweep_deadlines(uow)
    with session_scope(example_db) as s:
        to_new = s.execute(sa.select(OutboxMessage.rule).where(OutboxMessage.item == f"issue:{late}",
                                                               OutboxMessage.recipient == f"village:{INTO}")).all()
        assert to_new  # the next sweep reminds the new owner


def test_abolished_village_closes_its_open_issues_with_the_reason(example_db, work, issues):
    late, doing, _ = issues
    with work(at(10, 20)) as uow:
        out = retire_village(uow, LEAVING, reason="整体搬迁", abolished=True)
    assert out.steps[0].closed == (late, doing)
    got = rows(example_db, late, doing)
    assert {r[0] for r in got.values()} == {IssueStatus.closed} and {r[3] for r in got.values()} == {None}
    with session_scope(example_db) as s:
        notes = s.execute(sa.select(IssueEvent.note).where(IssueEvent.action == "withdraw")).scalars().all()
        assert len(notes) == 2 and all("已撤销，问题关闭：整体搬迁" in n for n in notes)
        pending = s.execute(sa.select(sa.func.count()).select_from(OutboxMessage).where(
            OutboxMessage.item.in_([f"issue:{late}", f"issue:{doing}"]),
            OutboxMessage.status == OutboxStatus.pending)).scalar_one()
        assert pending == 0


def test_a_village_with_open_issues_is_not_retired_without_saying_where_they_go(example_db, work, issues):
    with work(at(10, 20)) as uow, pytest.raises(InputError) as bad:
        retire_village(uow, LEAVING, reason="撤并")
    assert "问题2个" in str(bad.value.problems[0]) and "--merged-into" in str(bad.value.problems[0])
    with work(at(10, 20)) as uow, pytest.raises(InputError):
        retire_village(uow, LEAVING, reason="撤并", merged_into=LEAVING)


def test_a_retired_villages_overdue_issue_no_longer_blacklists_its_town(example_db, work, issues):
    """Even a village deactivated the old way (its issues left where they were) no longer counts for its town."""
    period = parse_period("2022-10")

    def town_listing():
        with work(at(10, 31, 18)) as uow:
            lists = preview_lists(uow, period)
        town = next(r for r in lists.board(Board.towns) if r.code == "T06")
        return town.listing, town.reasons

    listing, reasons = town_listing()
    assert listing is Listing.black and any("逾期" in r for r in reasons)  # the late issue: ≥ 10 working days
    with work(at(10, 20)) as uow:
        deactivate_village(uow, LEAVING, reason="并入顺乐村")  # the roster alone: the issue stays behind
    listing, reasons = town_listing()
    assert listing is not Listing.black and not any("逾期" in r for r in reasons)
    with work(at(10, 24)) as uow:
        swept = sweep_deadlines(uow)
    assert swept.queued_total == 0  # nor is it reminded


def test_a_village_deactivated_before_the_rule_can_still_hand_over_its_issues(example_db, work, issues, cli):
    late, doing, _ = issues
    with work(at(10, 20)) as uow:
        deactivate_village(uow, LEAVING, reason="并入顺乐村")  # the old way: its issues stayed behind
    out = cli("roster", "deactivate", LEAVING, "--reason", "补办转移", "--merged-into", INTO, "--by", "组织科")
    assert "问题转移2个" in out.output
    assert {r[2] for r in rows(example_db, late, doing).values()} == {f"village:{INTO}"}
    again = cli("roster", "deactivate", LEAVING, "--reason", "x", "--by", "组织科", code=1)
    assert "已撤并" in again.error  # nothing left to hand over: the roster's own answer
