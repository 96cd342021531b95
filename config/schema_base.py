"""Shared base for the district config models: strict keys, readable names."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A config table: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
