"""The scope matrix: every role against every kind of page and action, in its own scope and in another's.
Outside one's scope an issue answers 404 (the same as no such issue); a leader reads and changes nothing."""

from __future__ import annotations

import pytest

from tests.web.conftest import ACCOUNTS, jpeg, post

# which of the fixture's issues each account sees (v1: 青山镇 顺乐村; v3: 河口镇 先万村; dept: 青山镇, owned by
# 区财政局; team: a village of 第一督导组's round — in neither 青山镇 nor 河口镇, its members' home towns)
SEES = {
    "coord": {"v1", "v3", "dept", "team"},
    "lead": {"v1", "v3", "dept", "team"},
    "town1": {"v1", "dept"},
    "town2": {"v3"},
    "v1": {"v1"},
    "v3": {"v3"},
    "team1": {"team"},
    "fin": {"dept"},
}
ISSUES = ["v1", "v3", "dept", "team"]
# who may submit a rectification (提交整改) of an issue they see: its owner, and the office
SUBMITS = {("coord", k) for k in ISSUES} | {("v1", "v1"), ("v3", "v3"), ("fin", "dept")}
# who may verify (验收) a submitted rectification of 顺乐村 (v1): the office and its town, never the village itself
VERIFIES_V1 = {"coord", "town1"}
OFFICE_PAGES = ["/runs", "/reports"]
EVERYONE_PAGES = ["/dashboard", "/issues", "/rounds", "/trips", "/campaign", "/ranking", "/calendar"]


@pytest.mark.parametrize("login", ACCOUNTS)
@pytest.mark.parametrize("kind", ISSUES)
def test_issue_page_in_scope_or_404(clients, ledger, login, kind):
    issue = ledger.issues[kind]
    page = clients[login].get(f"/issues/{issue}")
    as_json = clients[login].get(f"/issues/{issue}?format=json")
    expected = 200 if kind in SEES[login] else 404
    assert (page.status_code, as_json.status_code) == (expected, expected)
    if expected == 200:
        assert as_json.json()["issue"]["id"] == issue


@pytest.mark.parametrize("login", ACCOUNTS)
def test_ledger_and_dashboard_hold_to_scope(clients, ledger, login):
    listed = clients[login].get("/issues?format=json").json()
    ids = {row["id"] for row in listed["issues"]}
    fixture_ids = {ledger.issues[k] for k in ISSUES}
    assert ids & fixture_ids == {ledger.issues[k] for k in SEES[login]}
    for row in listed["issues"]:  # nothing outside the scope, fixture or not
        assert clients[login].get(f"/issues/{row['id']}?format=json").status_code == 200
    dash = clients[login].get("/dashboard?format=json").json()
    assert sum(dash["counts"].values()) == listed["total"]


@pytest.mark.parametrize("login", ACCOUNTS)
@pytest.mark.parametrize("path", EVERYONE_PAGES + OFFICE_PAGES)
def test_pages_by_role(clients, login, path):
    page = clients[login].get(path)
    data = clients[login].get(f"{path}?format=json")
    office = ACCOUNTS[login][0] in ("coordinator", "leader")
    expected = 404 if path in OFFICE_PAGES and not office else 200
    assert (page.status_code, data.status_code) == (expected, expected)
    if expected == 200:
        assert "督导工作台" in page.text and ACCOUNTS[login][2] in page.text  # the user's display name shown


@pytest.mark.parametrize("login", ACCOUNTS)
@pytest.mark.parametrize("kind", ISSUES)
def test_submit_by_scope(clients, ledger, login, kind):
    issue = ledger.open(kind)
    reply = post(clients[login], f"/issues/{issue}/submit", {"note": "已整改"},
                 files=[("files", ("photo.jpg", jpeg(), "image/jpeg"))])
    shown = clients["coord"].get(f"/issues/{issue}?format=json").json()
    if kind not in SEES[login]:
        expected = 404
    elif ACCOUNTS[login][0] == "leader" or (login, kind) not in SUBMITS:
        expected = 403
    else:
        expected = 303
    assert reply.status_code == expected
    assert shown["issue"]["status"] == ("awaiting_verification" if expected == 303 else "rectifying")
    assert len(shown["evidence"]) == (1 if expected == 303 else 0)
    if expected == 303:
        assert shown["history"][-1]["actor"].startswith(ACCOUNTS[login][2])  # audited as the logged-in user


