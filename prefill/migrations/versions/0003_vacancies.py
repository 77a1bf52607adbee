"""Vacancies: staff posts, internship rosters and individual-contractor offers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXED = ("kind", "grade", "country", "published_at", "closes_at")


def upgrade() -> None:
    op.create_table(
        "vacancy",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("category", sa.String(2), nullable=True),
        sa.Column("grade", sa.String(8), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("contract_type", sa.String(32), nullable=False),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("questionnaire", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("reference", name="uq_vacancy_reference"),
    )
    for column in INDEXED:
        op.create_index(f"ix_vacancy_{column}", "vacancy", [column])


def downgrade() -> None:
    for column in INDEXED:
        op.drop_index(f"ix_vacancy_{column}", table_name="vacancy")
    op.drop_table("vacancy")
