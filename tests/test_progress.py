"""Progress of long work (issue 15, item 19): a rich bar on a terminal, nothing in a pipe or with --json."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import EXAMPLES

BIN = Path(sys.executable).parent


def recording():
    seen: dict[str, list[int]] = {}

    @contextmanager
    def reporter(label: str, total: int):
        seen[label] = [total, 0]

        def advance(n: int = 1) -> None:
            seen[label][1] += n

        yield advance

    return seen, reporter


def test_a_roster_import_reports_every_row(home, example_cfg):
    from adapters.progress import reporting
    from adapters.sheets import read_table
    from domain.roster import import_roster, set_up_ledger
    from domain.unit_of_work import unit_of_work
    from tests.conftest import AT

    seen, reporter = recording()
    with reporting(reporter), unit_of_work(as_of=AT, actor="测试", config=example_cfg, check_schema=False) as uow:
        set_up_ledger(uow, EXAMPLES / "district.toml")
        roster = read_table(EXAMPLES / "roster.xlsx")
        import_roster(uow, roster)
    assert seen["检查花名册（行）"] == [len(roster.rows), len(roster.rows)]
    assert seen["写入花名册（行）"][0] == seen["写入花名册（行）"][1] == len(roster.rows)


def test_a_delivery_reports_every_message(example_db, example_cfg, sink, monkeypatch):
    from adapters.progress import reporting
    from config.settings import get_settings
    from domain.issues import open_issue
    from domain.outbox import deliver_outbox
    from domain.unit_of_work import unit_of_work
    from tests.conftest import AT

    for c in example_cfg.notifications.channels:
        monkeypatch.setenv(f"DUDAO_CHANNELS__{c.name.upper().replace('-', '_')}", sink.url(c.name))
    get_settings.cache_clear()
    seen, reporter = recording()
    with unit_of_work(as_of=AT, actor="测试", config=example_cfg, url=example_db) as uow:
        for title in ("台账不全", "账目不清"):
            open_issue(uow, title=title, village="330101001", due_days=10)
    with reporting(reporter), unit_of_work(as_of=AT, actor="测试", config=example_cfg, url=example_db) as uow:
        report = deliver_outbox(uow, force=True)
    total, advanced = seen["发送消息（条）"]
    assert report.delivered >= 2 and total == advanced >= report.delivered


def test_nothing_is_shown_when_the_output_is_not_a_terminal_or_json(cli):
    from cli.progress import wanted

    assert not wanted(as_json=True)
    result = cli("roster", "import", EXAMPLES / "roster.xlsx", "--dry-run")
    assert "检查花名册" not in result.output and "━" not in result.output


def test_a_terminal_gets_a_bar(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUDAO_")}
    env.update(DUDAO_HOME=str(tmp_path / "var"), TERM="xterm", COLUMNS="100")
    master, slave = pty.openpty()
    try:
        done = subprocess.run([BIN / "dudao", "roster", "import", EXAMPLES / "roster.xlsx", "--dry-run"], env=env,
                              stdout=subprocess.PIPE, stderr=slave, timeout=120)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert done.returncode == 0
    assert "检查花名册（行）" in shown.decode("utf-8", "replace")
    assert "检查花名册" not in done.stdout.decode()  # the bar goes to the terminal, not into the output
