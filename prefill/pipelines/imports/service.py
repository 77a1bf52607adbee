"""Submit, follow and delete CV imports. Keyword-only functions; the caller owns the session."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from prefill.errors import NotFound, QueueUnavailable
from prefill.models.tables import CvImport
from prefill.parser import PARSER_VERSION
from prefill.parser.sniff import sniff
from prefill.pipelines.imports import store
from prefill.pipelines.imports.job import FINAL_STATUSES, parse_upload, record_failure
from prefill.settings import Settings

JOB_DESCRIPTION = "parse a CV upload"
"""Shown by RQ tools and logs instead of the call's arguments."""

JOB_LOST = ("job_lost", "The import was lost (the queue was reset). Please upload the CV again.")


def make_queue(redis: Redis, settings: Settings) -> Queue:
    return Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)


def job_id_for(data: bytes) -> str:
    """The same bytes give the same job: a double submit is parsed once."""
    digest = hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()
    return f"import-{digest[:40]}"


@dataclass(slots=True)
class ImportView:
    """An import as its owner sees it: the row, plus the queue position while it waits."""

    row: CvImport
    position: int | None = None
    started: bool = False
    """A worker has the job. Not written to the row: a worker may be writing its final status."""

    @property
    def status(self) -> str:
        return "started" if self.started and self.row.status == "queued" else self.row.status


def submit_import(
    *,
    session: Session,
    queue: Queue,
    settings: Settings,
    data: bytes,
    filename: str | None,
    owner_id: str | None,
) -> tuple[CvImport, bool]:
    """Record an import; returns it and whether a job must be enqueued (after the caller commits).

    Raises the parser's errors for what its bytes alone show (empty, not a CV format, legacy .doc,
    password-protected .docx), so the candidate hears at once.
    """
    sniff(data)
    job_id = job_id_for(data)
    siblings = list(
        session.scalars(
            select(CvImport).where(CvImport.job_id == job_id).order_by(CvImport.created_at.desc())
        )
    )
    if owner_id is not None:
        mine = [row for row in siblings if row.owner_id == owner_id and row.status != "failed"]
        if mine:
            return mine[0], False
    row = CvImport(
        id=secrets.token_urlsafe(24), owner_id=owner_id, job_id=job_id, filename=filename, status="queued"
    )
    finished = next((s for s in siblings if s.status == "finished"), None)
    if finished is not None:
        # Parsed before: copy the draft, parse nothing.
        row.status, row.parser_version, row.finished_at = (
            "finished",
            finished.parser_version,
            finished.finished_at,
        )
        row.draft = {**finished.draft, "source": {**finished.draft["source"], "filename": filename}}
        session.add(row)
        return row, False
    active = any(s.status in ("queued", "started") for s in siblings) and _job_exists(queue, job_id)
    session.add(row)
    return row, not active


def enqueue_import(*, queue: Queue, settings: Settings, row: CvImport, data: bytes) -> None:
    """Store the upload and queue its parse; called once the import row is committed."""
    try:
        if not store.put(queue.connection, row.job_id, data, ttl_seconds=settings.upload_ttl_seconds):
            return  # a double submit: the same bytes already wait, and their job updates this import too
        queue.enqueue(
            parse_upload,
            row.job_id,
            job_id=row.job_id,
            description=JOB_DESCRIPTION,
            job_timeout=settings.job_timeout_seconds,
            result_ttl=0,
            failure_ttl=settings.failure_ttl_seconds,
        )
    except RedisError:
        record_failure(settings.database_url, row.job_id, QueueUnavailable.code, QueueUnavailable.message)
        raise QueueUnavailable() from None


def get_import(*, session: Session, queue: Queue, import_id: str, owner_id: str | None) -> ImportView:
    row = _owned(session, import_id, owner_id)
    if row.status in FINAL_STATUSES:
        return ImportView(row)
    try:
        job = Job.fetch(row.job_id, connection=queue.connection, serializer=JSONSerializer)
        # The status as fetched: reading it again would race the job's end (its record is deleted then).
        status = job.get_status(refresh=False)
        position = job.get_position() if status == JobStatus.QUEUED else None
    except NoSuchJobError:
        status, position = None, None
    except RedisError:
        raise QueueUnavailable() from None
    if status is None:
        # Neither parsed nor waiting: the queue lost it (reset, expired upload after a long outage).
        session.refresh(row)
        if row.status not in FINAL_STATUSES:
            row.status, row.error_code, row.error_message = "failed", *JOB_LOST
        return ImportView(row)
    return ImportView(
        row, position=None if position is None else position + 1, started=status == JobStatus.STARTED
    )


def delete_import(*, session: Session, queue: Queue, import_id: str, owner_id: str | None) -> None:
    """Forget an import; a parse nobody else waits for is cancelled and its upload deleted."""
    row = _owned(session, import_id, owner_id)
    session.delete(row)
    others = session.scalars(select(CvImport.id).where(CvImport.job_id == row.job_id, CvImport.id != row.id))
    if others.first() is None and row.status not in FINAL_STATUSES:
        try:
            store.discard(queue.connection, row.job_id)
            Job.fetch(row.job_id, connection=queue.connection, serializer=JSONSerializer).delete()
        except NoSuchJobError:
            pass
        except RedisError:
            raise QueueUnavailable() from None


def _owned(session: Session, import_id: str, owner_id: str | None) -> CvImport:
    """The import if the caller may see it: its owner, or anyone holding an anonymous import's id."""
    row = session.scalars(
        select(CvImport).where(
            CvImport.id == import_id, (CvImport.owner_id.is_(None)) | (CvImport.owner_id == owner_id)
        )
    ).first()
    if row is None:
        raise NotFound("No such import.")
    return row


def _job_exists(queue: Queue, job_id: str) -> bool:
    try:
        return Job.exists(job_id, connection=queue.connection)
    except RedisError:
        raise QueueUnavailable() from None
