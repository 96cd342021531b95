"""Audience tags (对象标签): how a message's recipient, an issue's owner or a contact's unit is written.

    village:<code>  town:<code>  department:<key>  team:<key>   a unit of the roster or the config
    office  leadership  coordinators                            the district's fixed audiences

The rules only (spelling a tag, reading one back, the fixed audiences' names, a label); which units exist
is the ledger's (models.units.UnitDirectory names them). Pure: no database, usable from every layer above.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

FIXED: dict[str, str] = {"office": "领导小组办公室", "leadership": "区领导", "coordinators": "区委组织部（督导协调）"}
UNIT_KINDS: tuple[str, ...] = ("village", "town", "department", "team")  # kind:key tags, one per unit


class Tag(NamedTuple):
    """A tag read back: `kind` and `key` of a unit tag (village:V001 → village, V001); a tag without a
    known unit kind (office, town-leader …) has its whole text as `kind` and an empty `key`."""

    kind: str
    key: str

    @property
    def is_unit(self) -> bool:
        """kind:key naming a unit (a village, town, department or team) that the directory can check."""
        return bool(self.key) and self.kind in UNIT_KINDS

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


def parse_tag(tag: str) -> Tag:
    kind, _, key = tag.partition(":")
    return Tag(kind, key) if key and kind in UNIT_KINDS else Tag(tag, "")


def village_tag(code: str) -> str:
    return f"village:{code}"


def town_tag(code: str) -> str:
    return f"town:{code}"


def department_tag(key: str) -> str:
    return f"department:{key}"


def team_tag(key: str) -> str:
    return f"team:{key}"


def village_code(tag: str) -> str | None:
    """The village code a `village:<code>` tag names (None for any other tag)."""
    t = parse_tag(tag)
    return t.key if t.kind == "village" and t.is_unit else None


def is_known(tag: str, has_unit: Callable[[Tag], bool]) -> bool:
    """Whether a tag names something: a unit the directory has (`has_unit`) or a fixed audience."""
    t = parse_tag(tag)
    return has_unit(t) if t.is_unit else tag in FIXED


def label(tag: str, unit_name: Callable[[Tag], str | None]) -> str:
    """A person-readable name: the unit's (`unit_name`, from the directory), a fixed audience's, else the tag."""
    t = parse_tag(tag)
    return (unit_name(t) if t.is_unit else None) or FIXED.get(tag, tag)
