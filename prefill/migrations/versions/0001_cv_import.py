"""CV imports: the draft of each uploaded CV, never the CV itself.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cv_import",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner_id", sa.String(64), nullable=True),
        sa.Column("job_id", sa.String(80), nullable=False),
        sa.Column("filename", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.String(500), nullable=True),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.Column("parser_version", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_cv_import_owner_id", "cv_import", ["owner_id"])
    op.create_index("ix_cv_import_job_id", "cv_import", ["job_id"])


def downgrade() -> None:
    op.drop_index("ix_cv_import_job_id", table_name="cv_import")
    op.drop_index("ix_cv_import_owner_id", table_name="cv_import")
    op.drop_table("cv_import")
