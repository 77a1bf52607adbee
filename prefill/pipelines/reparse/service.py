"""Start, dispatch, pause and follow re-parse runs. Keyword-only functions; the caller owns the session
unless a function says otherwise.

A run is planned once (its documents listed and written as `pending` rows), then dispatched: every
pending document without a live job gets one. Dispatching again is how a run resumes, whatever stopped
it (a paused run, a killed command, a restarted Redis): live jobs are looked up in Redis *before* the
pending rows are read, so a document finished in between is never queued again, and one job id per
document means none is ever queued twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from prefill.db import session_scope
from prefill.errors import NotFound, ServiceError
from prefill.instants import as_utc
from prefill.parser import PARSER_VERSION
from prefill.pipelines.reparse.errors import RunBusy, SourceOutsideArchive, SourceUnreadable
from prefill.pipelines.reparse.job import job_id_for, reparse_document, run_job_prefix
from prefill.pipelines.reparse.models import ReparseDocument, ReparseRun
from prefill.pipelines.reparse.source import list_documents, source_kind
from prefill.settings import Settings

JOB_DESCRIPTION = "re-parse an archived document"
"""Shown by RQ tools and logs instead of the call's arguments."""

DISPATCH_DESCRIPTION = "plan and dispatch a re-parse run"

ENQUEUE_BATCH = 1_000
"""Jobs created per Redis round trip when a run is dispatched."""

INSERT_BATCH = 5_000
"""Document rows written per statement when a run is planned."""

DISPATCH_LOCK_SECONDS = 600
"""Longest a dispatch may hold its run's lock (planning a very large archive included)."""

RATE_WINDOW_SECONDS = 60
"""Documents finished within this window give the current rate (and the ETA)."""

LIVE_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED})

# Removes a run's jobs from the queue's list in one step, so no worker pops one half-way through.
_REMOVE_QUEUED = """
local items = redis.call('LRANGE', KEYS[1], 0, -1)
local kept, removed = {}, {}
for _, id in ipairs(items) do
  if string.sub(id, 1, #ARGV[1]) == ARGV[1] then table.insert(removed, id) else table.insert(kept, id) end
end
if #removed > 0 then
  redis.call('DEL', KEYS[1])
  for i = 1, #kept, 5000 do redis.call('RPUSH', KEYS[1], unpack(kept, i, math.min(i + 4999, #kept))) end
end
return removed
"""


def make_queue(redis: Redis, settings: Settings) -> Queue:
    return Queue(settings.reparse_queue_name, connection=redis, serializer=JSONSerializer)


def new_run_id(now: dt.datetime) -> str:
    """Sortable and readable in a report's folder name: `20261126T101500-3f9a1c`."""
    return f"{as_utc(now):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


# -- starting --------------------------------------------------------------------------------------


def archive_source(settings: Settings, relative: str) -> Path:
    """The source a path given to the API names: inside the archive folder, never outside it."""
    root = Path(settings.reparse_root).resolve()
    path = (root / relative).resolve()
    if Path(relative).is_absolute() or not path.is_relative_to(root):
        raise SourceOutsideArchive()
    return path


def start_run(
    *, session: Session, source: Path, created_by: str | None, now: dt.datetime, new: bool = False
) -> tuple[ReparseRun, bool]:
    """The run to work on for `source`: the unfinished one of this parser version (resumed), unless
    `new`, else a new run. Returns it and whether it is resumed."""
    source = source.resolve()
    kind = source_kind(source)
    runs = select(ReparseRun).where(ReparseRun.source == str(source)).order_by(ReparseRun.created_at.desc())
    if not new:
        unfinished = session.scalars(
            runs.where(ReparseRun.parser_version == PARSER_VERSION, ReparseRun.status != "finished")
        ).first()
        if unfinished is not None:
            return unfinished, True
    previous = session.scalars(runs.where(ReparseRun.parser_version != PARSER_VERSION)).first()
    run = ReparseRun(
        id=new_run_id(now),
        source=str(source),
        source_kind=kind,
        parser_version=PARSER_VERSION,
        previous_run_id=previous.id if previous else None,
        status="planning",
        created_by=created_by,
        created_at=now,
    )
    session.add(run)
    return run, False


def get_run(session: Session, run_id: str) -> ReparseRun:
    run = session.get(ReparseRun, run_id)
    if run is None:
        raise NotFound("No such re-parse run.")
    return run


def list_runs(session: Session) -> list[ReparseRun]:
    return list(session.scalars(select(ReparseRun).order_by(ReparseRun.created_at.desc())))


# -- dispatching -----------------------------------------------------------------------------------


