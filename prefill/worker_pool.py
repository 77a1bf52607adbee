"""Local `prefill worker` processes, for the commands that bring their own (`serve`, `reparse`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from prefill.settings import Settings

WORKER_STOP_TIMEOUT_SECONDS = 10.0
"""How long workers get to finish their current job when the command stops."""


def spawn_workers(settings: Settings, *, count: int, name: str) -> list[subprocess.Popen]:
    """`prefill worker` processes on the settings' Redis and database, named `<name>-<pid>-<n>`."""
    environment = {
        **os.environ,
        "PREFILL_REDIS_URL": settings.redis_url,
        "PREFILL_DATABASE_URL": settings.database_url,
    }
    return [
        subprocess.Popen(
            [sys.executable, "-m", "prefill.cli", "worker", "--name", f"{name}-{os.getpid()}-{n}"],
            env=environment,
        )
        for n in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)  # RQ's warm shutdown: the current job finishes
    for worker in workers:
        try:
            worker.wait(timeout=WORKER_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
