"""`prefill serve`: the whole service in one command — API, workers, and (with no configuration) a
private Redis and the SQLite database `./prefill.db`."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import uvicorn

from prefill.api import create_app
from prefill.db import upgrade
from prefill.embedded_redis import EmbeddedRedis
from prefill.settings import Settings

log = logging.getLogger(__name__)

WORKER_STOP_TIMEOUT_SECONDS = 10.0
"""How long workers get to finish their current job when the service stops."""


def _exit_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(0)


def serve(settings: Settings) -> int:
    upgrade(settings.database_url)
    embedded = EmbeddedRedis() if settings.redis_url is None else None
    if embedded is not None:
        settings = settings.model_copy(update={"redis_url": embedded.url})
        log.warning("no PREFILL_REDIS_URL: using a private Redis at %s", embedded.url)
    environment = {
        **os.environ,
        "PREFILL_REDIS_URL": settings.redis_url,
        "PREFILL_DATABASE_URL": settings.database_url,
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "prefill.cli", "worker", "--name", f"serve-{os.getpid()}-{n}"],
            env=environment,
        )
        for n in range(settings.workers)
    ]
    # uvicorn shuts down on SIGTERM, then sends SIGTERM to itself again with the handler it found
    # installed: make that one end Python cleanly, so the workers and the private Redis stop below.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)  # RQ's warm shutdown: the current job finishes
        for worker in workers:
            try:
                worker.wait(timeout=WORKER_STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
        if embedded is not None:
            embedded.stop()
    return 0
