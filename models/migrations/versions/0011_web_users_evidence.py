"""the web board's users, sessions and the evidence store

Revision ID: 0011_web_users_evidence
Revises: 0010_meeting_cycles_roster_exit
Create Date: 2026-12-01

Reserved in the chain so that parallel work on the ledgers can fill each revision independently.
"""
from collections.abc import Sequence

revision: str = '0011_web_users_evidence'
down_revision: str | None = '0010_meeting_cycles_roster_exit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
