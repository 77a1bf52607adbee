"""Accounts, log-in sessions, failed log-ins, one-time tokens, privacy consents, the mail outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _user_id(*, nullable: bool = False) -> sa.Column:
    return sa.Column(
        "user_id", sa.String(36), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=nullable
    )


def _instant(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


INDEXES = [
    ("ix_auth_session_user_id", "auth_session", "user_id"),
    ("ix_login_attempt_user_id", "login_attempt", "user_id"),
    ("ix_login_attempt_address_hash", "login_attempt", "address_hash"),
    ("ix_login_attempt_attempted_at", "login_attempt", "attempted_at"),
    ("ix_one_time_token_user_id", "one_time_token", "user_id"),
    ("ix_privacy_consent_user_id", "privacy_consent", "user_id"),
    ("ix_outbox_recipient", "outbox", "recipient"),
]


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        _instant("created_at"),
    )
    op.create_table(
        "auth_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user_id(),
        _instant("created_at"),
        _instant("expires_at"),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _user_id(nullable=True),
        sa.Column("address_hash", sa.String(64), nullable=False),
        _instant("attempted_at"),
    )
    op.create_table(
        "one_time_token",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user_id(),
        sa.Column("purpose", sa.String(32), nullable=False),
        _instant("created_at"),
        _instant("expires_at"),
    )
    op.create_table(
        "privacy_consent",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _user_id(),
        sa.Column("version", sa.String(32), nullable=False),
        _instant("accepted_at"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _instant("created_at"),
    )
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for table in (
        "outbox",
        "privacy_consent",
        "one_time_token",
        "login_attempt",
        "auth_session",
        "user_account",
    ):
        op.drop_table(table)
