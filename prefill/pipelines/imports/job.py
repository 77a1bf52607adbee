"""The RQ job that parses one upload, and what happens when a job ends any other way.

A job receives only its id: the bytes wait in the upload store and are deleted as soon as the job has
read them, whatever the outcome. The draft goes to the database; the RQ result holds nothing of the CV, and a
failure record holds only a stable code and a message that never quotes the CV.
"""

from __future__ import annotations

import logging

from rq import get_current_job
from rq.timeouts import JobTimeoutException
from sqlalchemy import select

from prefill.db import write_with_retries
from prefill.instants import utcnow
from prefill.models.tables import CvImport
from prefill.parser import PARSER_VERSION, ParseError, parse_bytes
from prefill.pipelines.imports import store
from prefill.settings import get_settings

log = logging.getLogger(__name__)

FINAL_STATUSES = ("finished", "failed")

class ImportFailed(Exception):
    """Raised by the job so RQ records a failure; its text is `code: message`, never CV content."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


UPLOAD_EXPIRED = (
    "upload_expired",
    "The upload expired before a worker could read it. Please upload it again.",
)
PARSE_TIMEOUT = (
    "parse_timeout",
    "Reading this document took too long. Try a smaller file or another format.",
)
INTERNAL_ERROR = ("internal_error", "The document could not be read because of an error on our side.")
WORKER_CRASHED = (
    "worker_crashed",
    "The reader stopped while reading this document. Please try another format.",
)


def parse_upload(job_id: str) -> dict[str, str]:
    """Parse the upload waiting under `job_id`; store the draft with every import of it."""
    settings = get_settings()
    job = get_current_job()
    data = store.take(job.connection, job_id)
    # The bytes are in memory now: delete them from Redis before anything else, so no outcome (nor a
    # client reading the import's final status) can find them there.
    store.discard(job.connection, job_id)
    if data is None:
        _fail(settings.database_url, job_id, *UPLOAD_EXPIRED)
    try:
        draft = parse_bytes(data, max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages)
    except ParseError as error:
        _fail(settings.database_url, job_id, error.code, str(error))
    except JobTimeoutException:
        _fail(settings.database_url, job_id, *PARSE_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - any bug: log its type only, never the CV
        log.error("import job %s failed: %s", job_id, type(error).__name__)
        _fail(settings.database_url, job_id, *INTERNAL_ERROR)
    record_draft(settings.database_url, job_id, draft.model_dump(mode="json"))
    return {"status": "finished"}


def _fail(database_url: str, job_id: str, code: str, message: str) -> None:
    record_failure(database_url, job_id, code, message)
    raise ImportFailed(code, message) from None


def record_draft(database_url: str, job_id: str, draft: dict) -> None:
    def write(session) -> None:
        for row in _pending(session, job_id):
            row.draft = {**draft, "source": {**draft["source"], "filename": row.filename}}
            row.status, row.parser_version, row.finished_at = "finished", PARSER_VERSION, utcnow()

    write_with_retries(database_url, write)


def record_failure(database_url: str, job_id: str, code: str, message: str) -> None:
    def write(session) -> None:
        for row in _pending(session, job_id):
            row.status, row.error_code, row.error_message, row.finished_at = "failed", code, message, utcnow()

    write_with_retries(database_url, write)


def on_work_horse_killed(job, _pid, _status, _rusage) -> None:
    """Runs in the worker when its work-horse died mid-job (out of memory, a crash, SIGKILL)."""
    settings = get_settings()
    store.discard(job.connection, job.id)
    record_failure(settings.database_url, job.id, *WORKER_CRASHED)


def _pending(session, job_id: str) -> list[CvImport]:
    return list(
        session.scalars(
            select(CvImport).where(CvImport.job_id == job_id, CvImport.status.not_in(FINAL_STATUSES))
        )
    )

