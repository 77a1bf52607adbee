"""Prefill accuracy: what each prefill proposed (personal data: deleted with the account), and per
submitted application and field the counts of kept, corrected, missed and spurious values (not
personal: they outlive the application, whose id is then set NULL).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prefill_record",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "user_id", sa.String(36), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("import_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_prefill_record_user_id", "prefill_record", ["user_id"])
    op.create_table(
        "prefill_outcome",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "application_id",
            sa.String(36),
            sa.ForeignKey("application.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("corrected", sa.Integer(), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("spurious", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
    )
    op.create_index("ix_prefill_outcome_application_id", "prefill_outcome", ["application_id"])
    op.create_index("ix_prefill_outcome_day", "prefill_outcome", ["day"])


def downgrade() -> None:
    op.drop_index("ix_prefill_outcome_day", table_name="prefill_outcome")
    op.drop_index("ix_prefill_outcome_application_id", table_name="prefill_outcome")
    op.drop_table("prefill_outcome")
    op.drop_index("ix_prefill_record_user_id", table_name="prefill_record")
    op.drop_table("prefill_record")
