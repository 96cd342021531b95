"""Importing a filled-in 问题台账: the issues a sheet names are read in chunks, not one query per row."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from adapters.sheets import Table
from config.errors import InputError
from domain.issues import sheet as issue_sheet
from domain.issues.sheet import import_ledger
from models.issues import Issue, IssueStatus
from tests.issues.conftest import at

HEADERS = ["编号", "问题", "状态"]


def sheet(*rows: list[object]) -> Table:
    return Table(Path("/sheets/台账.xlsx"), HEADERS, [(n, list(r)) for n, r in enumerate(rows, start=2)])


def issue_selects(session, run) -> list[str]:
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_):
        if statement.startswith("SELECT issue.id"):
            seen.append(statement)

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    return seen


def test_named_issues_are_read_in_chunks_and_changes_still_apply(ledger, policy, open_one, monkeypatch):
    a, b, c = (open_one(title=f"问题{n}") for n in range(3))
    ledger.commit()
    ledger.expunge_all()
    monkeypatch.setattr(issue_sheet, "PRELOAD_CHUNK", 2)
    table = sheet([a, "问题0", ""], [b, "问题1", "整改中"], [c, "新标题", ""], [a, "问题0", ""])
    report = {}

    def run():
        report["r"] = import_ledger(ledger, table, at=at(2026, 9, 22), actor="测试", policy=policy)

    selects = issue_selects(ledger, run)
    assert len(selects) == 2 and all(" IN " in s for s in selects)  # 3 distinct ids, 2 per query
    r = report["r"]
    assert r.changed == {b: ["start"], c: ["edit title"]} and r.unchanged == 2
    assert ledger.get(Issue, b).status is IssueStatus.rectifying and ledger.get(Issue, c).title == "新标题"


def test_an_unknown_issue_number_is_reported_with_its_row(ledger, policy, open_one):
    a = open_one()
    with pytest.raises(InputError) as err:
        import_ledger(ledger, sheet([a, "村集体资产台账不全", ""], [999999, "x", "整改中"]), at=at(2026, 9, 22),
                      actor="测试", policy=policy)
    assert [(p.where, p.message) for p in err.value.problems] == [
        ("/sheets/台账.xlsx row 3: 问题 999999", "没有这个编号的问题")]
