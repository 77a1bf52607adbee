"""RQ workers for CV imports: load the NLP pipelines once, then fork a work-horse per job.

The pipelines are loaded before the first fork and the garbage collector frozen, so every work-horse
shares the parent's model memory copy-on-write instead of loading its own.
"""

from __future__ import annotations

import gc
import logging

from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from prefill.parser.nlp import load_pipelines
from prefill.pipelines.imports import store
from prefill.pipelines.imports.job import WORKER_CRASHED, on_work_horse_killed, record_failure
from prefill.redis_connection import connect
from prefill.settings import Settings

log = logging.getLogger(__name__)


class ImportWorker(Worker):
    """An RQ worker that also sweeps uploads a crash left behind, on each maintenance round."""

    def __init__(self, *args, settings: Settings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        sweep_orphan_uploads(self.connection, self.settings)


def sweep_orphan_uploads(redis, settings: Settings) -> int:
    """Delete stored uploads whose job is gone or over (a killed worker, a lost job); returns the count."""
    swept = 0
    try:
        for job_id in store.stored_job_ids(redis):
            if not _job_waiting_or_running(redis, job_id):
                store.discard(redis, job_id)
                record_failure(settings.database_url, job_id, *WORKER_CRASHED)
                swept += 1
    except RedisError:
        log.warning("upload sweep skipped: Redis unreachable")
    return swept


def _job_waiting_or_running(redis, job_id: str) -> bool:
    try:
        status = Job.fetch(job_id, connection=redis, serializer=JSONSerializer).get_status()
    except NoSuchJobError:
        return False
    return status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def run_worker(settings: Settings, *, burst: bool = False, name: str | None = None) -> bool:
    """Work the imports queue until stopped (or, with `burst`, until it is empty)."""
    load_pipelines()
    gc.collect()
    gc.freeze()  # objects alive now stay out of the collector: forked work-horses keep sharing them
    worker = ImportWorker(
        [settings.queue_name],
        name=name,
        connection=connect(settings),
        serializer=JSONSerializer,
        work_horse_killed_handler=on_work_horse_killed,
        log_job_description=False,
        maintenance_interval=settings.sweep_interval_seconds,
        settings=settings,
    )
    return worker.work(burst=burst, logging_level="INFO")
