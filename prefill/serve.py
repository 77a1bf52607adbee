"""`prefill serve`: the whole service in one command — API, workers, and (with no configuration) a
private Redis and the SQLite database `./prefill.db`."""

from __future__ import annotations

import logging
import signal

import uvicorn

from prefill.api import create_app
from prefill.db import upgrade
from prefill.embedded_redis import EmbeddedRedis
from prefill.settings import Settings
from prefill.worker_pool import spawn_workers, stop_workers

log = logging.getLogger(__name__)

def _exit_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(0)


def serve(settings: Settings) -> int:
    upgrade(settings.database_url)
    embedded = EmbeddedRedis() if settings.redis_url is None else None
    if embedded is not None:
        settings = settings.model_copy(update={"redis_url": embedded.url})
        log.warning("no PREFILL_REDIS_URL: using a private Redis at %s", embedded.url)
    workers = spawn_workers(settings, count=settings.workers, name="serve")
    # uvicorn shuts down on SIGTERM, then sends SIGTERM to itself again with the handler it found
    # installed: make that one end Python cleanly, so the workers and the private Redis stop below.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    finally:
        stop_workers(workers)
        if embedded is not None:
            embedded.stop()
    return 0

