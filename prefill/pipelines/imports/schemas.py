"""What the imports API returns (the public shape; the row keeps more)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from prefill.instants import as_utc
from prefill.pipelines.imports.service import ImportView


class ErrorPublic(BaseModel):
    code: str
    message: str


class ImportLinks(BaseModel):
    self: str


class ImportPublic(BaseModel):
    id: str
    status: Literal["queued", "started", "finished", "failed"]
    position: int | None = None
    """Place in the queue (1 = next) while queued."""
    filename: str | None
    created_at: dt.datetime | None
    draft: dict[str, Any] | None = None
    """The draft profile (DESIGN §3) once finished."""
    error: ErrorPublic | None = None
    links: ImportLinks

    @classmethod
    def of(cls, view: ImportView, *, base_path: str) -> ImportPublic:
        row = view.row
        return cls(
            id=row.id,
            status=view.status,
            position=view.position,
            filename=row.filename,
            created_at=as_utc(row.created_at) if row.created_at else None,
            draft=row.draft if row.status == "finished" else None,
            error=ErrorPublic(code=row.error_code, message=row.error_message or "")
            if row.status == "failed" and row.error_code
            else None,
            links=ImportLinks(self=f"{base_path}/{row.id}"),
        )
