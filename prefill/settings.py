"""Settings, from `PREFILL_*` environment variables; every limit has a named default here."""

from __future__ import annotations

from functools import cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from prefill.parser import limits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PREFILL_", extra="ignore")

    database_url: str = "sqlite:///./prefill.db"
    """SQLAlchemy URL; PostgreSQL in production (`postgresql+psycopg://...`)."""
    redis_url: str | None = None
    """Redis for the queue; `prefill serve` starts a private one when unset."""
    queue_name: str = "prefill-imports"

    max_upload_bytes: int = limits.MAX_FILE_BYTES
    """Largest upload accepted; refused with 413 while streaming, before the body is read."""
    max_pages: int = limits.MAX_PAGES
    upload_ttl_seconds: int = 15 * 60
    """An upload not picked up by a worker within this time expires (the queue is stuck or lost)."""
    job_timeout_seconds: int = 60
    """A parse running longer is killed and its import fails with `parse_timeout`."""
    failure_ttl_seconds: int = 15 * 60
    """How long RQ keeps a failed job's record (no CV content in it)."""
    redis_timeout_seconds: float = 1.0
    """Connect and read timeout towards Redis: a dead Redis gives a 503 fast, never a hang."""
    sweep_interval_seconds: int = 60
    """How often a worker removes uploads left behind by a crashed work-horse."""

    workers: int = 2
    """Worker processes `prefill serve` starts."""
    host: str = "127.0.0.1"
    port: int = 8000


@cache
def get_settings() -> Settings:
    return Settings()
