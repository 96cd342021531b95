"""Security of the board: CSRF, session expiry and forgery, log-in throttling without user enumeration, evidence
checked by content, upload names without folders, escaping, evidence visible only within scope, the audit trail."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD, csrf_of, jpeg, log_in, make_app, post


def test_a_form_without_its_csrf_token_is_refused(clients, ledger):
    issue = ledger.open("v1")
    c = clients["v1"]
    for data in ({"note": "x"}, {"note": "x", "csrf_token": "forged"}):
        reply = c.post(f"/issues/{issue}/submit", data=data, follow_redirects=False)
        assert reply.status_code == 403 and "表单令牌" in reply.text
    assert c.get(f"/issues/{issue}?format=json").json()["issue"]["status"] == "rectifying"
    fresh = TestClient(make_app(ledger))  # the log-in form too
    assert fresh.post("/login", data={"login": "v1", "password": PASSWORD}, follow_redirects=False).status_code == 403


def test_session_cookie_flags_and_expiry(ledger):
    now = [1_800_000_000.0]
    app = make_app(ledger, session_minutes=30, clock=lambda: now[0])
    c = TestClient(app)
    reply = log_in(c, "v1")
    cookie = reply.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert c.get("/dashboard", follow_redirects=False).status_code == 200
    now[0] += 29 * 60
    assert c.get("/dashboard", follow_redirects=False).status_code == 200
    now[0] += 2 * 60  # 31 minutes after log-in
    gone = c.get("/dashboard", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    assert c.get("/dashboard?format=json").status_code == 401


def test_secure_cookie_under_https(ledger):
    c = TestClient(make_app(ledger), base_url="https://board.example")
    assert "Secure" in log_in(c, "v1").headers["set-cookie"]


def test_a_forged_or_foreign_cookie_is_no_session(ledger):
    c = TestClient(make_app(ledger))
    log_in(c, "coord")
    value = c.cookies["dudao_session"]
    body, sig = value.rsplit(".", 1)
    other = TestClient(make_app(ledger))
    other.cookies.set("dudao_session", body + "." + sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB"))
    assert other.get("/dashboard", follow_redirects=False).status_code == 303
    from web.app import create_app

    foreign = TestClient(create_app(url=ledger.url, config=ledger.cfg, home=ledger.home, secret="another-key"))
    foreign.cookies.set("dudao_session", value)
    assert foreign.get("/dashboard", follow_redirects=False).status_code == 303


def test_disabling_an_account_ends_its_sessions(ledger):
    from domain.accounts import add_user, disable_user

    with ledger.work() as uow:
        add_user(uow, "temp1", role="village", scope="330101002", password=PASSWORD)
    c = TestClient(make_app(ledger))
    assert log_in(c, "temp1").status_code == 303
    assert c.get("/dashboard", follow_redirects=False).status_code == 200
    with ledger.work() as uow:
        disable_user(uow, "temp1")
    assert c.get("/dashboard", follow_redirects=False).status_code == 303
    assert log_in(c, "temp1").status_code == 401


def test_log_in_is_throttled_per_account_and_per_address_without_enumeration(ledger):
    from domain.accounts import add_user

    with ledger.work() as uow:
        add_user(uow, "throttled1", role="village", scope="330101002", password=PASSWORD)
    app = make_app(ledger)
    c = TestClient(app, client=("10.0.0.1", 5000))
    unknown = log_in(c, "nobody-here", "wrong-password")
    wrong = log_in(c, "throttled1", "wrong-password")
    assert (unknown.status_code, wrong.status_code) == (401, 401)
    assert _message(unknown.text) == _message(wrong.text) == "账号或密码不正确"  # no enumeration
    for _ in range(4):
        log_in(c, "throttled1", "wrong-password")
    locked = log_in(c, "throttled1")  # the right password, but 5 failures in the window
    assert locked.status_code == 429 and "尝试次数过多" in locked.text
    other_address = TestClient(app, client=("10.0.0.2", 5000))
    assert log_in(other_address, "throttled1").status_code == 429  # per account, from anywhere
    assert log_in(other_address, "v1").status_code == 303  # other accounts are not affected
    sprayer = TestClient(app, client=("10.0.0.3", 5000))
    for n in range(20):
        log_in(sprayer, f"guess{n}", "x")
    assert log_in(sprayer, "v3").status_code == 429  # per address, whatever the account
    assert log_in(TestClient(app, client=("10.0.0.4", 5000)), "v3").status_code == 303


def _message(html: str) -> str:
    import re

    return re.search(r'class="flash error" role="alert">([^<]+)<', html)[1]


def test_an_executable_renamed_jpg_is_refused(clients, ledger):
    issue = ledger.open("v1")
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    exe = b"MZ\x90\x00" + b"\x00" * 200
    for data in (elf, exe, b"<script>alert(1)</script>", b"#!/bin/sh\nrm -rf /\n"):
        reply = post(clients["v1"], f"/issues/{issue}/submit", {"note": "x"},
                     files=[("files", ("整改照片.jpg", data, "image/jpeg"))])
        assert reply.status_code == 303
        page = clients["v1"].get(f"/issues/{issue}")
        assert "不接受这种文件" in page.text
    detail = clients["v1"].get(f"/issues/{issue}?format=json").json()
    assert detail["issue"]["status"] == "rectifying" and detail["evidence"] == []  # nothing written


def test_a_path_in_an_uploads_name_is_ignored(clients, ledger):
    issue = ledger.open("v1")
    reply = post(clients["v1"], f"/issues/{issue}/submit", {"note": "x"},
                 files=[("files", ("../../../etc/passwd.jpg", jpeg(), "image/jpeg")),
                        ("files", ("C:\\Windows\\system32\\现场.jpg", jpeg((0, 90, 0)), "image/jpeg"))])
    assert reply.status_code == 303
    files = clients["v1"].get(f"/issues/{issue}?format=json").json()["evidence"]
    assert sorted(f["name"] for f in files) == ["passwd.jpg", "现场.jpg"]
    stored = [p for p in (ledger.home / "evidence").rglob("*") if p.is_file()]
    assert stored and all(p.resolve().is_relative_to((ledger.home / "evidence").resolve()) for p in stored)
    assert not any(p.name == "passwd.jpg" for p in ledger.home.rglob("*"))


def test_an_issue_title_with_script_is_shown_escaped(clients, ledger):
    issue = ledger.issues["v3"]
    for path in (f"/issues/{issue}", "/issues", "/dashboard"):
        html = clients["coord"].get(path).text
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in clients["coord"].get(f"/issues/{issue}").text


def test_a_village_upload_is_invisible_to_another_village(clients, ledger):
    issue = ledger.open("v1")
    post(clients["v1"], f"/issues/{issue}/submit", {"note": "照片"},
         files=[("files", ("现场照片.jpg", jpeg((1, 2, 3)), "image/jpeg"))])
    (f,) = clients["v1"].get(f"/issues/{issue}?format=json").json()["evidence"]
    own = clients["v1"].get(f["url"])
    assert own.status_code == 200 and own.headers["content-type"] == "image/jpeg"
    assert clients["v1"].get(f["url"] + "?thumb=1").status_code == 200
    for login in ("v3", "town2", "fin", "team1"):
        assert clients[login].get(f["url"]).status_code == 404
        assert clients[login].get(f["url"] + "?thumb=1").status_code == 404
    other = ledger.issues["v3"]  # the same file asked for through an issue the other village may see
    assert clients["v3"].get(f"/issues/{other}/evidence/{f['sha256']}").status_code == 404
    assert clients["town1"].get(f["url"]).status_code == 200 and clients["lead"].get(f["url"]).status_code == 200


def test_every_action_is_audited_with_the_logged_in_user(clients, ledger):
    import sqlalchemy as sa

    from models.db import session_scope
    from models.issues import IssueEvent

    issue = ledger.open("v1")
    post(clients["v1"], f"/issues/{issue}/submit", {"note": "整改完毕"})
    post(clients["town1"], f"/issues/{issue}/verify", {"verdict": "fail", "note": "照片不清楚"})
    with session_scope(ledger.url) as s:
        events = s.execute(sa.select(IssueEvent.action, IssueEvent.actor, IssueEvent.note)
                           .where(IssueEvent.issue_id == issue).order_by(IssueEvent.id)).all()
    assert events[-2:] == [("submit", "顺乐村书记（v1）", "整改完毕"), ("fail", "周建国（town1）", "照片不清楚")]
    with session_scope(ledger.url) as s:
        from models.audit import AuditEvent

        logins = s.scalars(sa.select(AuditEvent.actor).where(AuditEvent.action == "log-in")).all()
    assert "林春燕（coord）" in logins


def test_failing_a_verification_needs_a_reason(clients, ledger):
    issue = ledger.open("v1", submitted=True)
    post(clients["coord"], f"/issues/{issue}/verify", {"verdict": "fail"})
    assert "须写明原因" in clients["coord"].get(f"/issues/{issue}").text
    assert clients["coord"].get(f"/issues/{issue}?format=json").json()["issue"]["status"] == "awaiting_verification"


def test_a_one_time_password_must_be_changed_first(ledger):
    from domain.accounts import add_user

    with ledger.work() as uow:
        made = add_user(uow, "once1", role="town", scope="青山镇")
    assert made.password and made.scope == "T01"
    c = TestClient(make_app(ledger))
    reply = log_in(c, "once1", made.password)
    assert reply.headers["location"] == "/password"
    assert c.get("/dashboard", follow_redirects=False).headers["location"] == "/password"
    token = csrf_of(c.get("/password").text)
    c.post("/password", data={"old_password": made.password, "new_password": "a-new-password",
                              "new_password_again": "a-new-password", "csrf_token": token})
    assert c.get("/dashboard", follow_redirects=False).status_code == 200
    assert log_in(TestClient(make_app(ledger)), "once1", "a-new-password").status_code == 303


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_log_in_never_redirects_off_the_board(ledger, target):
    c = TestClient(make_app(ledger))
    token = csrf_of(c.get("/login").text)
    reply = c.post("/login", data={"login": "v1", "password": PASSWORD, "csrf_token": token, "next": target},
                   follow_redirects=False)
    assert reply.headers["location"] == "/dashboard"
