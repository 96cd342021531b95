"""Every text cell dudao writes is text: a title or a village name starting with `=` is never a live formula
(`issues export`, `campaign sheet`, `rounds sheet`), and the sheet written imports back."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.rounds.conftest import ROUND, team_visits
from tests.rounds.test_visits import cols, fill_sheet

VILLAGE_NAME = '=HYPERLINK("http://example.invalid/x","点此查看")'
TITLE = "=1+2"
NOTE = "+86 13900000000"


def _text_cells(path) -> dict[str, str]:
    """Every cell of the sheet whose value starts like a formula → its type ('s' text, 'f' formula)."""
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    return {c.value: c.data_type for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value[:1] in "=+-@"}


def test_text_that_looks_like_a_formula_is_written_as_text_and_imports_back(cli, planned, tmp_path):
    from models.db import session_scope
    from models.org import Village

    code = team_visits(planned, "team-4")[0].village
    with session_scope(planned) as s:
        s.execute(sa.update(Village).where(Village.code == code).values(name=VILLAGE_NAME))
    issue = json.loads(cli("issues", "open", "--json", "--title", TITLE, "--village", code, "--description", NOTE,
                           "--as-of", "2022-10-10").stdout)["id"]
    ledger, progress, visits = tmp_path / "台账.xlsx", tmp_path / "进度.xlsx", tmp_path / "t4.xlsx"
    cli("issues", "export", "--out", ledger, "--as-of", "2022-10-12")
    cli("campaign", "sheet", "--out", progress)
    cli("rounds", "sheet", ROUND, "--team", "team-4", "--out", visits)

    assert _text_cells(ledger) == {TITLE: "s", VILLAGE_NAME: "s", NOTE: "s"}
    assert _text_cells(progress) == {VILLAGE_NAME: "s"}
    assert _text_cells(visits) == {VILLAGE_NAME: "s"}

    # the round trip: the issue sheet as exported changes nothing; the visit sheet, filled in, imports
    again = json.loads(cli("issues", "import", ledger, "--as-of", "2022-10-12", "--json").stdout)
    assert again["changed"] == {} and again["opened"] == [] and again["unchanged"] == 1
    assert json.loads(cli("issues", "show", issue, "--json").stdout)["issue"]["title"] == TITLE

    def fill(ws):
        c = cols(ws)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c["督查方式"], "座谈了解")
            ws.cell(r, c["得分"], 80)

    report = json.loads(cli("visits", "import", fill_sheet(visits, tmp_path / "filled.xlsx", fill), "--json")
                        .stdout)[0]
    assert len(report["recorded"]) == len(team_visits(planned, "team-4"))
