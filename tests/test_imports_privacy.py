"""The CV does not stay on file: after a parse, successful or not, nothing of the upload is left in
Redis (every key, every type), on disk, or in the worker's log."""

from __future__ import annotations

import os
import sys
import time

import pytest

pytest.register_assert_rewrite("service_harness")  # its helpers assert too; before its first import

from rq.job import Job  # noqa: E402
from service_harness import SAMPLES, Service, files_since, long_cv_pdf, redis_values, wait_for  # noqa: E402

from prefill.pipelines.imports import store  # noqa: E402
from prefill.pipelines.imports.service import job_id_for  # noqa: E402

pytest_plugins = ["service_harness"]  # its fixtures: the service on each database

WINDOW_BYTES = 64
"""Length of the slices of an upload searched for (a partial copy is a copy too)."""

WINDOWS = 7
"""How many slices, evenly spread, are searched for besides the whole upload."""

SPOOL_THRESHOLD_BYTES = 1024 * 1024
"""Starlette's form parser spools a file part above this size to a temp file: the upload test goes over."""

# A person who exists only here: none of it may appear anywhere once the import has failed.
FAILING_PERSON = ["Ottoline Wraxall-Pemberton", "ottoline.wraxall@example.net", "Chief Lighthouse Keeper"]


def _needles(data: bytes, texts: list[str]) -> list[bytes]:
    step = len(data) // (WINDOWS + 1)
    windows = [data[step * k : step * k + WINDOW_BYTES] for k in range(1, WINDOWS + 1)]
    return [data, *windows, *(text.lower().encode() for text in texts)]


def _assert_nothing_of_it_left(service: Service, data: bytes, texts: list[str], *, since: float) -> None:
    needles = _needles(data, texts)
    for key, blob in redis_values(service.redis):
        lowered = blob.lower()
        for needle in needles:
            assert needle not in blob and needle not in lowered, f"CV content in Redis key {key!r}"
    assert store.stored_job_ids(service.redis) == []

    for path in files_since(since, service.temp_dir):
        content = path.read_bytes().lower()
        for needle in needles:
            assert needle.lower() not in content, f"CV content in {path}"

    log = service.worker.log().lower()
    for text in texts:
        assert text.lower() not in log, "CV text in the worker's log"


def test_nothing_of_a_parsed_cv_is_left_in_redis_or_on_disk(service: Service):
    sample = SAMPLES["docx"]
    since = time.time()
    body = service.parse(sample.data, "cv.docx")
    assert body["status"] == "finished"
    # The draft is committed before RQ ends the job; with result_ttl=0 the job is then deleted at once.
    job_id = job_id_for(sample.data)
    wait_for(lambda: not Job.exists(job_id, connection=service.redis), timeout=5, what="the job's end")
    _assert_nothing_of_it_left(service, sample.data, sample.distinctive_texts(), since=since)


def test_nothing_of_a_cv_that_failed_is_left_in_redis_or_on_disk(service: Service):
    data = long_cv_pdf(pages=service.settings.max_pages + 5, heading_lines=FAILING_PERSON)
    since = time.time()
    body = service.parse(data, "long.pdf")
    assert body["status"] == "failed"
    assert body["error"]["code"] == "too_many_pages"
    assert not any(text.lower() in body["error"]["message"].lower() for text in FAILING_PERSON)
    _assert_nothing_of_it_left(service, data, FAILING_PERSON, since=since)


_watched_writes: list[str] | None = None
"""Files opened for writing (or temp files made) while an upload is watched; None when not watching."""


def _record_writes(event: str, args: tuple) -> None:
    if _watched_writes is None:
        return
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        if writing and not isinstance(path, int):
            _watched_writes.append(str(path))
    elif event in ("tempfile.mkstemp", "tempfile.mkdtemp"):
        _watched_writes.append(str(args[0]))


sys.addaudithook(_record_writes)  # an audit hook cannot be removed: it records only while watching


def test_upload_body_is_never_written_to_disk(service: Service):
    """The API runs in this process (uvicorn in a thread): no file is opened for writing, and no temp
    file made (a spooled temp file would be unnamed, so a directory scan could not see it), while an
    upload larger than Starlette's spool threshold is received and queued."""
    global _watched_writes
    data = long_cv_pdf(pages=4, heading_lines=FAILING_PERSON)
    data += b"\n%" + b"padding " * (SPOOL_THRESHOLD_BYTES // 4)  # a PDF comment after the end
    assert len(data) > SPOOL_THRESHOLD_BYTES
    _watched_writes = []
    try:
        response = service.upload(data, "big.pdf")
        writes = _watched_writes
    finally:
        _watched_writes = None
    assert response.status_code == 202, response.text
    assert writes == []
    service.wait_final(response.json()["id"])
