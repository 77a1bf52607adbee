"""What the imports API returns (the public shape; the row keeps more)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from prefill.pipelines.imports.service import ImportView


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes; every stored instant is UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


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
            created_at=_utc(row.created_at),
            draft=row.draft if row.status == "finished" else None,
            error=ErrorPublic(code=row.error_code, message=row.error_message or "")
            if row.status == "failed" and row.error_code
            else None,
            links=ImportLinks(self=f"{base_path}/{row.id}"),
        )
