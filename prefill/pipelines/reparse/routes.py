"""`/v1/hr/reparse`: start, follow, pause and resume re-parse runs over the archive folder, and read
their reports. HR only."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, status
from fastapi.responses import StreamingResponse
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from prefill.db import session_scope
from prefill.deps import QueueDep, SessionDep, SettingsDep
from prefill.errors import QueueUnavailable
from prefill.instants import utcnow
from prefill.pipelines.reparse import service
from prefill.pipelines.reparse.models import ReparseRun
from prefill.pipelines.reparse.schemas import RunCreate, RunPublic
from prefill.settings import Settings
from prefill.workflow.accounts.deps import HrUser

BASE_PATH = "/v1/hr/reparse"
router = APIRouter(prefix=BASE_PATH, tags=["hr"])


def _public(session: Session, run: ReparseRun, *, resumed: bool = False) -> RunPublic:
    now = utcnow()
    state = service.progress(session=session, run=run, now=now)
    summary = service.summary(session=session, run=run, now=now) if state.status == "finished" else None
    return RunPublic.of(run, state, base_path=BASE_PATH, resumed=resumed, summary=summary)


def _dispatch_later(queue, settings: Settings, run_id: str) -> None:
    try:
        service.enqueue_dispatch(
            queue=service.make_queue(queue.connection, settings), settings=settings, run_id=run_id
        )
    except RedisError:
        raise QueueUnavailable() from None


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=RunPublic)
def start_run(
    data: RunCreate, session: SessionDep, queue: QueueDep, settings: SettingsDep, user: HrUser
) -> RunPublic:
    """Re-parse a folder or ZIP archive of the archive folder; resumes its unfinished run unless `new`."""
    run, resumed = service.start_run(
        session=session,
        source=service.archive_source(settings, data.source),
        created_by=user.id,
        now=utcnow(),
        new=data.new,
    )
    session.commit()  # the dispatch job runs only once its run is recorded
    _dispatch_later(queue, settings, run.id)
    return _public(session, run, resumed=resumed)


@router.get("", response_model=list[RunPublic])
def list_runs(session: SessionDep, _user: HrUser) -> list[RunPublic]:
    return [_public(session, run) for run in service.list_runs(session)]


@router.get("/{run_id}", response_model=RunPublic)
def read_run(run_id: str, session: SessionDep, _user: HrUser) -> RunPublic:
    """Progress (counts, rate, ETA); once finished, the summary of changes since the previous version."""
    return _public(session, service.get_run(session, run_id))


@router.post("/{run_id}/pause", response_model=RunPublic)
def pause_run(
    run_id: str, session: SessionDep, queue: QueueDep, settings: SettingsDep, _user: HrUser
) -> RunPublic:
    """Take the run's waiting documents off the queue (those being parsed finish); `resume` goes on."""
    service.get_run(session, run_id)
    try:
        service.pause(run_id=run_id, settings=settings, redis=queue.connection)
    except RedisError:
        raise QueueUnavailable() from None
    session.expire_all()
    return _public(session, service.get_run(session, run_id))


@router.post("/{run_id}/resume", status_code=status.HTTP_202_ACCEPTED, response_model=RunPublic)
def resume_run(
    run_id: str, session: SessionDep, queue: QueueDep, settings: SettingsDep, _user: HrUser
) -> RunPublic:
    """Queue every document not yet parsed (nothing is parsed twice, nothing skipped)."""
    run = service.get_run(session, run_id)
    _dispatch_later(queue, settings, run.id)
    return _public(session, run, resumed=True)


@router.get("/{run_id}/report", response_class=StreamingResponse)
def read_report(run_id: str, session: SessionDep, settings: SettingsDep, _user: HrUser) -> StreamingResponse:
    """The report as JSON Lines: one object per document (draft, failure, changes since the previous run)."""
    service.get_run(session, run_id)
    return StreamingResponse(
        _report(settings.database_url, run_id),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="reparse-{run_id}.jsonl"'},
    )


def _report(database_url: str, run_id: str) -> Iterator[str]:
    # Its own session: the request's closes when the route returns, before the body is streamed.
    with session_scope(database_url) as session:
        run = service.get_run(session, run_id)
        for line in service.report_lines(session=session, run=run):
            yield json.dumps(line, ensure_ascii=False) + "\n"
