"""The RQ job that re-parses one document of a run, and what happens when its work-horse dies.

A job receives its run and document ids; it reads the document from the run's source, parses it, and
writes the outcome to the document's row with a conditional UPDATE (`pending` -> `parsed | failed`), so
a document is recorded once whatever happens around it. No CV content goes to the RQ result or to a
failure record; a failure is a stable code and a message that never quotes the document.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path, PurePosixPath
from typing import Any

from rq.timeouts import JobTimeoutException
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from prefill.db import session_scope, write_with_retries
from prefill.instants import utcnow
from prefill.parser import ParseError, parse_bytes
from prefill.pipelines.imports.job import INTERNAL_ERROR, PARSE_TIMEOUT, WORKER_CRASHED
from prefill.pipelines.reparse import diff
from prefill.pipelines.reparse.models import ReparseDocument, ReparseRun
from prefill.pipelines.reparse.source import DocumentRef, read_document
from prefill.settings import get_settings

log = logging.getLogger(__name__)

JOB_PREFIX = "reparse-"

SOURCE_UNREADABLE = (
    "source_unreadable",
    "The document could not be read from the source (moved, deleted or not readable).",
)


def job_id_for(run_id: str, document_id: int) -> str:
    """One job id per document of a run: a resumed run never queues a document twice."""
    return f"{JOB_PREFIX}{run_id}-{document_id}"


def run_job_prefix(run_id: str) -> str:
    return f"{JOB_PREFIX}{run_id}-"


def reparse_document(run_id: str, document_id: int) -> None:
    """Parse one pending document of a run and record its draft (or failure) and its changes."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        found = session.execute(
            select(ReparseDocument, ReparseRun.source, ReparseRun.previous_run_id)
            .join(ReparseRun, ReparseRun.id == ReparseDocument.run_id)
            .where(ReparseDocument.id == document_id, ReparseDocument.run_id == run_id)
        ).first()
    if found is None or found[0].status != "pending":
        return  # recorded already, or the run was deleted
    document, source, previous_run_id = found
    started = time.perf_counter()
    outcome: dict[str, Any] = {"status": "failed"}
    try:
        data = read_document(
            Path(source), DocumentRef(document.key, document.locator), max_bytes=settings.max_upload_bytes
        )
        outcome["sha256"] = hashlib.sha256(data).hexdigest()
        draft = parse_bytes(
            data,
            filename=PurePosixPath(document.key).name,
            max_bytes=settings.max_upload_bytes,
            max_pages=settings.max_pages,
        ).model_dump(mode="json")
    except ParseError as error:
        outcome |= {"error_code": error.code, "error_message": str(error)}
    except OSError:
        outcome |= _error(*SOURCE_UNREADABLE)
    except JobTimeoutException:
        outcome |= _error(*PARSE_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - any bug: log its type only, never the CV
        log.error("re-parse job %s failed: %s", job_id_for(run_id, document_id), type(error).__name__)
        outcome |= _error(*INTERNAL_ERROR)
    else:
        outcome |= {
            "status": "parsed",
            "kind": draft["source"]["kind"],
            "language": draft["source"]["language"],
            "draft": draft,
        }
    outcome["seconds"] = round(time.perf_counter() - started, 4)

    def write(session: Session) -> None:
        if outcome["status"] == "parsed" and previous_run_id is not None:
            before = _previous_draft(session, previous_run_id, document.key, outcome["sha256"])
            outcome["changes"] = None if before is None else diff.changes(before, outcome["draft"])
        _record(session, document_id, outcome)

    write_with_retries(settings.database_url, write)


def _error(code: str, message: str) -> dict[str, str]:
    return {"error_code": code, "error_message": message}


def _previous_draft(session: Session, run_id: str, key: str, sha256: str) -> dict[str, Any] | None:
    """The previous run's draft of the same document: by its path, else by its bytes (it moved)."""
    parsed = select(ReparseDocument.draft).where(
        ReparseDocument.run_id == run_id, ReparseDocument.status == "parsed"
    )
    draft = session.scalars(parsed.where(ReparseDocument.key == key)).first()
    if draft is None:
        draft = session.scalars(parsed.where(ReparseDocument.sha256 == sha256).limit(1)).first()
    return draft


def _record(session: Session, document_id: int, outcome: dict[str, Any]) -> None:
    session.execute(
        update(ReparseDocument)
        .where(ReparseDocument.id == document_id, ReparseDocument.status == "pending")
        .values(**outcome, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def on_work_horse_killed(job, _pid, _status, _rusage) -> None:
    """Runs in the worker when the work-horse died on a document (out of memory, a crash, SIGKILL): the
    document fails with a code, and a resumed run does not feed it to a worker again."""
    _run_id, document_id = job.args
    failed = {"status": "failed", **_error(*WORKER_CRASHED)}
    write_with_retries(get_settings().database_url, lambda session: _record(session, document_id, failed))
