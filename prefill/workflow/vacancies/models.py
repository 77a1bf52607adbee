"""The vacancy table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base


class Vacancy(Base):
    """An opening: a staff post, an internship roster or an individual-contractor offer."""

    __tablename__ = "vacancy"
    __table_args__ = (UniqueConstraint("reference", name="uq_vacancy_reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(40))
    """What candidates and HR quote, e.g. VA/2026/P3/014."""
    kind: Mapped[str] = mapped_column(String(16), index=True)
    """staff | internship | contractor"""
    category: Mapped[str | None] = mapped_column(String(2))
    """Staff only: P | G | D | NO."""
    grade: Mapped[str | None] = mapped_column(String(8), index=True)
    """Staff only: P-3, G-5, D-1, NO-B…"""
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    """The vacancy's own language: en | fr."""
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), index=True)
    """ISO 3166-1 alpha-2."""
    time_zone: Mapped[str] = mapped_column(String(64))
    """The duty station's IANA zone: the deadline is shown in it."""
    contract_type: Mapped[str] = mapped_column(String(32))
    duration_months: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    """Applications are accepted while now < closes_at."""
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Language requirements (schemas.LanguageRequirement)."""
    description: Mapped[str] = mapped_column(Text)
    questionnaire: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """The job-specific questions (questionnaire.Question)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
