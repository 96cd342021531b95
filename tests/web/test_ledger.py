"""问题台账 on the board: filters, pages, the .xlsx of what is shown; the dashboard's counts move with an action."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.web.conftest import jpeg, post


def test_filters_pages_and_export(clients, ledger):
    for _ in range(3):
        ledger.open("v1b", title="玉荣村问题")
    c = clients["town1"]
    everything = c.get("/issues?format=json").json()
    assert everything["total"] >= 5 and everything["page"] == 1
    one_village = c.get("/issues?format=json&source=manual&status=rectifying").json()
    assert {r["status"] for r in one_village["issues"]} == {"rectifying"}
    assert c.get("/issues?format=json&town=T02").json()["total"] == 0  # another town: nothing, not an error
    by_period = c.get("/issues?format=json&period=2022-10").json()
    assert by_period["total"] == everything["total"]
    assert c.get("/issues?format=json&period=2021-Q1").json()["total"] == 0
    assert c.get("/issues?format=json&period=十月").status_code == 400
    green = c.get("/issues?format=json&light=green").json()
    assert green["total"] and {r["light"] for r in green["issues"]} == {"green"}
    export = c.get("/issues?status=rectifying&format=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export.headers["content-type"]
    sheet = load_workbook(io.BytesIO(export.content)).active
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)}
    listed = {r["id"] for r in c.get("/issues?format=json&status=rectifying").json()["issues"]}
    assert ids == listed and ids  # what is shown, in scope


def test_pagination(clients, ledger):
    from web.issues import PAGE_SIZE

    total = clients["coord"].get("/issues?format=json").json()["total"]
    for _ in range(max(0, PAGE_SIZE + 1 - total)):
        ledger.open("v3")
    first = clients["coord"].get("/issues?format=json").json()
    second = clients["coord"].get("/issues?format=json&page=2").json()
    assert first["pages"] >= 2 and len(first["issues"]) == PAGE_SIZE
    assert not {r["id"] for r in first["issues"]} & {r["id"] for r in second["issues"]}
    assert "下一页" in clients["coord"].get("/issues").text


def test_a_rectification_changes_the_counts_and_lights(clients, ledger):
    before = clients["v1"].get("/dashboard?format=json").json()
    issue = ledger.open("v1")
    middle = clients["v1"].get("/dashboard?format=json").json()
    assert middle["counts"]["rectifying"] == before["counts"]["rectifying"] + 1
    post(clients["v1"], f"/issues/{issue}/submit", {"note": "已整改"},
         files=[("files", ("a.jpg", jpeg(), "image/jpeg"))])
    after = clients["v1"].get("/dashboard?format=json").json()
    assert after["counts"]["awaiting_verification"] == middle["counts"]["awaiting_verification"] + 1
    waiting = clients["coord"].get("/dashboard?format=json").json()["reviews"]
    assert issue in {r["id"] for r in waiting}
    assert issue not in {r["id"] for r in after["reviews"]}  # the village does not verify its own
    post(clients["coord"], f"/issues/{issue}/verify", {"verdict": "pass"})
    done = clients["v1"].get("/dashboard?format=json").json()
    assert done["counts"]["closed"] == after["counts"]["closed"] + 1
    assert clients["v1"].get(f"/issues/{issue}?format=json").json()["issue"]["light"] is None