@pytest.mark.parametrize("login", ACCOUNTS)
def test_verify_by_scope(clients, ledger, login):
    issue = ledger.open("v1", submitted=True)
    reply = post(clients[login], f"/issues/{issue}/verify", {"verdict": "pass", "note": "核实无误"})
    status = clients["coord"].get(f"/issues/{issue}?format=json").json()["issue"]["status"]
    if "v1" not in SEES[login]:
        expected = 404
    elif login not in VERIFIES_V1:
        expected = 403  # a leader; the village that submitted it
    else:
        expected = 303
    assert reply.status_code == expected
    assert status == ("closed" if expected == 303 else "awaiting_verification")


@pytest.mark.parametrize("login", ACCOUNTS)
def test_extension_request_and_decision_by_scope(clients, ledger, login):
    issue = ledger.open("v1")
    asked = post(clients[login], f"/issues/{issue}/extend", {"new_deadline": "2022-11-10", "reason": "雨季施工困难"})
    own = login in ("coord", "v1")
    assert asked.status_code == (303 if own else 404 if "v1" not in SEES[login] else 403)
    if not own:
        return
    detail = clients["coord"].get(f"/issues/{issue}?format=json").json()
    assert detail["extensions"][-1]["status"] == "requested"
    for other in ACCOUNTS:  # only the office decides
        if other == "coord":
            continue
        refused = post(clients[other], f"/issues/{issue}/extension", {"decision": "approve"})
        assert refused.status_code in (403, 404)
    assert post(clients["coord"], f"/issues/{issue}/extension", {"decision": "approve"}).status_code == 303
    detail = clients["coord"].get(f"/issues/{issue}?format=json").json()
    assert detail["extensions"][-1]["status"] == "approved" and detail["issue"]["deadline"] == "2022-11-10"


@pytest.mark.parametrize("login", ACCOUNTS)
def test_reopen_only_by_the_office(clients, ledger, login):
    issue = ledger.open("v1", closed=True)
    reply = post(clients[login], f"/issues/{issue}/reopen", {"note": "群众反映问题反弹"})
    status = clients["coord"].get(f"/issues/{issue}?format=json").json()["issue"]["status"]
    expected = 303 if login == "coord" else 404 if "v1" not in SEES[login] else 403
    assert reply.status_code == expected
    assert status == ("rectifying" if expected == 303 else "closed")


@pytest.mark.parametrize("login", ACCOUNTS)
def test_round_visits_by_scope(clients, ledger, login):
    rounds = clients[login].get("/rounds?format=json").json()
    key = rounds[0]["key"]
    visits = clients[login].get(f"/rounds/{key}?format=json").json()["visits"]
    role = ACCOUNTS[login][0]
    if role in ("coordinator", "leader"):
        assert len(visits) == rounds[0]["planned"]
    elif role == "team":
        assert visits and {v["team"] for v in visits} == {"team-1"}
    elif role == "village":
        assert {v["village"] for v in visits} <= {ACCOUNTS[login][1]}
    elif role == "town":
        names = {"T01": "青山镇", "T02": "河口镇"}
        assert visits and {v["town"] for v in visits} == {names[ACCOUNTS[login][1]]}
    else:
        assert visits == []


@pytest.mark.parametrize("login", ACCOUNTS)
def test_recording_a_visit_by_scope(clients, ledger, login):
    key = clients["coord"].get("/rounds?format=json").json()[0]["key"]
    village = ledger.team_village
    reply = post(clients[login], f"/rounds/{key}/visits/{village}",
                 {"outcome": "visited", "score": "88", "methods": ["座谈了解", "实地查看"]})
    role = ACCOUNTS[login][0]
    expected = 303 if login in ("coord", "team1") else 403 if role == "leader" else 404
    assert reply.status_code == expected
