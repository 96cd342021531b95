"""The board's pure rules: roles and scopes, throttling, what evidence is accepted, a name without folders,
where a visit may go (回避, window, capacity)."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.rules


def _p(role: str, scope: str | None = None, **kw):
    from domain.accounts import Principal
    from models.accounts import Role

    return Principal(user_id=1, login="x", name="某人", role=Role(role), scope=scope, **kw)


ISSUE = {"town_code": "T01", "village_code": "V1", "owner": "village:V1", "status": "awaiting_verification"}


def test_who_sees_and_who_verifies():
    from domain.accounts import issue_actions, may_see_issue

    assert may_see_issue(_p("leader"), ISSUE) and not issue_actions(_p("leader"), ISSUE)
    assert issue_actions(_p("coordinator"), ISSUE) >= {"pass", "fail"}
    assert issue_actions(_p("town", "T01"), ISSUE) == {"pass", "fail"}
    assert not issue_actions(_p("village", "V1"), ISSUE)  # never verifies its own
    assert not may_see_issue(_p("village", "V2"), ISSUE) and not may_see_issue(_p("town", "T02"), ISSUE)
    assert may_see_issue(_p("team", "team-1", team_villages=frozenset({"V1"})), ISSUE)
    assert not issue_actions(_p("team", "team-1", team_villages=frozenset({"V1"})), ISSUE)
    owned = {**ISSUE, "owner": "department:finance", "status": "rectifying"}
    assert issue_actions(_p("department", "finance"), owned) == {"submit", "extend"}
    assert issue_actions(_p("department", "finance"), owned, pending_extension=True) == {"submit"}
    assert issue_actions(_p("coordinator"), {**ISSUE, "status": "closed"}) == {"reopen"}


def test_throttling():
    from domain.accounts import throttled

    assert not throttled(4, 19) and throttled(5, 0) and throttled(0, 20)


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image/png"),
    (b"%PDF-1.7\n", "application/pdf"), (b"MZ\x90\x00", None), (b"\x7fELF", None), (b"GIF89a", "image/gif"),
    (b"PK\x03\x04not a zip", None), (b"<html>", None)])
def test_kind_from_content(data, kind):
    from domain.evidence import media_type_of

    assert media_type_of(data) == kind


def test_an_office_file_is_told_from_another_zip():
    import io
    import zipfile

    from domain.evidence import media_type_of

    def zipped(*names):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for n in names:
                z.writestr(n, "x")
        return out.getvalue()

    assert media_type_of(zipped("[Content_Types].xml", "word/document.xml")).endswith("document")
    assert media_type_of(zipped("[Content_Types].xml", "xl/workbook.xml")).endswith("sheet")
    assert media_type_of(zipped("payload.exe")) is None


@pytest.mark.parametrize(("name", "kept"), [("../../etc/passwd.jpg", "passwd.jpg"), ("C:\\x\\现场.jpg", "现场.jpg"),
                                            ("", "file.jpg"), ("..", "file.jpg"), (".bashrc", "bashrc")])
def test_a_name_without_folders(name, kept):
    from domain.evidence import safe_name

    assert safe_name(name, "image/jpeg") == kept


def test_where_a_visit_may_go():
    from domain.rounds.adjust import placement_problems
    from domain.rounds.assignment import TeamToPlan

    team = TeamToPlan("team-1", frozenset({"青山镇"}), 2)
    window = [date(2022, 10, 10), date(2022, 10, 11)]
    assert placement_problems(team, "河口镇", date(2022, 10, 10), window, 1, "x") == []
    assert "回避" in str(placement_problems(team, "青山镇", date(2022, 10, 10), window, 0, "x")[0])
    assert "不在本轮" in str(placement_problems(team, "河口镇", date(2022, 10, 12), window, 0, "x")[0])
    assert "每天最多" in str(placement_problems(team, "河口镇", date(2022, 10, 10), window, 2, "x")[0])
