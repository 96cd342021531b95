"""the web board's users, sessions and the evidence store

Revision ID: 0011_web_users_evidence
Revises: 0010_meeting_cycles_roster_exit
Create Date: 2026-12-01

Accounts (webuser) with their roles and scopes, log-in attempts (throttling), and the content-addressed
evidence store's files with their attachments to issues. Sessions are signed cookies: no table.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011_web_users_evidence'
down_revision: str | None = '0010_meeting_cycles_roster_exit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('webuser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('role', sa.Enum('coordinator', 'leader', 'town', 'village', 'team', 'department', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('login')
    )
    op.create_table('loginattempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('login', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.create_index('ix_loginattempt_login_at', ['login', 'at'], unique=False)
        batch_op.create_index('ix_loginattempt_address_at', ['address', 'at'], unique=False)
    op.create_table('evidencefile',
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('thumbnail', sa.Boolean(), nullable=False),
    sa.Column('stored_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('stored_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('issueevidence',
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('attached_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('attached_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ),
    sa.ForeignKeyConstraint(['sha256'], ['evidencefile.sha256'], ),
    sa.PrimaryKeyConstraint('issue_id', 'sha256')
    )


def downgrade() -> None:
    op.drop_table('issueevidence')
    op.drop_table('evidencefile')
    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.drop_index('ix_loginattempt_address_at')
        batch_op.drop_index('ix_loginattempt_login_at')
    op.drop_table('loginattempt')
    op.drop_table('webuser')
