"""Consent table: each acceptance of the privacy agreement by an account (version, instant)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base


class PrivacyConsent(Base):
    __tablename__ = "privacy_consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
