"""FastAPI dependencies as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from rq import Queue
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from prefill.db import engine_for
from prefill.errors import DatabaseUnavailable
from prefill.settings import Settings

# Dependencies that do no I/O are `async`: FastAPI runs a sync one in its thread pool, and each such hop
# costs a request a few hundred microseconds.


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_queue(request: Request) -> Queue:
    return request.app.state.queue


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; a route commits once, and anything uncommitted is rolled back.

    Opening a session does no I/O (it connects on first use), so only its end goes to the thread pool.
    """
    session = sessionmaker(engine_for(request.app.state.settings.database_url), expire_on_commit=False)()
    try:
        yield session
    except BaseException as error:
        await run_in_threadpool(_end, session, commit=False)
        if isinstance(error, OperationalError):
            raise DatabaseUnavailable() from None
        raise
    try:
        await run_in_threadpool(_end, session, commit=True)
    except OperationalError:
        raise DatabaseUnavailable() from None


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
QueueDep = Annotated[Queue, Depends(get_queue)]
# Committed before the response is sent (FastAPI's default, "request", commits after): a client that
# got its 204 or 202 never reads the state from before the change.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
