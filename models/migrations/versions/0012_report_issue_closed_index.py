"""an index on the issues closed in a span, for the report

Revision ID: 0012_report_issue_closed_index
Revises: 0011_web_users_evidence
Create Date: 2026-12-01

The work report counts and lists the issues closed in its window (#46, the closed-by-month chart): a range of the
index by status and closing moment instead of a scan of every issue; the listing comes out in its order (closing
moment, then id: the row id ends every index entry) without a sort, and the chart reads the index alone.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0012_report_issue_closed_index'
down_revision: str | None = '0011_web_users_evidence'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_issue_closed', 'issue', ['status', 'closed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_issue_closed', table_name='issue')
