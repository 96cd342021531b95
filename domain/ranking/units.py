"""The units a period ranks, as the indicator queries read them."""

from __future__ import annotations

from typing import NamedTuple


class VillageUnit(NamedTuple):
    """An active village: its code, its name and its town's code."""

    code: str
    name: str
    town_code: str