def dispatch(*, run_id: str, settings: Settings, redis: Redis) -> int:
    """Plan the run if it is not yet, then queue a job for every pending document without a live one.
    Returns the number of jobs queued. Commits its own transactions."""
    lock = redis.lock(f"prefill:reparse-lock:{run_id}", timeout=DISPATCH_LOCK_SECONDS)
    if not lock.acquire(blocking=False):
        raise RunBusy()
    try:
        try:
            with session_scope(settings.database_url) as session:
                run = get_run(session, run_id)
                if run.total is None:
                    _plan(session, run)
                if run.status not in ("finished", "failed"):
                    run.status = "running"
        except ServiceError as error:
            _record_failure(settings, run_id, error)
            raise
        queue = make_queue(redis, settings)
        live = _live_jobs(redis, _pending_ids(settings, run_id), run_id)
        # Read after the live jobs: a job that ended in between has written its row, so it is not pending.
        missing = [i for i in _pending_ids(settings, run_id) if i not in live]
        _delete_stale_jobs(redis, [job_id_for(run_id, i) for i in missing])
        for start in range(0, len(missing), ENQUEUE_BATCH):
            with redis.pipeline() as pipeline:
                queue.enqueue_many(
                    [_job_data(settings, run_id, i) for i in missing[start : start + ENQUEUE_BATCH]],
                    pipeline=pipeline,
                )
                pipeline.execute()
        return len(missing)
    finally:
        lock.release()


def dispatch_job(run_id: str) -> None:
    """`dispatch` as an RQ job, for runs started through the API (planning can take a while)."""
    from prefill.redis_connection import connect
    from prefill.settings import get_settings

    settings = get_settings()
    dispatch(run_id=run_id, settings=settings, redis=connect(settings))


def enqueue_dispatch(*, queue: Queue, settings: Settings, run_id: str) -> None:
    """Queue the run's dispatch ahead of other runs' documents; called once the run row is committed."""
    queue.enqueue(
        dispatch_job,
        run_id,
        job_id=f"reparse-dispatch-{run_id}",
        description=DISPATCH_DESCRIPTION,
        job_timeout=DISPATCH_LOCK_SECONDS,
        result_ttl=0,
        failure_ttl=settings.failure_ttl_seconds,
        at_front=True,
    )


def _plan(session: Session, run: ReparseRun) -> None:
    source = Path(run.source)
    source_kind(source)  # still there, still the same kind of source
    try:
        documents = list_documents(source, run.source_kind)
    except OSError:
        raise SourceUnreadable() from None
    rows = [{"run_id": run.id, "key": d.key, "locator": d.locator, "status": "pending"} for d in documents]
    for start in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(ReparseDocument), rows[start : start + INSERT_BATCH])
    run.total = len(rows)


def _record_failure(settings: Settings, run_id: str, error: ServiceError) -> None:
    """A source that cannot be listed any more (moved, unreadable) fails the run, with its code."""
    with session_scope(settings.database_url) as session:
        run = session.get(ReparseRun, run_id)
        if run is not None and run.total is None:
            run.status, run.error_code, run.error_message = "failed", error.code, str(error)


def _pending_ids(settings: Settings, run_id: str) -> list[int]:
    with session_scope(settings.database_url) as session:
        return list(
            session.scalars(
                select(ReparseDocument.id)
                .where(ReparseDocument.run_id == run_id, ReparseDocument.status == "pending")
                .order_by(ReparseDocument.id)
            )
        )


def _live_jobs(redis: Redis, document_ids: list[int], run_id: str) -> set[int]:
    """The documents whose job is waiting or running."""
    with redis.pipeline(transaction=False) as pipeline:
        for document_id in document_ids:
            pipeline.hget(Job.key_for(job_id_for(run_id, document_id)), "status")
        statuses = pipeline.execute()
    return {
        document_id
        for document_id, status in zip(document_ids, statuses, strict=True)
        if status is not None and status.decode() in LIVE_STATUSES
    }


def _delete_stale_jobs(redis: Redis, job_ids: list[str]) -> None:
    """Remove what is left of jobs that ended without recording their document (a worker killed with
    its work-horse, a failure record), so their ids can be queued again cleanly."""
    for job in Job.fetch_many(job_ids, connection=redis, serializer=JSONSerializer):
        if job is not None:
            job.delete()


def _job_data(settings: Settings, run_id: str, document_id: int):
    return Queue.prepare_data(
        reparse_document,
        args=[run_id, document_id],
        job_id=job_id_for(run_id, document_id),
        description=JOB_DESCRIPTION,
        timeout=settings.job_timeout_seconds,
        result_ttl=0,
        failure_ttl=settings.failure_ttl_seconds,
    )


def pause(*, run_id: str, settings: Settings, redis: Redis) -> int:
    """Stop feeding the run to the workers: its waiting jobs leave the queue (running ones finish).
    Returns how many were taken off. Commits its own transaction."""
    with session_scope(settings.database_url) as session:
        run = get_run(session, run_id)
        if run.status != "finished":
            run.status = "paused"
    removed = redis.eval(_REMOVE_QUEUED, 1, make_queue(redis, settings).key, run_job_prefix(run_id))
    with redis.pipeline(transaction=False) as pipeline:
        for job_id in removed:
            pipeline.delete(Job.key_for(job_id.decode()))
        pipeline.execute()
    return len(removed)


