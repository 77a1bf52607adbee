"""Batch re-parse at scale (issue 7): 1,000 generated documents, two worker processes, `prefill reparse`
interrupted twice — Ctrl-C (the run pauses: its waiting jobs leave the queue) and SIGKILL (nothing
pauses it: its jobs go on) — then resumed. The report holds every document exactly once with the
outcome its content calls for, and the workers ran exactly one job per document: none parsed twice,
none skipped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from reparse_archive import build_archive  # fixtures/, on the path via conftest
from rq import Queue, Worker
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from service_harness import Database, WorkerProcess, wait_for
from sqlalchemy import func, select

from prefill.db import session_scope
from prefill.pipelines.reparse.command import EXIT_INTERRUPTED, REPORT_NAME, SUMMARY_NAME
from prefill.pipelines.reparse.models import ReparseDocument, ReparseRun
from prefill.redis_connection import connect
from prefill.settings import Settings

pytest_plugins = ["service_harness"]

DOCUMENTS = 1_000
STEP = 250
"""Documents recorded between two interruptions."""

RUN_SECONDS = 240.0
"""Longest a stretch of the run may take on 2 busy cores."""


def _command(settings: Settings, source: Path, out: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "PREFILL_DATABASE_URL": settings.database_url,
        "PREFILL_REDIS_URL": settings.redis_url,
        "PREFILL_QUEUE_NAME": settings.queue_name,
        "PREFILL_REPARSE_QUEUE_NAME": settings.reparse_queue_name,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "prefill.cli", "reparse", str(source), "--out", str(out), "--workers", "0"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _counts(settings: Settings, source: Path) -> Counter[str]:
    with session_scope(settings.database_url) as session:
        rows = session.execute(
            select(ReparseDocument.status, func.count())
            .join(ReparseRun, ReparseRun.id == ReparseDocument.run_id)
            .where(ReparseRun.source == str(source.resolve()))
            .group_by(ReparseDocument.status)
        ).all()
    return Counter(dict(rows))


def _recorded(settings: Settings, source: Path) -> int:
    counts = _counts(settings, source)
    return counts["parsed"] + counts["failed"]


@pytest.fixture
def two_workers(database: Database, redis_url: str, tmp_path: Path, service_temp_dir: Path):
    suffix = os.urandom(4).hex()
    settings = Settings(
        database_url=database.url,
        redis_url=redis_url,
        queue_name=f"prefill-test-imports-{suffix}",
        reparse_queue_name=f"prefill-test-reparse-{suffix}",
    )
    redis = connect(settings)
    queue = Queue(settings.reparse_queue_name, connection=redis, serializer=JSONSerializer)
    workers = [
        WorkerProcess(
            settings,
            name=f"reparse-{suffix}-{n}",
            log_path=tmp_path / f"worker-{n}.log",
            temp_dir=service_temp_dir,
        )
        for n in range(2)
    ]
    try:
        for worker in workers:
            worker.wait_until_registered(queue)
        yield settings, queue, workers
    finally:
        for worker in workers:
            worker.stop()
        redis.close()


def test_a_run_interrupted_by_ctrl_c_then_killed_resumes_with_every_document_once(
    two_workers, tmp_path: Path
):
    settings, queue, workers = two_workers
    source, out = tmp_path / "archive", tmp_path / "reports"
    expected = build_archive(source, count=DOCUMENTS)

    # 1. Ctrl-C after a quarter: the run pauses, its waiting jobs leave the queue, running ones finish.
    first = _command(settings, source, out)
    wait_for(lambda: _recorded(settings, source) >= STEP, timeout=RUN_SECONDS, what="a quarter of the run")
    first.send_signal(signal.SIGINT)
    assert first.wait(timeout=30) == EXIT_INTERRUPTED, first.stderr.read()
    assert "paused" in first.stderr.read()
    registry = StartedJobRegistry(queue=queue)
    wait_for(lambda: not registry.get_job_ids(), timeout=30, what="the jobs already running to end")
    assert queue.get_job_ids() == []
    paused_at = _recorded(settings, source)
    assert STEP <= paused_at < DOCUMENTS
    assert _counts(settings, source)["pending"] == DOCUMENTS - paused_at

    # 2. Resumed, then killed outright: nothing pauses the run, its queued jobs go on.
    second = _command(settings, source, out)
    wait_for(
        lambda: _recorded(settings, source) >= paused_at + STEP, timeout=RUN_SECONDS, what="another quarter"
    )
    second.kill()
    second.wait(timeout=10)

    # 3. Resumed again while those jobs still run: it queues only what no job will record.
    third = _command(settings, source, out)
    stdout, stderr = third.communicate(timeout=RUN_SECONDS)
    assert third.returncode == 0, stderr
    assert "resuming" in stderr
    folder = Path(stdout.strip().splitlines()[-1])

    lines = [json.loads(line) for line in (folder / REPORT_NAME).read_text(encoding="utf-8").splitlines()]
    assert len(lines) == DOCUMENTS
    assert {line["key"] for line in lines} == set(expected)
    for line in lines:
        code = expected[line["key"]]
        if code is None:
            assert (line["status"], line["error"]) == ("parsed", None), line["key"]
            assert line["draft"]["source"]["sha256"] == line["sha256"]
        else:
            assert (line["status"], line["error"]["code"], line["draft"]) == ("failed", code, None), line[
                "key"
            ]

    summary = json.loads((folder / SUMMARY_NAME).read_text(encoding="utf-8"))
    failures = Counter(code for code in expected.values() if code is not None)
    assert summary["documents"] == DOCUMENTS
    assert (summary["parsed"], summary["failed"], summary["pending"]) == (
        DOCUMENTS - failures.total(),
        failures.total(),
        0,
    )
    assert summary["failures"] == dict(failures)
    assert summary["status"] == "finished"

    # One job per document, in all: none ran twice (a duplicate would have run, and found its row done).
    ran = [
        Worker.find_by_key(Worker.redis_worker_namespace_prefix + w.name, connection=queue.connection)
        for w in workers
    ]
    assert sum(w.successful_job_count + w.failed_job_count for w in ran) == DOCUMENTS
    assert queue.get_job_ids() == []
