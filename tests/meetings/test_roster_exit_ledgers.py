"""A village that leaves the roster leaves no project benefit, contract or party organisation behind: merged,
they are on the village it merged into; abolished, they are closed with the reason; with neither option, a
village that still holds them is refused, naming what it holds."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config.dates import DISTRICT_TZ
from config.errors import InputError
from domain.roster_exit import retire_village
from domain.unit_of_work import unit_of_work
from models.audit import AuditEvent
from models.contracts import CleanOutcome, Contract, ContractReview
from models.db import session_scope
from models.org import Village
from models.party import PartyOrg
from models.projects import ProjectStatus, ProjectVillage, SupportProject

LEAVING, INTO = "330106001", "330101001"  # 北岭镇宝桃村 → 青山镇顺乐村
AT = datetime(2022, 10, 20, 9, 0, tzinfo=DISTRICT_TZ)


@pytest.fixture
def work(example_db, example_cfg):
    def opened(as_of=AT, actor="林春燕"):
        return unit_of_work(url=example_db, config=example_cfg, as_of=as_of, actor=actor)
    return opened


@pytest.fixture
def held(example_db):
    """The leaving village benefits from two projects in construction (one alone, one shared with the village it
    merges into, one finished project too), holds a contract under town review and a cleaned one, and has its
    party organisation; the village merged into has none."""
    with session_scope(example_db) as s:
        vid = dict(s.execute(sa.select(Village.code, Village.id).where(Village.code.in_([LEAVING, INTO]))).all())
        made = dict(updated_at=AT, updated_by="test", kind="industry", lead="agri", applied_year=2022)
        alone = SupportProject(code="XM-EXIT-1", name="宝桃冷库", status=ProjectStatus.building, **made)
        shared = SupportProject(code="XM-EXIT-2", name="抱团光伏", status=ProjectStatus.approved, **made)
        done = SupportProject(code="XM-EXIT-3", name="老厂房", status=ProjectStatus.operating, **made)
        s.add_all([alone, shared, done])
        s.flush()
        s.add_all([ProjectVillage(project_id=alone.id, village_id=vid[LEAVING], expected_income_yuan=80000),
                   ProjectVillage(project_id=shared.id, village_id=vid[LEAVING], expected_income_yuan=30000),
                   ProjectVillage(project_id=shared.id, village_id=vid[INTO], expected_income_yuan=50000),
                   ProjectVillage(project_id=done.id, village_id=vid[LEAVING], expected_income_yuan=10000)])
        base = dict(village_id=vid[LEAVING], counterparty="某公司", subject="鱼塘承包",
                    review_started_on=date(2022, 9, 1), updated_at=AT, updated_by="test")
        open_ = Contract(code="HT-EXIT-1", **base)
        cleaned = Contract(code="HT-EXIT-2", outcome=CleanOutcome.terminate, cleaned_on=date(2022, 9, 30), **base)
        s.add_all([open_, cleaned])
        s.flush()
        s.add_all([ContractReview(contract_id=open_.id, stage="village", owner=f"village:{LEAVING}",
                                  deadline=date(2022, 9, 15), done_on=date(2022, 9, 14)),
                   ContractReview(contract_id=open_.id, stage="town", owner="town:T06", deadline=date(2022, 10, 28))])
        s.add(PartyOrg(village_id=vid[LEAVING], name="宝桃村党支部"))
    return vid


def test_merged_village_hands_its_projects_contracts_and_party_org_to_the_village_it_joined(
        example_db, work, held, cli):
    out = cli("roster", "deactivate", LEAVING, "--reason", "行政区划调整", "--merged-into", INTO, "--by", "组织科")
    assert "扶持项目转移2个" in out.output and "经营合同转移1个" in out.output and "党组织转移1个" in out.output
    with session_scope(example_db) as s:
        benefit = {(c, v): y for c, v, y in s.execute(
            sa.select(SupportProject.code, ProjectVillage.village_id, ProjectVillage.expected_income_yuan)
            .join(ProjectVillage, ProjectVillage.project_id == SupportProject.id))}
        assert benefit[("XM-EXIT-1", held[INTO])] == 80000 and ("XM-EXIT-1", held[LEAVING]) not in benefit
        assert benefit[("XM-EXIT-2", held[INTO])] == 30000 + 50000  # one row: both shares
        assert ("XM-EXIT-2", held[LEAVING]) not in benefit
        assert ("XM-EXIT-3", held[LEAVING]) in benefit  # finished: history stays
        contracts = dict(s.execute(sa.select(Contract.code, Contract.village_id)).all())
        assert contracts["HT-EXIT-1"] == held[INTO] and contracts["HT-EXIT-2"] == held[LEAVING]
        owners = s.execute(sa.select(ContractReview.stage, ContractReview.owner)).all()
        assert dict(owners) == {"village": f"village:{LEAVING}", "town": "town:T01"}  # pending stage: new town
        org = s.execute(sa.select(PartyOrg)).scalar_one()
        assert org.village_id == held[INTO] and org.active
        audits = set(s.execute(sa.select(AuditEvent.entity, AuditEvent.entity_id).where(
            AuditEvent.action == "transfer")).all())
        assert {("project", "XM-EXIT-1"), ("project", "XM-EXIT-2"), ("contract", "HT-EXIT-1"),
                ("party-org", str(org.id))} <= audits


def test_abolished_village_closes_its_projects_contracts_and_party_org_with_the_reason(example_db, work, held):
    with work() as uow:
        out = retire_village(uow, LEAVING, reason="整体搬迁", abolished=True)
    by = {s.key: s for s in out.steps}
    assert by["projects"].closed == ("XM-EXIT-1", "XM-EXIT-2") and by["contracts"].closed == ("HT-EXIT-1",)
    assert len(by["party"].closed) == 1 and "党组织关闭1个" in out.line
    with session_scope(example_db) as s:
        status = dict(s.execute(sa.select(SupportProject.code, SupportProject.status)).all())
        assert status["XM-EXIT-1"] is ProjectStatus.withdrawn  # it alone benefited
        assert status["XM-EXIT-2"] is ProjectStatus.approved  # shared: goes on for the other village
        shared = s.execute(sa.select(ProjectVillage.village_id).join(
            SupportProject, SupportProject.id == ProjectVillage.project_id)
            .where(SupportProject.code == "XM-EXIT-2")).scalars().all()
        assert shared == [held[INTO]]
        c = s.execute(sa.select(Contract).where(Contract.code == "HT-EXIT-1")).scalar_one()
        assert c.outcome is CleanOutcome.terminate and c.cleaned_on == date(2022, 10, 20) and "整体搬迁" in c.note
        org = s.execute(sa.select(PartyOrg)).scalar_one()
        assert not org.active and "整体搬迁" in org.closed_reason
        notes = s.execute(sa.select(AuditEvent.entity, AuditEvent.note).where(
            AuditEvent.entity.in_(["project", "contract", "party-org"]))).all()
        assert len(notes) == 4 and all("整体搬迁" in n for _, n in notes)


def test_a_village_holding_items_is_refused_naming_what_it_holds(example_db, work, held):
    with work() as uow, pytest.raises(InputError) as bad:
        retire_village(uow, LEAVING, reason="撤并")
    said = str(bad.value.problems[0])
    assert "扶持项目2个" in said and "经营合同1个" in said and "党组织1个" in said
    with session_scope(example_db) as s:
        assert s.scalar(sa.select(Village.active).where(Village.code == LEAVING))  # nothing written
