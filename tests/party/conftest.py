"""Fixtures of the party, cadre, training and plan ledgers: the example district with its example sheets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHANGHAI

PARTY = EXAMPLES / "party"
FILES = {"orgs": "party_orgs.xlsx", "ratings": "party_ratings.xlsx", "weak": "party_weak.xlsx",
         "brands": "party_brands.xlsx", "reviews": "cadre_reviews.xlsx", "assessments": "cadre_assessments.xlsx",
         "excellent": "cadre_excellent.xlsx", "sessions": "training_sessions.xlsx",
         "attendance": "training_attendance.xlsx"}
LOADED = datetime(2022, 10, 25, 9, 0, tzinfo=SHANGHAI)


def work(cfg, url: str, at: datetime, actor: str = "测试"):
    from domain.unit_of_work import unit_of_work

    return unit_of_work(as_of=at, actor=actor, config=cfg, url=url)


def load(cfg, url: str, kinds=tuple(FILES), at: datetime = LOADED) -> dict:
    """Import the example sheets of `kinds` (in order) through the use case; what each import did."""
    from adapters.sheets import read_table
    from domain.party import import_party_sheet

    out = {}
    with work(cfg, url, at) as uow:
        for kind in kinds:
            out[kind] = import_party_sheet(uow, kind, read_table(PARTY / FILES[kind]))
    return out


def sheet(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A real .xlsx with these rows (written as a user's spreadsheet would be)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def count(url: str, model) -> int:
    import sqlalchemy as sa

    from models.db import session_scope

    with session_scope(url) as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def party_db(example_db, example_cfg) -> str:
    """The example district with every example party sheet loaded as of 2022-10-25."""
    load(example_cfg, example_db)
    return example_db
