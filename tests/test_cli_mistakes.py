"""A path or a date the user got wrong ends in a message naming it, a non-zero status and no stray file."""

from __future__ import annotations

import pytest


def test_an_output_path_that_is_a_folder_is_named_and_nothing_is_left(cli, example_db, tmp_path):
    folder = tmp_path / "outputs" / "out.xlsx"
    folder.mkdir(parents=True)
    backup = (("backup", folder),) if example_db.startswith("sqlite") else ()  # PostgreSQL: pg_dump, not backup
    for args in (*backup, ("issues", "export", "--out", folder),
                 ("schedule", "ics", "--from", "2022-10-01", "--to", "2022-10-31", "--out", folder)):
        result = cli(*args, code=1)
        assert str(folder) in result.error and "Traceback" not in result.error, args
    assert list(folder.parent.iterdir()) == [folder] and list(folder.iterdir()) == []  # no .part left


def test_a_sheet_is_written_only_under_an_xlsx_name(cli, example_db, tmp_path):
    result = cli("issues", "export", "--out", tmp_path / "ledger.csv", code=1)
    assert "请给出 .xlsx 文件名" in result.error
    assert not (tmp_path / "ledger.csv").exists()


@pytest.mark.parametrize("args, option", [
    (("schedule", "preview", "--from", "2022-01-01", "--to", "9999-12-31"), "--to"),
    (("issues", "list", "--as-of", "0001-01-01"), "--as-of"),
    (("notify", "deliver", "--at", "soon"), "--at"),
    (("ranking", "compute", "--period", "2022-10", "--as-of", "yesterday"), "--as-of"),
])
def test_a_date_out_of_reach_names_its_option(cli, example_db, args, option):
    assert f"{option}:" in cli(*args, code=1).error
