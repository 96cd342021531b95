"""Column types shared by the tables."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa


def enum_type(enum: type[StrEnum], length: int = 32) -> sa.Enum:
    """A StrEnum stored as its value in a VARCHAR (no native enum: simpler migrations)."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
