"""meetings as cycles; a village leaving the roster

Revision ID: 0010_meeting_cycles_roster_exit
Revises: 0009_party_cadres_training_plans
Create Date: 2026-12-01

The meeting cycles' briefs (进展简报): one row per cycle occurrence with the window it covered, the issues it put
on the meeting's agenda and its files. (The agenda role of a meeting's issue is a new value of the VARCHAR
`meetingissue.role`; a village leaving the roster needs no column of its own: its issues move or are closed
through their own events.)
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010_meeting_cycles_roster_exit'
down_revision: str | None = '0009_party_cadres_training_plans'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meetingbrief',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('occurrence', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('weekly', 'joint', name='meetingkind', native_enum=False, length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('prepared_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('agenda', sa.JSON(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('markdown', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('docx', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cycle', 'occurrence', name='uq_meetingbrief_cycle_occurrence')
    )
    with op.batch_alter_table('meetingbrief', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetingbrief_held_on'), ['held_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meetingbrief', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetingbrief_held_on'))

    op.drop_table('meetingbrief')
