"""Checking a published bulletin against the ledger's rows, computed independently of domain.rounds.bulletin."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Section heading → its table's rows (header first)."""
    out: dict[str, list[list[str]]] = {}
    section = None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("|") and section and not re.match(r"^\|(-+\|)+$", line):
            out.setdefault(section, []).append([c.strip() for c in line.strip("|").split("|")])
    return out


def docx_tables(path: Path) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def expected_figures(url: str, key: str) -> dict:
    """From raw SQL: per team and town (planned, done, not visited, unreported, average), findings by town and
    category, villages not visited with the reason."""
    import sqlalchemy as sa

    from models.db import get_engine

    with get_engine(url).connect() as c:
        rows = c.execute(sa.text(
            "SELECT t.name, tw.name, v.name, vi.status, vi.score, vi.reason FROM visit vi "
            "JOIN inspectionround r ON r.id = vi.round_id JOIN inspectionteam t ON t.id = vi.team_id "
            "JOIN village v ON v.id = vi.village_id JOIN town tw ON tw.id = v.town_id WHERE r.key = :k"),
            {"k": key}).all()
        found = c.execute(sa.text(
            "SELECT tw.name, f.category FROM finding f JOIN visit vi ON vi.id = f.visit_id "
            "JOIN inspectionround r ON r.id = vi.round_id JOIN town tw ON tw.id = f.town_id WHERE r.key = :k"),
            {"k": key}).all()
    def tally(group):
        t = defaultdict(lambda: [0, 0, 0, 0, []])
        for team, town, _, status, score, _ in rows:
            x = t[team if group == "team" else town]
            x[0] += 1
            x[{"done": 1, "not_visited": 2, "planned": 3}[status]] += 1
            if status == "done":
                x[4].append(score)
        return {k: [str(v[0]), str(v[1]), str(v[2]), str(v[3]), f"{sum(v[4]) / len(v[4]):.1f}" if v[4] else ""]
                for k, v in t.items()}

    by_town_cat = defaultdict(Counter)
    for town, cat in found:
        by_town_cat[town][cat] += 1
    missed = sorted((town, village, team, reason if status == "not_visited" else "未报送督查结果")
                    for team, town, village, status, _, reason in rows if status != "done")
    return {"teams": tally("team"), "towns": tally("town"), "new": by_town_cat, "missed": missed,
            "total": [str(len(rows))]}


def check_bulletin(url: str, key: str, markdown: Path, docx: Path) -> dict:
    """Assert every figure of the bulletin; return the expected figures."""
    exp = expected_figures(url, key)
    tables = markdown_tables(markdown.read_text(encoding="utf-8"))
    teams = tables["一、各督导组督查情况"]
    assert teams[0] == ["督导组", "应督查", "已督查", "未走访", "未报送", "平均得分"]
    assert {r[0]: r[1:] for r in teams[1:-1]} == exp["teams"]
    towns = tables["二、各镇街督查情况"]
    assert {r[0]: r[1:6] for r in towns[1:-1]} == exp["towns"]
    assert {r[0]: int(r[6]) for r in towns[1:-1]} == {t: sum(exp["new"].get(t, {}).values()) for t in exp["towns"]}
    assert towns[-1][1] == exp["total"][0]
    new = tables.get("三、新发现问题（按镇街和类别）")
    if exp["new"]:
        header = new[0]
        got = {r[0]: {c: int(n) for c, n in zip(header[1:-1], r[1:-1], strict=True) if int(n)} for r in new[1:-1]}
        assert got == {t: dict(c) for t, c in exp["new"].items()}
        assert int(new[-1][-1]) == sum(sum(c.values()) for c in exp["new"].values())
    else:
        assert new is None
    missed = tables.get("五、未走访村（社区）及原因", [[]])[1:]
    assert sorted(tuple(r) for r in missed) == [(t, v, team, why) for t, v, team, why in exp["missed"]]
    md_tables = [rows for rows in tables.values()]
    assert docx_tables(docx) == md_tables  # the .docx carries the same tables
    return exp
