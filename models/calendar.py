"""Calendar overrides a coordinator enters (e.g. next year's State Council notice before the library has it)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class CalendarOverride(SQLModel, table=True):
    """日历调整: this date is a working day (调休上班) or a holiday, whatever the libraries say."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    working: bool
    note: str | None = Field(default=None, max_length=200)
    actor: str = Field(max_length=64)
    at: datetime
