"""What the re-parse API takes and returns (HR only)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from prefill.instants import as_utc
from prefill.pipelines.imports.schemas import ErrorPublic
from prefill.pipelines.reparse.models import ReparseRun
from prefill.pipelines.reparse.service import Progress


class RunCreate(BaseModel):
    source: str = Field(min_length=1, max_length=1024)
    """A folder or ZIP archive inside the archive folder (`PREFILL_REPARSE_ROOT`), as a relative path."""
    new: bool = False
    """Start a new run even when an unfinished one over this source can be resumed."""


class RunLinks(BaseModel):
    self: str
    report: str
    pause: str
    resume: str


class RunPublic(BaseModel):
    id: str
    source: str
    source_kind: Literal["folder", "zip"]
    parser_version: str
    previous_run_id: str | None
    """The run of another parser version the documents' changes are measured against."""
    status: Literal["planning", "running", "paused", "finished", "failed"]
    error: ErrorPublic | None = None
    """Why a `failed` run could not list its source."""
    resumed: bool = False
    """Answer to a start: an unfinished run over the same source was resumed instead of a new one."""
    total: int | None
    """Documents in the run; None while it is being planned."""
    parsed: int
    failed: int
    pending: int | None
    rate: float | None
    """Documents per second: over the last minute while the run goes on, over the whole run once finished."""
    eta_seconds: float | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    summary: dict[str, Any] | None = None
    """Once finished: failures by code, documents and fields changed since the previous parser version."""
    links: RunLinks

    @classmethod
    def of(
        cls,
        run: ReparseRun,
        state: Progress,
        *,
        base_path: str,
        resumed: bool = False,
        summary: dict[str, Any] | None = None,
    ) -> RunPublic:
        own = f"{base_path}/{run.id}"
        return cls(
            id=run.id,
            source=run.source,
            source_kind=run.source_kind,
            parser_version=run.parser_version,
            previous_run_id=run.previous_run_id,
            status=state.status,
            error=ErrorPublic(code=run.error_code, message=run.error_message or "")
            if run.error_code
            else None,
            resumed=resumed,
            total=state.total,
            parsed=state.parsed,
            failed=state.failed,
            pending=state.pending,
            rate=round(state.rate, 2) if state.rate else None,
            eta_seconds=round(state.eta_seconds, 1) if state.eta_seconds is not None else None,
            created_at=as_utc(run.created_at),
            finished_at=as_utc(run.finished_at) if run.finished_at else None,
            summary=summary,
            links=RunLinks(self=own, report=f"{own}/report", pause=f"{own}/pause", resume=f"{own}/resume"),
        )
