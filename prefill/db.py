"""Database engine and sessions (SQLite by default, PostgreSQL in production) and schema migration."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

TRANSIENT_RETRIES = 3
"""Retries of a job's database write that failed for a transient reason; a parse is never re-run."""

TRANSIENT_BACKOFF_SECONDS = 0.5
"""Wait before the first retry; the n-th retry waits n times as long."""


_ENGINES: dict[str, Engine] = {}
"""One engine per database URL in this process (and its forked work-horses)."""


def engine_for(url: str) -> Engine:
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _forget_inherited_connections() -> None:
    # A forked work-horse must not use its parent's pooled connections (nor close them: they are the
    # parent's). It keeps the engines, with the statements they compiled, and opens its own connections.
    for engine in _ENGINES.values():
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits once at the end, or rolls back on error."""
    session = sessionmaker(engine_for(url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def write_with_retries(url: str, write: Callable[[Session], None]) -> None:
    """Run `write` in its own transaction; a database briefly away (a restart, a lock) is transient, so
    retry a few times, then raise."""
    for attempt in range(TRANSIENT_RETRIES + 1):
        try:
            with session_scope(url) as session:
                write(session)
            return
        except OperationalError:
            if attempt == TRANSIENT_RETRIES:
                raise
            time.sleep(TRANSIENT_BACKOFF_SECONDS * (attempt + 1))


def ping(url: str) -> None:
    with engine_for(url).connect() as connection:
        connection.execute(text("SELECT 1"))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database schema to the latest migration (creates it from scratch when empty)."""
    command.upgrade(alembic_config(url), "head")
    if url.startswith("sqlite"):
        # API and workers write the same file; WAL is a property of the file, set once here rather
        # than on every connection a work-horse opens.
        with engine_for(url).connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
