"""The district config in the ledger: towns, departments, teams and contacts, kept in step with the TOML."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from config.district import DistrictConfig
from models.audience import department_tag, team_tag, town_tag
from models.audit import record_audit
from models.db import upsert
from models.org import Contact, Department, District, InspectionTeam, TeamMember, Town


def sync_config(session: Session, cfg: DistrictConfig, *, at: datetime, actor: str, source: str) -> None:
    """Upsert what the config declares (idempotent); nothing the config omits is deleted."""
    upsert(session, District, [{"code": cfg.district.code, "name": cfg.district.name}],
           keys=["code"], update=["name"])
    upsert(session, Town, [
        {"code": t.code, "name": t.name, "kind": t.kind,
         "leader_name": t.leader.name if t.leader else None, "leader_mobile": t.leader.mobile if t.leader else None}
        for t in cfg.towns
    ], keys=["code"], update=["name", "kind", "leader_name", "leader_mobile"])
    upsert(session, Department, [{"key": d.key, "name": d.name} for d in cfg.departments],
           keys=["key"], update=["name"])
    upsert(session, InspectionTeam, [
        {"key": t.key, "name": t.name, "leader_name": t.leader.name, "leader_mobile": t.leader.mobile,
         "daily_capacity": t.daily_capacity} for t in cfg.teams
    ], keys=["key"], update=["name", "leader_name", "leader_mobile", "daily_capacity"])
    team_ids = dict(session.execute(sa.select(InspectionTeam.key, InspectionTeam.id)).all())
    configured = [team_ids[t.key] for t in cfg.teams]
    if configured:
        session.execute(sa.delete(TeamMember).where(TeamMember.team_id.in_(configured)))
    members = []
    for t in cfg.teams:
        members.append({"team_id": team_ids[t.key], "name": t.leader.name, "is_leader": True,
                        "home_town": t.leader.home_town, "mobile": t.leader.mobile})
        members += [{"team_id": team_ids[t.key], "name": m.name, "is_leader": False, "home_town": m.home_town,
                     "mobile": m.mobile} for m in t.members]
    if members:
        session.execute(sa.insert(TeamMember), members)
    contacts = [
        *({"name": t.leader.name, "role": "镇街主要负责人", "unit": town_tag(t.code), "mobile": t.leader.mobile,
           "email": t.leader.email} for t in cfg.towns if t.leader),
        *({"name": d.contact.name, "role": "成员单位联络员", "unit": department_tag(d.key),
           "mobile": d.contact.mobile, "email": d.contact.email} for d in cfg.departments if d.contact),
        *({"name": t.leader.name, "role": "督导组组长", "unit": team_tag(t.key), "mobile": t.leader.mobile,
           "email": t.leader.email} for t in cfg.teams),
        *({"name": c.name, "role": c.role, "unit": c.unit, "mobile": c.mobile, "email": c.email}
          for c in cfg.contacts),
    ]
    upsert(session, Contact, contacts, keys=["unit", "role", "name"], update=["mobile", "email"])
    record_audit(session, at=at, actor=actor, entity="config", entity_id=source, action="load",
                 note=f"{len(cfg.towns)} towns, {len(cfg.departments)} departments, {len(cfg.teams)} teams")

