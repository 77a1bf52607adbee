"""FastAPI dependencies as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from rq import Queue
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from prefill.db import engine_for
from prefill.errors import DatabaseUnavailable
from prefill.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_queue(request: Request) -> Queue:
    return request.app.state.queue


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; a route commits once, and anything uncommitted is rolled back."""
    session = sessionmaker(engine_for(request.app.state.settings.database_url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except OperationalError:
        session.rollback()
        raise DatabaseUnavailable() from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
QueueDep = Annotated[Queue, Depends(get_queue)]
# Committed before the response is sent (FastAPI's default, "request", commits after): a client that
# got its 204 or 202 never reads the state from before the change.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
