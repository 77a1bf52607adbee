"""The RQ worker side: a work-horse killed mid-job, the sweeper of uploads a crash left behind, and the
spare horse forked ahead of its job."""

from __future__ import annotations

import contextlib
import secrets
import signal
import time

import psutil
import pytest

pytest.register_assert_rewrite("service_harness")  # its helpers assert too; before its first import

from rq import Queue  # noqa: E402
from rq.job import Job, JobStatus  # noqa: E402
from rq.registry import FailedJobRegistry  # noqa: E402
from rq.serializers import JSONSerializer  # noqa: E402
from service_harness import SAMPLES, Service, long_cv_pdf, wait_for  # noqa: E402

from prefill.db import session_scope  # noqa: E402
from prefill.models.tables import CvImport  # noqa: E402
from prefill.pipelines.imports import store  # noqa: E402
from prefill.pipelines.imports.job import parse_upload  # noqa: E402
from prefill.pipelines.imports.service import job_id_for  # noqa: E402
from prefill.spare_horse import SPARE_NAME  # noqa: E402
from prefill.worker import sweep_orphan_uploads  # noqa: E402

pytest_plugins = ["service_harness"]  # its fixtures: the service on each database

KILL_ATTEMPTS = 3
"""Uploads tried before giving up on catching a work-horse alive (it may finish before the kill lands)."""

HORSE_WAIT_SECONDS = 15.0
"""How long the worker may take to fork the work-horse of a queued job."""

INTO_THE_JOB_SECONDS = 0.3
"""Pause after the fork, so the horse is parsing (a 19-page PDF takes about a second) when killed."""

NO_RERUN_SECONDS = 1.5
"""How long a killed job is watched for a re-run that must not come."""


def _upload_and_kill_its_horse(service: Service) -> tuple[dict, str]:
    """Upload a slow document, SIGKILL its work-horse mid-parse; the import once ended, and its job id."""
    person = [f"Candidate {secrets.token_hex(4)}"]  # new bytes, new job, every attempt
    data = long_cv_pdf(pages=service.settings.max_pages - 1, heading_lines=person)
    response = service.upload(data, "long.pdf")
    assert response.status_code == 202, response.text
    horse = wait_for(service.worker.horse, timeout=HORSE_WAIT_SECONDS, what="the work-horse to fork")
    time.sleep(INTO_THE_JOB_SECONDS)
    with contextlib.suppress(psutil.NoSuchProcess):  # already gone: it finished first
        if horse.status() != psutil.STATUS_ZOMBIE:
            horse.send_signal(signal.SIGKILL)
    return service.wait_final(response.json()["id"])[0], job_id_for(data)


def test_work_horse_killed_mid_job_fails_that_import_and_the_worker_goes_on(service: Service):
    worker_pid = service.worker.process.pid
    for _attempt in range(KILL_ATTEMPTS):
        body, job_id = _upload_and_kill_its_horse(service)
        if body["status"] != "finished":  # else the parse ended before the kill landed: try again
            break
    else:
        pytest.fail(f"the work-horse finished before SIGKILL landed, {KILL_ATTEMPTS} times")
    assert body["status"] == "failed"
    assert body["error"]["code"] == "worker_crashed"
    assert body["error"]["message"]

    # Not retried: the job is failed in RQ, not queued again, and was taken from the queue only once.
    time.sleep(NO_RERUN_SECONDS)
    job = Job.fetch(job_id, connection=service.redis, serializer=JSONSerializer)
    assert job.get_status() == JobStatus.FAILED
    assert job_id in FailedJobRegistry(queue=service.queue)
    assert job_id not in service.queue.job_ids
    assert service.worker.job_starts(service.settings.queue_name, job_id) == 1
    assert service.worker.horse() is None
    assert store.stored_job_ids(service.redis) == []  # the killed job's upload is deleted
    assert service.api.get(f"/v1/imports/{body['id']}").json()["status"] == "failed"

    # The same worker process parses the next upload.
    after = service.parse(SAMPLES["docx"].data, "next.docx")
    assert after["status"] == "finished"
    assert service.worker.process.poll() is None
    assert service.worker.process.pid == worker_pid


