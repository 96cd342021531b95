"""support projects and the contract clean-up

Revision ID: 0008_support_projects_contracts
Revises: 0007_ranking_scoring_rule
Create Date: 2026-12-01

Support projects (扶持项目: villages, funds, milestones, income) and the contract clean-up (合同清理: contracts,
review stages). IssueSource gains project and contract (a VARCHAR enum: no schema change).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008_support_projects_contracts'
down_revision: str | None = '0007_ranking_scoring_rule'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('supportproject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('lead', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('applied_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('applied', 'approved', 'building', 'built', 'accepted', 'operating', 'withdrawn', name='projectstatus', native_enum=False, length=32), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('supportproject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supportproject_applied_year'), ['applied_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_supportproject_kind'), ['kind'], unique=False)

    op.create_table('projectfund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('amount_yuan', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['supportproject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'source', name='uq_project_fund')
    )
    with op.batch_alter_table('projectfund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projectfund_project_id'), ['project_id'], unique=False)

    op.create_table('projectincome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount_yuan', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['supportproject.id'], ),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'village_id', 'year', name='uq_project_income')
    )
    with op.batch_alter_table('projectincome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projectincome_project_id'), ['project_id'], unique=False)

    op.create_table('projectvillage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('expected_income_yuan', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['supportproject.id'], ),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'village_id', name='uq_project_village')
    )
    with op.batch_alter_table('projectvillage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projectvillage_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projectvillage_village_id'), ['village_id'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('counterparty', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('amount_yuan', sa.Integer(), nullable=True),
    sa.Column('rent_yuan', sa.Integer(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('review_started_on', sa.Date(), nullable=False),
    sa.Column('verdict', sa.Enum('compliant', 'non_compliant', name='reviewresult', native_enum=False, length=32), nullable=True),
    sa.Column('verdict_stage', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('verdict_on', sa.Date(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Enum('rectify', 'terminate', name='cleanoutcome', native_enum=False, length=32), nullable=True),
    sa.Column('cleaned_on', sa.Date(), nullable=True),
    sa.Column('issue_id', sa.Integer(), nullable=True),
    sa.Column('recovered_yuan', sa.Integer(), nullable=True),
    sa.Column('added_yuan_per_year', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_cleaned_on'), ['cleaned_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_village_id'), ['village_id'], unique=False)

    op.create_table('projectmilestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('issue_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['supportproject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'milestone', name='uq_project_milestone')
    )
    with op.batch_alter_table('projectmilestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projectmilestone_project_id'), ['project_id'], unique=False)

    op.create_table('contractreview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Enum('compliant', 'non_compliant', name='reviewresult', native_enum=False, length=32), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contract_id', 'stage', name='uq_contract_review_stage')
    )
    with op.batch_alter_table('contractreview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contractreview_contract_id'), ['contract_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contractreview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contractreview_contract_id'))

    op.drop_table('contractreview')
    with op.batch_alter_table('projectmilestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projectmilestone_project_id'))

    op.drop_table('projectmilestone')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_village_id'))
        batch_op.drop_index(batch_op.f('ix_contract_cleaned_on'))

    op.drop_table('contract')
    with op.batch_alter_table('projectvillage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projectvillage_village_id'))
        batch_op.drop_index(batch_op.f('ix_projectvillage_project_id'))

    op.drop_table('projectvillage')
    with op.batch_alter_table('projectincome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projectincome_project_id'))

    op.drop_table('projectincome')
    with op.batch_alter_table('projectfund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projectfund_project_id'))

    op.drop_table('projectfund')
    with op.batch_alter_table('supportproject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supportproject_kind'))
        batch_op.drop_index(batch_op.f('ix_supportproject_applied_year'))

    op.drop_table('supportproject')
