"""party organisations, cadre assessment, training and plans

Revision ID: 0009_party_cadres_training_plans
Revises: 0008_support_projects_contracts
Create Date: 2026-12-01

Reserved in the chain so that parallel work on the ledgers can fill each revision independently.
"""
from collections.abc import Sequence

revision: str = '0009_party_cadres_training_plans'
down_revision: str | None = '0008_support_projects_contracts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
