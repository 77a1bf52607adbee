"""Candidate profiles: personal information and alert preferences per account, and list entries (jobs,
degrees, languages, certifications), each value with its provenance in JSON.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column(
            "user_id", sa.String(36), sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("personal", sa.JSON(), nullable=False),
        sa.Column("alerts", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "profile_entry",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "user_id", sa.String(36), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_profile_entry_user_id", "profile_entry", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_profile_entry_user_id", table_name="profile_entry")
    op.drop_table("profile_entry")
    op.drop_table("profile")
