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
    reparse_queue_name: str = "prefill-reparse"
    """Queue of batch re-parse jobs; workers take candidates' imports first."""
    reparse_root: str = "./archive"
    """Folder `POST /v1/hr/reparse` reads from: its sources are paths inside it."""
    reparse_report_dir: str = "./reparse-reports"
    """Where `prefill reparse` writes its reports unless told otherwise."""

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

    session_ttl_seconds: int = 12 * 3600
    """A log-in session expires this long after it was opened (absolute, not sliding)."""
    session_cookie_secure: bool = False
    """Mark the session cookie `Secure` (set it when the service is served over HTTPS)."""
    login_failures_per_account: int = 5
    """Failed log-ins on one account within the window before further attempts are refused."""
    login_failures_per_address: int = 20
    """Failed log-ins from one client address within the window before further attempts are refused."""
    login_failure_window_seconds: int = 15 * 60
    """The sliding window over which failed log-ins are counted."""
    password_reset_ttl_seconds: int = 30 * 60
    """A password-reset token mailed to the account works this long, once."""
    password_hash_time_cost: int = 3
    """argon2id passes; changing a cost parameter rehashes each password at its next log-in."""
    password_hash_memory_kib: int = 64 * 1024
    """argon2id memory per hash, in KiB."""
    password_hash_parallelism: int = 4
    """argon2id lanes."""

    smtp_url: str | None = None
    """`smtp://[user:pass@]host:port` or `smtp+starttls://...`; unset: mails go to the `outbox` table."""
    smtp_timeout_seconds: float = 10.0
    """Connect and command timeout towards the SMTP server."""
    smtp_ca_file: str | None = None
    """CA bundle that signs the SMTP server's certificate for STARTTLS (default: the system's)."""
    mail_from: str = "Prefill <no-reply@localhost>"
    """Sender of every mail."""

    public_base_url: str | None = None
    """Base URL candidates reach the service at (links in the vacancy feed); the request's own when unset."""
    demo_vacancies_on_first_start: bool = True
    """`prefill serve` loads the demo vacancies when the database has none; set to false in production."""

    workers: int = 2
    """Worker processes `prefill serve` starts."""
    host: str = "127.0.0.1"
    port: int = 8000


@cache
def get_settings() -> Settings:
    return Settings()
