"""What people write as a finding's owner (责任单位) and the audience tag it resolves to: every path of
OwnerBook.resolve on the example district (towns T01–T10, departments finance … rural-work, teams team-1 …)."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from tests.rounds.conftest import work

AT = datetime(2022, 10, 1, 9, 0, tzinfo=DISTRICT_TZ)


@pytest.fixture
def book(example_db):
    """(OwnerBook, an active village of T01, a deactivated village) on the example district."""
    from domain.roster.ledger import deactivate_village
    from domain.rounds.findings import OwnerBook
    from models.db import session_scope
    from models.org import Town, Village

    with session_scope(example_db) as s:
        codes = s.execute(sa.select(Village.code).join(Town, Town.id == Village.town_id)
                          .where(Town.code == "T01").order_by(Village.code)).scalars().all()
        deactivate_village(s, codes[1], reason="撤并", at=AT, actor="测试")
        s.flush()
        yield OwnerBook(s), codes[0], codes[1]


def test_owner_spellings_resolve_to_tags(book):
    b, here, gone = book
    cases = {
        # kind:key tags are taken as they are when the unit exists (a deactivated village still exists)
        "town:T02": "town:T02", "department:finance": "department:finance", "team:team-1": "team:team-1",
        f"village:{here}": f"village:{here}", f"village:{gone}": f"village:{gone}",
        # the fixed audiences
        "office": "office", "leadership": "leadership", "coordinators": "coordinators",
        # the visited place
        "村": f"village:{here}", "社区": f"village:{here}", "村社区": f"village:{here}",
        "村（社区）": f"village:{here}", "village": f"village:{here}",
        "镇": "town:T01", "街道": "town:T01", "镇街": "town:T01", "town": "town:T01",
        # a unit by name or code (surrounding blanks ignored)
        "  河口镇 ": "town:T02", "T03": "town:T03", "区财政局": "department:finance", "finance": "department:finance",
        here: f"village:{here}", gone: f"village:{gone}",
        # a unique part of a department's, then a town's, name or code
        "财政": "department:finance", "自然资源局": "department:natural-resources", "农业": "department:agriculture",
        "fin": "department:finance", "青山": "town:T01", "东城": "town:T07", "T1": "town:T10",
    }
    assert {text: b.resolve(text, village=here, town="T01") for text in cases} == cases


@pytest.mark.parametrize("text", [
    "town:T99", "town:青山镇", "department:nope", "department:区财政局", "village:999999", "team:x", "team:第一督导组",
    "department:", "foo:bar", "Office", "第一督导组", "火星局",
    "农村",  # 区农业农村局 and 区农村工作局: not unique
    "T0", "局", "区",  # not unique / a part of one character
])
def test_owner_spellings_that_name_no_unit(book, text):
    b, here, _ = book
    assert b.resolve(text, village=here, town="T01") is None


def test_the_village_spellings_need_a_visited_village(book):
    b, _, _ = book
    assert [b.resolve(t, village=None, town="T02") for t in ("村", "village", "镇")] == [None, None, "town:T02"]


def test_recording_a_stop_reads_the_org_tables_once(example_db, example_cfg):
    """The owner book and open_issues share the session's UnitDirectory: one read of departments and teams."""
    from sqlalchemy import event

    from domain.rounds import FindingInput, plan_trip, record_stop

    with work(example_db, example_cfg, at=AT) as uow:
        plan_trip(uow, AT.date())
    statements: list[str] = []
    with work(example_db, example_cfg, at=AT) as uow:
        event.listen(uow.session.get_bind(), "before_cursor_execute",
                     lambda _c, _cur, st, *_: statements.append(st))
        record_stop(uow, "2022-Q4", town="青山镇", findings=[FindingInput("项目选址未经论证", "自然资源局")])
    assert sum("FROM department" in st for st in statements) == 1
    assert sum("FROM inspectionteam" in st for st in statements) == 1
