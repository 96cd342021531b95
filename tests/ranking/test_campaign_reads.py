"""One campaign run reads the active villages and the campaign progress once, and shares them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event

from config.dates import DISTRICT_TZ
from domain.campaign import run_campaign
from domain.campaign.progress import ProgressRow, record_progress
from domain.unit_of_work import unit_of_work
from models.db import session_scope
from models.org import Village


def test_a_run_reads_villages_and_progress_once(example_db, example_cfg, tmp_path):
    with session_scope(example_db) as s:  # all but one village started on time: a reminder and a miss are due
        codes = list(s.execute(sa.select(Village.code).order_by(Village.code)).scalars())
        rows = [ProgressRow("t", c, "项目开工", date(2022, 9, 13)) for c in codes[1:]]
        record_progress(s, example_cfg.campaign, rows, at=datetime(2022, 9, 13, 9, tzinfo=DISTRICT_TZ), actor="t",
                        source="t")
    statements: list[str] = []
    with unit_of_work(url=example_db, config=example_cfg, as_of=datetime(2022, 9, 26, 9, tzinfo=DISTRICT_TZ),
                      actor="t") as uow:
        event.listen(uow.session.get_bind(), "before_cursor_execute",
                     lambda _c, _cur, st, *_: statements.append(st))
        run = run_campaign(uow, outputs_dir=tmp_path)
    # contracts: 150 villages and their owner reminded; the first village missed project-start
    assert (run.reminders_queued, run.issues_raised) == (151, 1)
    assert sum("FROM campaignprogress" in st for st in statements) == 1
    assert sum("WHERE village.active" in st for st in statements) == 1  # open_issues' directory reads them all
