"""Application tables: one `application` row per candidate and vacancy, and the cover-letter files.

Deactivation deletes every application of the account, submitted ones included (ON DELETE CASCADE):
the privacy agreement in force keeps personal data only "until you deactivate your account", and a
submitted snapshot is personal data. Keeping submitted applications for HR would need a new agreement
version and a retention rule. A vacancy with applications cannot be deleted (ON DELETE RESTRICT): a
candidate's submission never disappears with the opening.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from prefill.models.tables import Base
from prefill.workflow.accounts.models import utcnow


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("user_id", "vacancy_id", name="uq_application_user_vacancy"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    """draft | submitted | withdrawn (what the candidate sees is derived: see `service.shown_status`)."""
    hr_status: Mapped[str | None] = mapped_column(String(32))
    """Set by HR later (shortlisted, rejected…); free text for now."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Bumped by every change: a submit applies only to the revision it checked."""
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """`{"general" | "job": {question id: {"value", "explanation", "outcome"}}}`."""
    letter_text: Mapped[str | None] = mapped_column(Text)
    letter_sha256: Mapped[str | None] = mapped_column(String(64))
    """The uploaded cover letter in force (an `application_letter` row); exclusive with `letter_text`."""
    references: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    """None until the candidate saves the step (an empty list is an answer)."""
    signature: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Declaration version, typed name and birth date, time, address, user agent, content hash."""
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The application as last submitted; kept while an amended draft is prepared, replaced on submit."""
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApplicationLetter(Base):
    """An uploaded cover letter: part of the application (unlike a CV, it is kept), with its bytes."""

    __tablename__ = "application_letter"
    __table_args__ = (UniqueConstraint("application_id", "sha256", name="uq_application_letter_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(8))
    """docx | pdf, decided from the bytes."""
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
