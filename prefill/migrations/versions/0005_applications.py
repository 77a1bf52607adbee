"""Applications: one per candidate and vacancy (steps' data, signature, submitted snapshot), and the
uploaded cover letters. Deleting an account deletes its applications, submitted ones included; a
vacancy with applications cannot be deleted.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "user_id", sa.String(36), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "vacancy_id", sa.Integer(), sa.ForeignKey("vacancy.id", ondelete="RESTRICT"), nullable=False
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("hr_status", sa.String(32), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("letter_text", sa.Text(), nullable=True),
        sa.Column("letter_sha256", sa.String(64), nullable=True),
        sa.Column("references", sa.JSON(), nullable=True),
        sa.Column("signature", sa.JSON(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "vacancy_id", name="uq_application_user_vacancy"),
    )
    op.create_index("ix_application_user_id", "application", ["user_id"])
    op.create_index("ix_application_vacancy_id", "application", ["vacancy_id"])
    op.create_table(
        "application_letter",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "application_id",
            sa.String(36),
            sa.ForeignKey("application.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("application_id", "sha256", name="uq_application_letter_sha256"),
    )
    op.create_index("ix_application_letter_application_id", "application_letter", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_application_letter_application_id", table_name="application_letter")
    op.drop_table("application_letter")
    op.drop_index("ix_application_vacancy_id", table_name="application")
    op.drop_index("ix_application_user_id", table_name="application")
    op.drop_table("application")
