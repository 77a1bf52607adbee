"""Re-parse tables: one `reparse_run` per run over a source, one `reparse_document` per document in it.

The document rows are written when the run is planned, all `pending`; a job turns its row into `parsed`
or `failed` with a conditional UPDATE, so progress, resume and the report's counts all come from these
rows. A run proposes: its drafts live here and in its report, never in a candidate's profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base
from prefill.workflow.accounts import models as _accounts  # noqa: F401  (`created_by` refers to its table)


class ReparseRun(Base):
    __tablename__ = "reparse_run"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(1024), index=True)
    """The folder or ZIP archive, as an absolute path (workers read the documents from it)."""
    source_kind: Mapped[str] = mapped_column(String(8))
    """folder | zip"""
    parser_version: Mapped[str] = mapped_column(String(32))
    previous_run_id: Mapped[str | None] = mapped_column(ForeignKey("reparse_run.id", ondelete="SET NULL"))
    """The latest earlier run over the same source with another parser version: what diffs compare with."""
    status: Mapped[str] = mapped_column(String(16), default="planning")
    """planning | running | paused | finished | failed (its source could not be listed)"""
    total: Mapped[int | None] = mapped_column(Integer)
    """Documents in the run; None until it is planned."""
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(500))
    """Why the source could not be listed, when the run `failed`."""
    created_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    """The HR user who started it through the API; None from the command line."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ReparseDocument(Base):
    __tablename__ = "reparse_document"
    __table_args__ = (
        UniqueConstraint("run_id", "key", name="uq_reparse_document_key"),
        Index("ix_reparse_document_run_status", "run_id", "status"),
        Index("ix_reparse_document_run_finished", "run_id", "finished_at"),  # the progress' current rate
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("reparse_run.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(1024))
    """The document's path inside the source (POSIX separators)."""
    locator: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Where a ZIP member's bytes are (offset, sizes, method), so a job reads it without listing the
    archive; None for a file of a folder."""
    status: Mapped[str] = mapped_column(String(16), default="pending")
    """pending | parsed | failed"""
    sha256: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    changes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    """Differences from the previous run's draft of the same document; None when it had none."""
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(500))
    seconds: Mapped[float | None] = mapped_column(Float)
    """Time the parse took."""
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
