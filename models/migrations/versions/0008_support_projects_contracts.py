"""support projects and the contract clean-up

Revision ID: 0008_support_projects_contracts
Revises: 0007_ranking_scoring_rule
Create Date: 2026-12-01

Reserved in the chain so that parallel work on the ledgers can fill each revision independently.
"""
from collections.abc import Sequence

revision: str = '0008_support_projects_contracts'
down_revision: str | None = '0007_ranking_scoring_rule'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
