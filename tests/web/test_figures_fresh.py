"""工作台's kept figures (web.board.Figures) are never stale: every change — made on the board or outside it (a
use case in another unit of work, as the CLI and the flows make them) — is visible on the very next request,
and what a board with kept figures shows equals what a board that keeps nothing reads afresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import jpeg, log_in, make_app, post


@pytest.fixture(scope="module")
def boards(ledger):
    """Logged-in clients of two boards over the same ledger: `warm` keeps figures, `cold` keeps none."""
    from web.board import Figures

    warm, cold = make_app(ledger), make_app(ledger)
    cold.state.board.figures = Figures(size=0)
    out = {}
    for name, app in (("warm", warm), ("cold", cold)):
        for login in ("town1", "coord", "v1"):
            c = TestClient(app)
            assert log_in(c, login).status_code == 303
            out[name, login] = c
    yield warm, out
    for c in out.values():
        c.close()


def shown(boards, login: str) -> dict:
    """The warm board's 工作台 for `login`, checked against the cold board's fresh read."""
    _, clients = boards
    warm = clients["warm", login].get("/dashboard?format=json").json()
    assert warm == clients["cold", login].get("/dashboard?format=json").json()
    return warm


def test_kept_figures_are_used_while_nothing_changes(boards):
    warm_app, clients = boards
    first = shown(boards, "town1")
    kept = dict(warm_app.state.board.figures._kept)
    assert kept  # the figures were kept …
    assert shown(boards, "town1") == first
    assert dict(warm_app.state.board.figures._kept).keys() == kept.keys()  # … and served again, not rebuilt
    assert "工作台" in clients["warm", "town1"].get("/dashboard").text


def test_every_change_is_visible_at_once(boards, ledger):
    from domain.calendar import override_day
    from domain.issues import issue_detail, update_issue, verify_issue

    before = shown(boards, "town1")
    issue = ledger.open("v1")  # outside the board: a use case in a unit of work of its own
    opened = shown(boards, "town1")
    assert opened["counts"]["rectifying"] == before["counts"]["rectifying"] + 1

    with ledger.work() as uow:  # the deadline's days turn into holidays: the issue's light changes
        deadline = date.fromisoformat(str(issue_detail(uow, issue)["issue"]["deadline"]))
    assert issue not in {r["id"] for r in opened["due"]}  # 15 working days left: green, not due yet
    with ledger.work(actor="组织科") as uow:
        day = date(2022, 10, 21)
        while day < deadline:
            override_day(uow, day, working=False, note="测试放假")
            day += timedelta(days=1)
    moved = shown(boards, "town1")
    assert moved["lights"] != opened["lights"]
    assert issue in {r["id"] for r in moved["due"]}  # now due within the warning days

    with ledger.work() as uow:
        update_issue(uow, issue, action="submit", note="已整改")
    submitted = shown(boards, "town1")
    assert submitted["counts"]["awaiting_verification"] == moved["counts"]["awaiting_verification"] + 1
    assert issue in {r["id"] for r in shown(boards, "coord")["reviews"]}

    with ledger.work(actor="组织科") as uow:
        verify_issue(uow, issue, passed=True)
    closed = shown(boards, "town1")
    assert closed["counts"]["closed"] == submitted["counts"]["closed"] + 1
    assert issue not in {r["id"] for r in shown(boards, "coord")["reviews"]}


def test_a_change_on_the_board_is_visible_at_once(boards, ledger):
    _, clients = boards
    issue = ledger.open("v1")
    before = shown(boards, "v1")
    assert post(clients["warm", "v1"], f"/issues/{issue}/submit", {"note": "已整改"},
                files=[("files", ("a.jpg", jpeg(), "image/jpeg"))]).status_code == 303
    after = shown(boards, "v1")
    assert after["counts"]["awaiting_verification"] == before["counts"]["awaiting_verification"] + 1
    assert post(clients["warm", "coord"], f"/issues/{issue}/verify", {"verdict": "pass"}).status_code == 303
    assert shown(boards, "v1")["counts"]["closed"] == after["counts"]["closed"] + 1
