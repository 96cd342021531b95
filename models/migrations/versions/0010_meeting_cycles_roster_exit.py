"""meetings as cycles; a village leaving the roster

Revision ID: 0010_meeting_cycles_roster_exit
Revises: 0009_party_cadres_training_plans
Create Date: 2026-12-01

Reserved in the chain so that parallel work on the ledgers can fill each revision independently.
"""
from collections.abc import Sequence

revision: str = '0010_meeting_cycles_roster_exit'
down_revision: str | None = '0009_party_cadres_training_plans'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
