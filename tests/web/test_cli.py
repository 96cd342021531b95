"""`dudao users …` and `--evidence PATH` copying into the board's evidence store."""

from __future__ import annotations

import json

from tests.web.conftest import jpeg


def test_users_add_list_disable_reset_and_import(cli, example_db):
    assert "一次性密码" in cli("users", "add", "zhou", "--role", "town", "--town", "青山镇", "--name", "周建国",
                               "--by", "测试").output
    assert "密码太短" in cli("users", "add", "x1", "--role", "leader", "--by", "测试", "--password-stdin",
                                       code=1).error  # an empty line on stdin
    out = cli("users", "add", "li", "--role", "team", "--team", "team-1", "--by", "测试", "--json").output
    assert json.loads(out)["password"]  # a one-time password, printed once
    assert "台账中没有" in cli("users", "add", "bad", "--role", "village", "--village", "999",
                                      "--by", "测试", code=1).error
    assert "已有账号" in cli("users", "add", "zhou", "--role", "leader", "--by", "测试",
                                           code=1).error
    listed = json.loads(cli("users", "list", "--json").output)
    assert {(u["login"], u["role"], u["scope_name"]) for u in listed} >= {("zhou", "town", "青山镇"),
                                                                         ("li", "team", "第一督导组")}
    cli("users", "disable", "zhou", "--by", "测试")
    assert not next(u for u in json.loads(cli("users", "list", "--json").output) if u["login"] == "zhou")["active"]
    assert "一次性密码" in cli("users", "reset-password", "zhou", "--by", "测试").output
    made = json.loads(cli("users", "import", "--by", "测试", "--json").output)
    roles = {m["role"] for m in made}
    assert {"village", "town", "department", "team", "coordinator"} <= roles and all(m["password"] for m in made)
    assert json.loads(cli("users", "import", "--by", "测试", "--json").output) == []  # idempotent by mobile


def test_cli_evidence_is_copied_into_the_store(cli, example_db, home, tmp_path):
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(jpeg())
    issue = json.loads(cli("issues", "open", "--title", "问题", "--village", "330101001", "--as-of", "2022-10-10",
                           "--by", "测试", "--json").output)["id"]
    cli("issues", "update", str(issue), "--action", "start", "--as-of", "2022-10-11", "--by", "测试",
        "--evidence", str(photo))
    stored = [p for p in (home / "evidence").rglob("*") if p.is_file() and "thumbs" not in p.parts]
    assert len(stored) == 1 and stored[0].read_bytes() == photo.read_bytes()
    photo.unlink()  # the ledger no longer depends on the user's file
    shown = json.loads(cli("issues", "show", str(issue), "--json").output)
    assert shown["history"][-1]["evidence"] == [f"evidence/{stored[0].name}/整改照片.jpg"]
    folder = cli("issues", "update", str(issue), "--action", "submit", "--by", "测试", "--as-of", "2022-10-12",
                 "--evidence", str(tmp_path), code=1)
    assert "证明材料不能是文件夹" in folder.error
    fake = tmp_path / "setup.jpg"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    assert "不接受这种文件" in cli("issues", "update", str(issue), "--action", "submit", "--by", "测试",
                                  "--as-of", "2022-10-12", "--evidence", str(fake), code=1).error
    assert "没有这个文件" in cli("issues", "update", str(issue), "--action", "submit", "--by", "测试",
                                "--as-of", "2022-10-12", "--evidence", "/dev/null/x.jpg", code=1).error
    assert "不是普通文件" in cli("issues", "update", str(issue), "--action", "submit", "--by", "测试",
                                "--as-of", "2022-10-12", "--evidence", "/dev/null", code=1).error
    assert json.loads(cli("issues", "show", str(issue), "--json").output)["issue"]["status"] == "rectifying"
