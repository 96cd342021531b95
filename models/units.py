"""The units audience tags name (对象): the towns, villages, departments and teams of the ledger, read once
per unit of work and shared by the domain and notifications. The tag rules are models/audience.py's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from models import audience
from models.audience import Tag
from models.org import Contact, Department, InspectionTeam, Town, Village


class TownUnit(NamedTuple):
    id: int
    name: str


class VillageUnit(NamedTuple):
    id: int
    town_id: int
    name: str
    active: bool


@dataclass
class UnitDirectory:
    towns: dict[str, TownUnit] = field(default_factory=dict)  # by code
    villages: dict[str, VillageUnit] = field(default_factory=dict)  # by code
    departments: dict[str, str] = field(default_factory=dict)  # key → name
    teams: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, session: Session) -> UnitDirectory:
        """The directory, read once per unit of work (the org tables do not change inside one)."""
        if "unit_directory" not in session.info:
            session.info["unit_directory"] = cls.load(session)
        return session.info["unit_directory"]

    @classmethod
    def load(cls, session: Session, *, village_codes: set[str] | None = None,
             village_ids: set[int] | None = None, town_codes: set[str] | None = None) -> UnitDirectory:
        """Every unit; or, given codes and/or ids, only those villages (a delivery names a few of 20,000); given
        `town_codes` as well, only those towns and the villages' own (a ledger page names a few of 1,000)."""
        villages = sa.select(Village.code, Village.id, Village.town_id, Village.name, Village.active)
        towns = sa.select(Town.code, Town.id, Town.name)
        if village_codes is not None or village_ids is not None:
            codes, ids = village_codes or set(), village_ids or set()
            if len(codes) + len(ids) <= 2000:  # beyond that, reading them all is as quick
                villages = villages.where(sa.or_(Village.code.in_(codes), Village.id.in_(ids)))
            elif town_codes is not None:
                town_codes = None
        found = {c: VillageUnit(i, t, n, a) for c, i, t, n, a in session.execute(villages)}
        if town_codes is not None and len(town_codes) <= 2000:
            towns = towns.where(sa.or_(Town.code.in_(town_codes), Town.id.in_({v.town_id for v in found.values()})))
        return cls(
            towns={c: TownUnit(i, n) for c, i, n in session.execute(towns)},
            villages=found,
            departments=dict(session.execute(sa.select(Department.key, Department.name)).all()),
            teams=dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.name)).all()),
        )

    @cached_property
    def town_names(self) -> dict[int, str]:
        return {t.id: t.name for t in self.towns.values()}

    @cached_property
    def village_names(self) -> dict[int, str]:
        return {v.id: v.name for v in self.villages.values()}

    def locate(self, village: str | None, town: str | None,
               bad: Callable[[str, str], None]) -> tuple[int | None, int | None]:
        """(town id, village id) for a village and/or town code; report what does not fit through `bad`."""
        if not village and not town:
            bad("village", "请给出村（社区）编码和/或镇街编码")
            return None, None
        town_id = village_id = None
        if town:
            if town not in self.towns:
                bad("town", f"{town!r} 不是镇街编码（可选：{', '.join(sorted(self.towns))}）")
            else:
                town_id = self.towns[town].id
        if village:
            v = self.villages.get(village)
            if v is None:
                bad("village", f"花名册中没有村（社区）编码 {village!r}")
            elif not v.active:
                bad("village", f"{v.name}（{village!r}）已撤并；问题只能交给在册的村（社区）")
            elif town_id is not None and v.town_id != town_id:
                bad("village", f"{v.name}（{village!r}）不属于镇街 {self.towns[town].name}（{town!r}）")
            else:
                village_id, town_id = v.id, v.town_id
        return town_id, village_id

    def has(self, unit: Tag) -> bool:
        """Whether the unit a kind:key tag names is in the ledger."""
        return unit.key in {"village": self.villages, "town": self.towns, "department": self.departments,
                            "team": self.teams}.get(unit.kind, ())

    def name(self, unit: Tag) -> str | None:
        """The unit's name (a village's with its town's before it), None when the ledger has no such unit."""
        if unit.kind == "village":
            v = self.villages.get(unit.key)
            return self.town_names.get(v.town_id, "") + v.name if v else None
        if unit.kind == "town":
            t = self.towns.get(unit.key)
            return t.name if t else None
        return {"department": self.departments, "team": self.teams}.get(unit.kind, {}).get(unit.key)

    def is_known(self, tag: str) -> bool:
        return audience.is_known(tag, self.has)

    def label(self, tag: str) -> str:
        """A person-readable name for an audience tag (the tag itself when unknown)."""
        return audience.label(tag, self.name)

    def place(self, town_id: int | None, village_id: int | None) -> str:
        """镇街·村社区 (or the town alone)."""
        town = self.town_names.get(town_id, "") if town_id else ""
        village = self.village_names.get(village_id) if village_id else None
        return f"{town}·{village}" if village else town


def contact_mobiles(session: Session, tags: list[str]) -> dict[str, list[str]]:
    """The mobiles of each tag's contacts (village secretaries, town leaders, …) for @-mentions."""
    found: dict[str, list[str]] = {}
    if tags:
        rows = session.execute(sa.select(Contact.unit, Contact.mobile)
                               .where(Contact.unit.in_(tags), Contact.mobile.is_not(None)).order_by(Contact.id))
        for unit, mobile in rows:
            found.setdefault(unit, []).append(mobile)
    return found
