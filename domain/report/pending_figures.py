"""Figures whose ledgers are not in this dudao yet (party organisations, cadres, training, projects,
contracts): they have no data and take the same path as a ledger that holds nothing of that kind."""

from __future__ import annotations

from sqlmodel import Session

from domain.report.basis import NONE, Measured, Window

PENDING: dict[int, str] = {}  # slot → the ledger it waits for (filled below)
for _slot in (14, 15, 16, 17, 22, 23, 24, 25, 26, 27, 32, 33):
    PENDING[_slot] = "党组织、干部、培训台账"
for _slot in (34, 35, 36, 37, 38, 39, 41):
    PENDING[_slot] = "扶持项目、合同清理台账"


def no_ledger(session: Session, window: Window) -> Measured:
    return NONE
