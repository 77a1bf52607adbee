"""RQ workers for CV imports and batch re-parses: load the NLP pipelines once, then fork a work-horse
per job.

The pipelines are loaded before the first fork and the garbage collector frozen, so every work-horse
shares the parent's model memory copy-on-write instead of loading its own.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
from collections.abc import Iterator

import docx
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy.exc import SQLAlchemyError

from prefill.db import engine_for
from prefill.parser import parse_bytes
from prefill.parser.nlp import load_pipelines
from prefill.pipelines.imports import job as import_job
from prefill.pipelines.imports import store
from prefill.pipelines.imports.job import WORKER_CRASHED, record_failure
from prefill.pipelines.reparse import job as reparse_job
from prefill.redis_connection import connect
from prefill.settings import Settings
from prefill.spare_horse import SpareHorseWorker

log = logging.getLogger(__name__)

SWEEP_GRACE_SECONDS = 30
"""An upload younger than this is never swept: the API stores it just before enqueueing its job."""


class ImportWorker(SpareHorseWorker):
    """An RQ worker with its next work-horse forked ahead (`SpareHorseWorker`) that also sweeps uploads a
    crash left behind, on each maintenance round, registers again when Redis lost its registration, and
    outlives a Redis outage at any moment (RQ stops a worker on an error outside its dequeue)."""

    def __init__(self, *args, settings: Settings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings

    def heartbeat(self, timeout: int | None = None, pipeline=None) -> None:
        if pipeline is not None:
            super().heartbeat(timeout, pipeline)
            return
        with _outlive_redis_outage("heartbeat"):
            # A Redis restarted without its data has forgotten this worker: register it again, or health
            # would count no workers while this one goes on working.
            if not self.connection.hexists(self.key, "birth"):
                self.connection.delete(self.key)  # what a heartbeat wrote since is not a registration
                self.register_birth()
            super().heartbeat(timeout)

    def set_state(self, state, pipeline=None) -> None:
        if pipeline is not None:
            super().set_state(state, pipeline)
            return
        with _outlive_redis_outage("worker state"):
            super().set_state(state)

    def check_for_suspension(self, burst: bool) -> None:
        with _outlive_redis_outage("suspension check"):
            super().check_for_suspension(burst)

    def execute_job(self, job, queue) -> None:
        # RQ's bookkeeping around the horse (before the fork, after its end) needs Redis: if it went away
        # then, what the horse recorded stands, and the next dequeue waits for Redis to come back.
        try:
            super().execute_job(job, queue)
        except RedisError:
            log.warning("Redis unreachable around job %s: the worker goes on and waits for it", job.id)
            self._wait_for_running_horse()

    def _wait_for_running_horse(self) -> None:
        """Never two horses at once: a horse RQ stopped monitoring is waited for (its job times out)."""
        pid = self._horse_pid
        if pid and (self._spare is None or pid != self._spare.pid):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    def prepare_spare(self) -> None:
        super().prepare_spare()
        engine_for(self.settings.database_url).connect().close()  # pooled: the job's session takes it

    def run_maintenance_tasks(self) -> None:
        with _outlive_redis_outage("maintenance"):
            super().run_maintenance_tasks()
        sweep_orphan_uploads(self.connection, self.settings)


@contextlib.contextmanager
def _outlive_redis_outage(what: str) -> Iterator[None]:
    try:
        yield
    except RedisError:
        log.warning("Redis unreachable (%s): the worker goes on and waits for it", what)


def sweep_orphan_uploads(redis, settings: Settings) -> int:
    """Delete stored uploads whose job is gone or over (a killed worker, a lost job); returns the count."""
    swept = 0
    try:
        for job_id in store.stored_job_ids(redis):
            age = store.age_seconds(redis, job_id, ttl_seconds=settings.upload_ttl_seconds)
            if age is None or age < SWEEP_GRACE_SECONDS:
                continue  # just stored: its job is being enqueued right now
            if not _job_waiting_or_running(redis, job_id):
                store.discard(redis, job_id)
                record_failure(settings.database_url, job_id, *WORKER_CRASHED)
                swept += 1
    except RedisError:
        log.warning("upload sweep skipped: Redis unreachable")
    return swept


def _job_waiting_or_running(redis, job_id: str) -> bool:
    try:
        status = Job.fetch(job_id, connection=redis, serializer=JSONSerializer).get_status(refresh=False)
    except NoSuchJobError:
        return False
    return status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


_REPARSE_FUNCTION = f"{reparse_job.reparse_document.__module__}.{reparse_job.reparse_document.__name__}"


def on_work_horse_killed(job, pid, status, rusage) -> None:
    """A work-horse died mid-job: fail what that job was doing, an import or an archived document."""
    if job.func_name == _REPARSE_FUNCTION:
        reparse_job.on_work_horse_killed(job, pid, status, rusage)
    else:
        import_job.on_work_horse_killed(job, pid, status, rusage)


def _warm_up() -> None:
    """Parse a small CV in each language once, so what the parser builds on first use (regexes, tables,
    spaCy vocabularies) is built here and shared by every work-horse instead of rebuilt in each."""
    for text in WARM_UP_CVS:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        parse_bytes(buffer.getvalue())


def _warm_up_database(settings: Settings) -> None:
    """Run each job's database lookups once, on ids that match nothing, so the engine, the mappers and
    the compiled statements are built here and shared by every work-horse instead of rebuilt in each."""
    try:
        reparse_job.reparse_document(WARM_UP_ID, 0)
        record_failure(settings.database_url, WARM_UP_ID, *WORKER_CRASHED)
    except SQLAlchemyError:
        log.warning("database unreachable at start: each work-horse will connect on its own")


WARM_UP_ID = "warm-up"
"""A run and job id no run or import has (theirs are random)."""

WARM_UP_CVS = (
    "Alex Sample\nalex@example.org\n+41 22 700 00 00\n1 Rue Exemple, 1201 Genève, Suisse\nExperience\n"
    "Analyst, Example Ltd\tJan 2020 – Present\n• Wrote reports.\nEducation\nMSc, University of Example\t"
    "2015 – 2017\nLanguages\nEnglish: native\nSkills\nExcel, SQL",
    "Camille Exemple\nNationalité : française\nExpérience professionnelle\nChargée d'études, Exemple SA\t"
    "mars 2019 – aujourd'hui\nFormation\nMaster en droit, Université d'Exemple\t2014 – 2016\nLangues\n"
    "Anglais : courant",
    "Lucía Ejemplo\nExperiencia laboral\nAnalista, Ejemplo SL\tenero de 2018 – actualidad\n"
    "Formación académica\nGrado en Economía, Universidad de Ejemplo\t2012 – 2016\n"
    "Idiomas\nInglés: avanzado (C1)",
)
"""Invented CVs in English, French and Spanish parsed once before forking."""


def run_worker(settings: Settings, *, burst: bool = False, name: str | None = None) -> bool:
    """Work the imports queue until stopped (or, with `burst`, until it is empty)."""
    load_pipelines()
    _warm_up()
    _warm_up_database(settings)
    gc.collect()
    gc.freeze()  # objects alive now stay out of the collector: forked work-horses keep sharing them
    worker = ImportWorker(
        [settings.queue_name, settings.reparse_queue_name],  # in this order: candidates before batches
        name=name,
        connection=connect(settings),
        serializer=JSONSerializer,
        work_horse_killed_handler=on_work_horse_killed,
        log_job_description=False,
        maintenance_interval=settings.sweep_interval_seconds,
        settings=settings,
    )
    return worker.work(burst=burst, logging_level="INFO")
