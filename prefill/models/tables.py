"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations (prefill/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from prefill.instants import utcnow


class Base(DeclarativeBase):
    pass


class CvImport(Base):
    """One upload of a CV to pre-fill a profile. The CV itself is never stored: only the draft."""

    __tablename__ = "cv_import"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """Unguessable: an anonymous import is reachable only with it."""
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)
    job_id: Mapped[str] = mapped_column(String(80), index=True)
    """Derived from the upload's bytes, so one upload submitted twice is parsed once."""
    filename: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    """queued | started | finished | failed"""
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(500))
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    parser_version: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
