"""Database engine and sessions (SQLite by default, PostgreSQL in production) and schema migration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@cache
def _engine(url: str, pid: int) -> Engine:
    # One engine per process: a forked work-horse must not share its parent's pooled connections.
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def engine_for(url: str) -> Engine:
    return _engine(url, os.getpid())


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