def _queued_import(service: Service, data: bytes) -> tuple[str, str]:
    """An import row waiting for `data`, recorded as the API does; (import id, job id)."""
    import_id, job_id = secrets.token_urlsafe(24), job_id_for(data)
    with session_scope(service.database.url) as session:
        session.add(CvImport(id=import_id, job_id=job_id, filename="cv.pdf", status="queued"))
    return import_id, job_id


def test_sweeper_removes_an_upload_left_without_its_job_and_fails_its_import(service: Service):
    orphan_id, orphan_job = _queued_import(service, b"%PDF-1.4 left behind " + secrets.token_bytes(16))
    store.put(service.redis, orphan_job, b"left behind", ttl_seconds=60)
    # An upload whose job still waits (on a queue no worker serves) must be left alone.
    idle = Queue(f"{service.settings.queue_name}-idle", connection=service.redis, serializer=JSONSerializer)
    waiting_id, waiting_job = _queued_import(service, b"%PDF-1.4 still waiting " + secrets.token_bytes(16))
    store.put(service.redis, waiting_job, b"still waiting", ttl_seconds=60)
    idle.enqueue(parse_upload, waiting_job, job_id=waiting_job)
    try:
        assert sweep_orphan_uploads(service.redis, service.settings) == 1

        assert store.stored_job_ids(service.redis) == [waiting_job]
        orphan = service.api.get(f"/v1/imports/{orphan_id}").json()
        assert orphan["status"] == "failed"
        assert orphan["error"]["code"] == "worker_crashed"
        assert service.api.get(f"/v1/imports/{waiting_id}").json()["status"] == "queued"
    finally:
        idle.delete(delete_jobs=True)
        store.discard(service.redis, waiting_job)


def test_sweeper_leaves_an_upload_stored_moments_ago_for_its_job_to_be_enqueued(service: Service):
    _, job_id = _queued_import(service, b"%PDF-1.4 just stored " + secrets.token_bytes(16))
    store.put(service.redis, job_id, b"just stored", ttl_seconds=service.settings.upload_ttl_seconds)
    try:
        assert sweep_orphan_uploads(service.redis, service.settings) == 0
        assert job_id in store.stored_job_ids(service.redis)
    finally:
        store.discard(service.redis, job_id)


def _spare(service: Service) -> psutil.Process:
    """The worker's idle spare horse, once it is there."""

    def found() -> psutil.Process | None:
        children = psutil.Process(service.worker.process.pid).children()
        return next((c for c in children if c.name() == SPARE_NAME.decode()), None)

    return wait_for(found, timeout=HORSE_WAIT_SECONDS, what="the spare horse")


def test_a_job_runs_in_the_horse_forked_before_it_arrived_and_a_new_spare_follows(service: Service):
    spare = _spare(service)
    person = [f"Candidate {secrets.token_hex(4)}"]
    response = service.upload(long_cv_pdf(pages=4, heading_lines=person), "long.pdf")
    assert response.status_code == 202, response.text
    horse = wait_for(service.worker.horse, timeout=HORSE_WAIT_SECONDS, what="the job's horse")
    assert horse.pid == spare.pid
    assert service.wait_final(response.json()["id"])[0]["status"] == "finished"
    assert _spare(service).pid != spare.pid


def _dead(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_spare_killed_while_waiting_is_replaced_by_a_fork_and_the_job_still_runs(service: Service):
    spare = _spare(service)
    spare.send_signal(signal.SIGKILL)
    wait_for(lambda: _dead(spare), timeout=5, what="the spare to die")  # a zombie until its worker reaps it
    assert service.parse(SAMPLES["docx"].data, "after-spare.docx")["status"] == "finished"
    assert _spare(service).pid != spare.pid
    assert service.worker.process.poll() is None
