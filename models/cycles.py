"""Cycle runs (周期运行记录): one row per cycle occurrence, the record catch-up and the reports rely on."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import enum_type


class CycleRunState(StrEnum):
    running = "running"  # 运行中
    completed = "completed"  # 已完成
    failed = "failed"  # 失败（已通知协调人）


class CycleRun(SQLModel, table=True):
    """周期运行: what happened to one occurrence of one cycle. Unique on (cycle, occurrence): a re-run updates it."""

    __table_args__ = (sa.UniqueConstraint("cycle", "occurrence", name="uq_cyclerun_occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle: str = Field(max_length=64, description="the cycle's key")
    occurrence: date = Field(index=True, description="the occurrence date (after holiday moves)")
    as_of: datetime = Field(description="the moment the run acted (a scheduled run: its scheduled start)")
    state: CycleRunState = Field(default=CycleRunState.running, sa_type=enum_type(CycleRunState))
    flow_run_id: str | None = Field(default=None, max_length=36, description="the latest Prefect flow run")
    flow_run_name: str | None = Field(default=None, max_length=128)
    runs: int = Field(default=1, description="how many times this occurrence was run")
    started_at: datetime
    finished_at: datetime | None = None
    closed_at: datetime | None = Field(default=None, description="when the occurrence closed (after: cycles follow)")
    summary: str | None = None
    error: str | None = None
