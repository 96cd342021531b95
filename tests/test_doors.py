"""Smaller doors (issue 15, item 10): an unknown town is not "no issues", evidence is a regular file, two
writers of one file or two closes of one round do not trip over each other."""

from __future__ import annotations

import csv
import json
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

VILLAGE = "330101001"


@pytest.fixture
def ready(cli):
    cli("init", "--roster", EXAMPLES / "roster.xlsx")
    return cli


@pytest.mark.parametrize("command", [["issues", "list"], ["issues", "export", "--out", "x.xlsx"]])
def test_an_unknown_town_or_village_exits_1_like_roster_show(ready, tmp_path, command):
    args = [a if a != "x.xlsx" else str(tmp_path / "x.xlsx") for a in command]
    assert "--town" in ready(*args, "--town", "不存在", code=1).error
    assert "--village" in ready(*args, "--village", "不存在", code=1).error
    assert not (tmp_path / "x.xlsx").exists()
    ready("roster", "show", "--town", "不存在", code=1)


@pytest.mark.parametrize("evidence", ["folder", "/dev/null"])
def test_evidence_must_be_a_regular_file(ready, tmp_path, evidence):
    path = tmp_path / "folder" if evidence == "folder" else Path(evidence)
    path.mkdir(exist_ok=True) if evidence == "folder" else None
    result = ready("issues", "open", "--title", "台账不全", "--village", VILLAGE, "--by", "组织科",
                   "--evidence", path, code=1)
    assert "--evidence" in result.error and ("文件夹" in result.error or "普通文件" in result.error)
    assert json.loads(ready("issues", "list", "--json").stdout) == []


def test_a_sheets_evidence_may_not_climb_out_of_its_folder(ready, tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (folder / "photo.txt").write_text("ok", encoding="utf-8")
    sheet = folder / "issues.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["编号", "问题", "村社区编码", "证明材料"],
                                 ["", "台账不全", VILLAGE, "../secret.txt"],
                                 ["", "账目不清", VILLAGE, str(tmp_path / "secret.txt")],
                                 ["", "资产不明", VILLAGE, "photo.txt"]])
    result = ready("issues", "import", sheet, "--by", "组织科", code=1)
    assert "row 2: 证明材料" in result.error and "row 3: 证明材料" in result.error
    assert "row 4" not in result.error


def test_two_writers_of_one_file_do_not_share_a_temporary_file(tmp_path):
    from adapters.files import write_atomically

    both_inside = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def writer(text: str) -> None:
        def write(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")
            both_inside.wait()

        try:
            write_atomically(tmp_path / "bulletin.md", write)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert (tmp_path / "bulletin.md").read_text(encoding="utf-8") in {"first", "second"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bulletin.md"]  # no .part left behind


def test_a_second_simultaneous_close_of_a_round_gets_a_clear_message(example_db, example_cfg, tmp_path):
    from datetime import datetime

    import sqlalchemy as sa

    from config.dates import DISTRICT_TZ
    from config.errors import InputError
    from domain.rounds import close_round, plan_round
    from domain.unit_of_work import unit_of_work
    from models.audit import AuditEvent
    from models.db import session_scope

    planned = datetime(2022, 10, 10, 9, tzinfo=DISTRICT_TZ)
    closing = datetime(2022, 10, 24, 9, tzinfo=DISTRICT_TZ)
    with unit_of_work(as_of=planned, actor="测试", config=example_cfg, url=example_db) as uow:
        plan_round(uow, planned.date())
    first_closed = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with unit_of_work(as_of=closing, actor="甲", config=example_cfg, url=example_db) as uow:
            outcome["first"] = close_round(uow, "R2022-10-10", outputs_dir=tmp_path)
            first_closed.set()
            time.sleep(1.0)  # the second close reads the round as planned meanwhile; then this one commits

    def second() -> None:
        first_closed.wait(10)
        try:
            with unit_of_work(as_of=closing, actor="乙", config=example_cfg, url=example_db) as uow:
                outcome["second"] = close_round(uow, "R2022-10-10", outputs_dir=tmp_path)
        except InputError as exc:
            outcome["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["first"].created
    second_outcome = outcome["second"]
    # either it saw the round closed (nothing to do) or it lost the race and says so, never a second close
    assert (isinstance(second_outcome, InputError) and "另一个进程" in second_outcome.title) or \
        not second_outcome.created, second_outcome
    with session_scope(example_db) as s:
        closes = s.execute(sa.select(sa.func.count()).where(AuditEvent.entity == "round",
                                                            AuditEvent.action == "close")).scalar_one()
    assert closes == 1
    assert not list(tmp_path.rglob("*.part"))


def test_an_output_path_that_is_a_device_or_a_pipe_is_refused_and_left_in_place(tmp_path):
    """`issues export --out /dev/null` as root once renamed a regular file over /dev/null (and then every
    program writing to it, PostgreSQL's initdb among them, failed). A pipe stands in for the device here."""
    import os
    import stat

    from adapters.files import write_atomically
    from config.errors import InputError

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InputError) as refused:
        write_atomically(pipe, lambda p: p.write_text("x"))
    assert "不是普通文件" in str(refused.value.problems[0])
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file left behind
