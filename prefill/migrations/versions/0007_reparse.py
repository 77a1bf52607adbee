"""Batch re-parse: runs over a folder or ZIP archive, and one row per document with its draft, its
failure or its differences from the previous parser version's run.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reparse_run",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.String(1024), nullable=False),
        sa.Column("source_kind", sa.String(8), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
        sa.Column(
            "previous_run_id",
            sa.String(32),
            sa.ForeignKey("reparse_run.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.String(500), nullable=True),
        sa.Column(
            "created_by", sa.String(36), sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_reparse_run_source", "reparse_run", ["source"])
    op.create_table(
        "reparse_document",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "run_id", sa.String(32), sa.ForeignKey("reparse_run.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(1024), nullable=False),
        sa.Column("locator", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.String(500), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("run_id", "key", name="uq_reparse_document_key"),
    )
    op.create_index("ix_reparse_document_run_status", "reparse_document", ["run_id", "status"])
    op.create_index("ix_reparse_document_run_finished", "reparse_document", ["run_id", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_reparse_document_run_finished", table_name="reparse_document")
    op.drop_index("ix_reparse_document_run_status", table_name="reparse_document")
    op.drop_table("reparse_document")
    op.drop_index("ix_reparse_run_source", table_name="reparse_run")
    op.drop_table("reparse_run")
