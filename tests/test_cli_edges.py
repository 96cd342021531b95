"""The command line's edges: a reader that stops early, a command run before `dudao init`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_a_reader_that_stops_early_is_not_an_error(home):
    """`dudao schedule preview … | head -1`: the closed pipe ends the command quietly with status 0."""
    env = {**os.environ, "DUDAO_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "schedule", "preview", "--from", "2022-01-01",
                             "--to", "2022-12-31"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    assert "Traceback" not in stderr and "error" not in stderr.lower()


@pytest.mark.sqlite_only
def test_reading_before_init_creates_no_ledger(cli, home):
    result = cli("issues", "list", code=1)
    assert "dudao init" in result.error
    assert not (home / "dudao.db").exists()


def test_a_blank_actor_is_nobody(cli, example_db):
    result = cli("issues", "open", "--title", "测试问题", "--village", "440311001001", "--by", "   ", code=1)
    assert "--by" in result.error and "没有写人名" in result.error
