"""the web board's index: a scope's issues by status and deadline

Revision ID: 0013_issue_board_index
Revises: 0012_report_issue_closed_index
Create Date: 2026-12-01

工作台 counts a town's issues per status and light and lists the ones due first; (town_id, status, deadline)
answers both from the index alone (no table row read per issue).
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0013_issue_board_index'
down_revision: str | None = '0012_report_issue_closed_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.create_index('ix_issue_board', ['town_id', 'status', 'deadline'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.drop_index('ix_issue_board')
