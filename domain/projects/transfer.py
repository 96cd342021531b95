"""A village that leaves the roster leaves no open project benefit behind (扶持项目随村撤并转移): its benefiting
rows of the projects not finished move to the village merged into, or are withdrawn with the reason when it
was abolished. Actual income already recorded (ProjectIncome) stays with the village that earned it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from models.audit import record_audits
from models.org import Town, Village
from models.projects import ProjectStatus, ProjectVillage, SupportProject

FINISHED = (ProjectStatus.operating, ProjectStatus.withdrawn)  # 投产 / 撤销: nothing left to follow


@dataclass(frozen=True)
class ProjectsTransferred:
    moved: list[str]  # project codes whose benefit moved to the village merged into
    closed: list[str]  # project codes whose benefit for the abolished village was withdrawn


def open_village_projects(session: Session, village_id: int) -> list[str]:
    """The codes of the projects not finished (not 投产, not 撤销) that benefit this village."""
    return list(session.scalars(
        sa.select(SupportProject.code).join(ProjectVillage, ProjectVillage.project_id == SupportProject.id)
        .where(ProjectVillage.village_id == village_id, SupportProject.status.not_in(FINISHED))
        .order_by(SupportProject.code)))


def transfer_village_projects(session: Session, village_id: int, *, into_village_id: int | None, reason: str,
                              at: datetime, actor: str) -> ProjectsTransferred:
    """Merged: the village's benefit row moves to `into_village_id`; when that village already benefits from the
    project, the two rows become one whose expected yearly income is the SUM of both (the merged village now
    earns both shares; unknown + unknown stays unknown). Abolished (`into_village_id` None): a project the
    village alone benefits from is withdrawn (撤销) with the reason; a project shared with other villages keeps
    them and drops this village's benefit row (its recorded income stays). One audit event per project."""
    codes = open_village_projects(session, village_id)
    if not codes:
        return ProjectsTransferred([], [])
    old = session.get(Village, village_id)
    old_name = session.get(Town, old.town_id).name + old.name
    pv = ProjectVillage.__table__.c
    rows = session.execute(sa.select(SupportProject.id, SupportProject.code, SupportProject.status,
                                     ProjectVillage.id, ProjectVillage.expected_income_yuan)
                           .join(ProjectVillage, ProjectVillage.project_id == SupportProject.id)
                           .where(SupportProject.code.in_(codes), ProjectVillage.village_id == village_id)).all()
    audits = []
    if into_village_id is not None:
        new = session.get(Village, into_village_id)
        new_name = session.get(Town, new.town_id).name + new.name
        theirs = dict(session.execute(sa.select(pv.project_id, pv.id).where(
            pv.project_id.in_([r[0] for r in rows]), pv.village_id == into_village_id)).all())
        note = f"{old_name}并入{new_name}，受益随村转移：{reason}"
        for pid, code, _status, row_id, yuan in rows:
            if pid in theirs:
                other = session.scalar(sa.select(pv.expected_income_yuan).where(pv.id == theirs[pid]))
                total = None if yuan is None and other is None else (yuan or 0) + (other or 0)
                session.execute(sa.update(ProjectVillage.__table__).where(pv.id == theirs[pid])
                                .values(expected_income_yuan=total))
                session.execute(sa.delete(ProjectVillage.__table__).where(pv.id == row_id))
                how = f"{note}（并入后预计年收益合计{total}元）" if total is not None else note
            else:
                session.execute(sa.update(ProjectVillage.__table__).where(pv.id == row_id)
                                .values(village_id=into_village_id))
                how = note
            audits.append({"at": at, "actor": actor, "entity": "project", "entity_id": code, "action": "transfer",
                           "from_state": old.code, "to_state": new.code, "note": how})
        done = ProjectsTransferred([r[1] for r in rows], [])
    else:
        note = f"{old_name}已撤销：{reason}"
        count = dict(session.execute(sa.select(pv.project_id, sa.func.count()).where(
            pv.project_id.in_([r[0] for r in rows])).group_by(pv.project_id)).all())
        for pid, code, status, row_id, yuan in rows:
            if count[pid] == 1:
                session.execute(sa.update(SupportProject.__table__).where(SupportProject.__table__.c.id == pid)
                                .values(status=ProjectStatus.withdrawn, note=f"项目撤销（{note}）"[:500],
                                        updated_at=at, updated_by=actor))
                audits.append({"at": at, "actor": actor, "entity": "project", "entity_id": code,
                               "action": "withdraw", "from_state": str(status), "to_state": "withdrawn",
                               "note": note})
            else:
                session.execute(sa.delete(ProjectVillage.__table__).where(pv.id == row_id))
                audits.append({"at": at, "actor": actor, "entity": "project", "entity_id": code,
                               "action": "withdraw-village", "from_state": old.code, "to_state": None,
                               "note": f"{note}（不再受益，原预计年收益{yuan if yuan is not None else '未填'}元）"})
        done = ProjectsTransferred([], [r[1] for r in rows])
    record_audits(session, audits)
    return done
