"""red/black list snapshots record their scoring rule and the indicators left out of each board

Revision ID: 0007_ranking_scoring_rule
Revises: 0006_ranking_campaign_meetings
Create Date: 2026-12-03

Snapshots published before this migration were computed with scoring rule 1 (min–max over every indicator,
nothing left out): the server defaults say so for them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007_ranking_scoring_rule'
down_revision: str | None = '0006_ranking_campaign_meetings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rankingsnapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scoring_rule', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('left_out', sa.JSON(), server_default='[]', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('rankingsnapshot', schema=None) as batch_op:
        batch_op.drop_column('left_out')
        batch_op.drop_column('scoring_rule')