# -- following -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    status: str
    total: int | None
    parsed: int
    failed: int
    rate: float | None
    """Documents per second: over the last `RATE_WINDOW_SECONDS` while running, over the whole run once
    finished; None before any."""

    @property
    def done(self) -> int:
        return self.parsed + self.failed

    @property
    def pending(self) -> int | None:
        return None if self.total is None else self.total - self.done

    @property
    def eta_seconds(self) -> float | None:
        if self.pending is None or not self.rate or self.status != "running":
            return None
        return self.pending / self.rate


def progress(*, session: Session, run: ReparseRun, now: dt.datetime) -> Progress:
    """Counts of the run's documents; marks the run finished when none is pending any more."""
    counts = dict(
        session.execute(
            select(ReparseDocument.status, func.count())
            .where(ReparseDocument.run_id == run.id)
            .group_by(ReparseDocument.status)
        ).all()
    )
    if run.total is not None and not counts.get("pending") and run.status not in ("finished", "failed"):
        latest = session.scalar(
            select(func.max(ReparseDocument.finished_at)).where(ReparseDocument.run_id == run.id)
        )
        run.status, run.finished_at = "finished", as_utc(latest) if latest else now
    done = counts.get("parsed", 0) + counts.get("failed", 0)
    if run.status == "finished":  # the whole run's rate, not a window's that decays once it is over
        elapsed = (as_utc(run.finished_at or now) - as_utc(run.created_at)).total_seconds()
        rate = done / elapsed if done and elapsed > 0 else None
    else:
        rate = _recent_rate(session, run, now=now)
    return Progress(run.status, run.total, counts.get("parsed", 0), counts.get("failed", 0), rate)


def _recent_rate(session: Session, run: ReparseRun, *, now: dt.datetime) -> float | None:
    """Documents finished per second over the last `RATE_WINDOW_SECONDS`; None when none was."""
    count, first = session.execute(
        select(func.count(), func.min(ReparseDocument.finished_at)).where(
            ReparseDocument.run_id == run.id,
            ReparseDocument.finished_at >= now - dt.timedelta(seconds=RATE_WINDOW_SECONDS),
        )
    ).one()
    return count / max((now - as_utc(first)).total_seconds(), 1.0) if count else None


# -- the report ------------------------------------------------------------------------------------


def report_lines(*, session: Session, run: ReparseRun) -> Iterator[dict[str, Any]]:
    """One JSON object per document of the run, in key order (the report's JSON Lines)."""
    previous = session.get(ReparseRun, run.previous_run_id) if run.previous_run_id else None
    rows = session.scalars(
        select(ReparseDocument).where(ReparseDocument.run_id == run.id).order_by(ReparseDocument.id)
    ).yield_per(500)
    for row in rows:
        yield {
            "key": row.key,
            "status": row.status,
            "sha256": row.sha256,
            "kind": row.kind,
            "language": row.language,
            "parser_version": run.parser_version,
            "seconds": row.seconds,
            "error": {"code": row.error_code, "message": row.error_message} if row.error_code else None,
            "previous": _previous_json(previous) if row.changes is not None else None,
            "changes": row.changes,
            "draft": row.draft,
        }


def _previous_json(previous: ReparseRun | None) -> dict[str, str] | None:
    return None if previous is None else {"run_id": previous.id, "parser_version": previous.parser_version}


def summary(*, session: Session, run: ReparseRun, now: dt.datetime) -> dict[str, Any]:
    """The run's counts: documents by outcome, failures by code, and what changed since the previous
    parser version (documents and fields)."""
    state = progress(session=session, run=run, now=now)
    failures: Counter[str] = Counter()
    fields_changed: Counter[str] = Counter()
    compared = changed = 0
    rows = session.execute(
        select(ReparseDocument.status, ReparseDocument.error_code, ReparseDocument.changes).where(
            ReparseDocument.run_id == run.id, ReparseDocument.status != "pending"
        )
    ).yield_per(1000)
    for status, error_code, changes in rows:
        if status == "failed":
            failures[error_code] += 1
        elif changes is not None:
            compared += 1
            changed += bool(changes)
            fields_changed.update({_field_path(change["path"]) for change in changes})
    previous = session.get(ReparseRun, run.previous_run_id) if run.previous_run_id else None
    elapsed = ((run.finished_at and as_utc(run.finished_at)) or now) - as_utc(run.created_at)
    return {
        "run_id": run.id,
        "source": run.source,
        "parser_version": run.parser_version,
        "previous_run": _previous_json(previous),
        "status": state.status,
        "documents": state.total,
        "parsed": state.parsed,
        "failed": state.failed,
        "pending": state.pending,
        "failures": dict(failures.most_common()),
        "compared_with_previous": compared,
        "changed": changed,
        "unchanged": compared - changed,
        "fields_changed": dict(fields_changed.most_common()),
        "created_at": as_utc(run.created_at).isoformat(),
        "finished_at": as_utc(run.finished_at).isoformat() if run.finished_at else None,
        "elapsed_seconds": round(elapsed.total_seconds(), 1),
    }


def _field_path(where: str) -> str:
    """`experience[2].title` -> `experience.title`."""
    section, _, rest = where.partition("[")
    return f"{section}{rest.partition(']')[2]}" if rest else where
