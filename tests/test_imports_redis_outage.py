"""Redis going away mid-run: the API answers 503 at once, never hangs, and API and worker recover by
themselves when it comes back. Runs on a private Redis it can stop, whatever Redis the session uses."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

pytest.register_assert_rewrite("service_harness")  # its helpers assert too; before its first import

from service_harness import SAMPLES, Database, Service, long_cv_pdf, running_service, wait_for  # noqa: E402

from prefill.embedded_redis import EmbeddedRedis  # noqa: E402

pytest_plugins = ["service_harness"]  # its fixtures: the databases

FAST_SECONDS = 2.0
"""The longest a request may take to say the queue is unavailable."""

RECOVERY_SECONDS = 10.0
"""How long the API may take to see Redis again (its client reconnects on the next command)."""

JOB_SECONDS = 30.0
"""How long a 19-page PDF may take to parse on 2 busy cores."""

OUTAGE_SECONDS = 2.0
"""How long Redis stays away after the job, with the worker's bookkeeping and dequeue meeting it."""


@pytest.fixture
def outage(database: Database, service_temp_dir, tmp_path) -> Iterator[tuple[Service, EmbeddedRedis]]:
    """A service on a Redis of its own, and that Redis."""
    database.clear()
    redis_server = EmbeddedRedis()
    try:
        with running_service(
            database=database, redis_url=redis_server.url, directory=tmp_path, temp_dir=service_temp_dir
        ) as service:
            yield service, redis_server
    finally:
        redis_server.stop()


def _timed(request) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def test_redis_outage_gives_503_at_once_and_the_service_recovers_by_itself(outage):
    service, redis_server = outage
    before = service.parse(SAMPLES["docx"].data, "cv.docx")
    assert before["status"] == "finished"

    redis_server.halt()
    health, elapsed = _timed(lambda: service.api.get("/v1/health"))
    assert health.status_code == 503
    assert health.json()["error"]["code"] == "queue_unavailable"
    assert health.json()["redis"] == "unreachable"
    assert elapsed < FAST_SECONDS, elapsed
    upload, elapsed = _timed(lambda: service.upload(SAMPLES["pdf"].data, "cv.pdf"))
    assert upload.status_code == 503
    assert upload.json()["error"]["code"] == "queue_unavailable"
    assert elapsed < FAST_SECONDS, elapsed
    # A finished import is read from the database alone.
    assert service.api.get(f"/v1/imports/{before['id']}").json()["status"] == "finished"

    redis_server.start()  # empty: Redis lost everything, as a restart without persistence does
    wait_for(
        lambda: service.api.get("/v1/health").status_code == 200,
        timeout=RECOVERY_SECONDS,
        what="the API to see Redis again",
    )
    after = service.parse(SAMPLES["linkedin_pdf"].data, "profile.pdf")
    assert after["status"] == "finished"
    report = service.api.get("/v1/health").json()
    assert report["redis"] == "ok"
    assert report["workers"] >= 1


def test_redis_going_away_while_a_job_runs_leaves_the_worker_running(outage):
    """Regression: RQ stopped the worker when its bookkeeping after the horse found Redis gone."""
    service, redis_server = outage
    worker_pid = service.worker.process.pid
    response = service.upload(long_cv_pdf(pages=service.settings.max_pages - 1, heading_lines=["Ada Outage"]))
    assert response.status_code == 202, response.text
    wait_for(service.worker.horse, timeout=RECOVERY_SECONDS, what="the job's horse")
    redis_server.halt()
    wait_for(lambda: service.worker.horse() is None, timeout=JOB_SECONDS, what="the horse to end")
    time.sleep(OUTAGE_SECONDS)  # the worker meets the outage after the job, and waits it out
    assert service.worker.process.poll() is None

    redis_server.start()
    after = service.parse(SAMPLES["docx"].data, "after.docx")
    assert after["status"] == "finished"
    assert service.worker.process.pid == worker_pid
