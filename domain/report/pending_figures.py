"""Figures whose ledgers are not in this dudao: none left since the party, project and contract ledgers
came; kept as the one place a future slot without its ledger says （无数据） from (the path an empty ledger takes)."""

from __future__ import annotations

from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window

PENDING: dict[int, str] = {}  # slot → the ledger it waits for


def no_ledger(session: Session, window: Window) -> Measured:
    return NONE
