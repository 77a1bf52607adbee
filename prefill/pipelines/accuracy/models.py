"""Prefill-accuracy tables.

`prefill_record`: what one prefill proposed (values-only, see `compare.prefilled_values`) with the
draft's parser version, input kind and CV language. Personal data: it goes with the account (ON DELETE
CASCADE) and is in the account export; it does not go with the import, which the candidate may delete
before applying.

`prefill_outcome`: counts only, one row per submitted application and field (fields with nothing on
either side are left out), with the dimensions HR groups by. No values and no account: not personal
data, so the statistics outlive the account (`application_id` is set NULL when the application goes
with it). `submission_id` identifies the rows of one scored submission: the number of applications is
the number of distinct ones, deleted applications included. The UTC day, ISO week and month of the
submission are stored as text so grouping by period is one plain GROUP BY on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base


class PrefillRecord(Base):
    __tablename__ = "prefill_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[str] = mapped_column(String(64))
    """The import applied (not a foreign key: the record outlives the import)."""
    kind: Mapped[str] = mapped_column(String(16))
    parser_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PrefillOutcome(Base):
    __tablename__ = "prefill_outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("application.id", ondelete="SET NULL"), index=True
    )
    submission_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(40))
    """A scorer field path: `personal.phone`, `experience.title`."""
    kept: Mapped[int] = mapped_column(Integer)
    corrected: Mapped[int] = mapped_column(Integer)
    missed: Mapped[int] = mapped_column(Integer)
    spurious: Mapped[int] = mapped_column(Integer)
    parser_version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    """The CV's language; None when the parser could not tell."""
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[str] = mapped_column(String(10), index=True)
    """`YYYY-MM-DD` (UTC): also what `since` and `until` compare with."""
    week: Mapped[str] = mapped_column(String(8))
    """ISO week, `YYYY-Www`."""
    month: Mapped[str] = mapped_column(String(7))
    """`YYYY-MM`."""
