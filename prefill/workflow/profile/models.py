"""Profile tables: one `profile` row per candidate (personal information, job-alert preferences) and one
`profile_entry` row per list entry (a job, a degree, a language, a certification).

Values live in JSON: `{key: StoredValue}` with per-key provenance (see `prefill.workflow.profile.values`).
Both tables reference the account with ON DELETE CASCADE: deactivating an account removes its profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base


class Profile(Base):
    __tablename__ = "profile"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    personal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """`{key: StoredValue}`; keys such as `first_name`, `address.city`."""
    alerts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Job-alert preferences as the candidate set them (never prefilled, so no provenance)."""
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ProfileEntry(Base):
    __tablename__ = "profile_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(16))
    """experience | education | certifications | languages"""
    position: Mapped[int] = mapped_column(Integer)
    """Order within the section (the CV's order for prefilled entries; new ones go last)."""
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """`{key: StoredValue}`."""
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
