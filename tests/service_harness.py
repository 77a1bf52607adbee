"""Real components for the import-queue integration tests: a Redis, the databases, RQ workers in
subprocesses (so every job runs in a really forked work-horse) and the API on a real socket.

Redis: the machine's when `PREFILL_TEST_REDIS_URL` is set (only its DB is flushed), else a private
`EmbeddedRedis` for the session. Databases: a SQLite file always, and PostgreSQL (a private schema)
when `PREFILL_TEST_POSTGRES_URL` is set. Test modules import the fixtures they use from here.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
import uvicorn
from pdf_builder import build_pdf, lines
from redis import Redis
from rq import Queue, Worker
from rq.serializers import JSONSerializer
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.engine import make_url

from prefill.api import create_app
from prefill.db import engine_for, session_scope, upgrade
from prefill.embedded_redis import EmbeddedRedis
from prefill.models.tables import CvImport
from prefill.pipelines.imports import store
from prefill.redis_connection import connect
from prefill.settings import Settings
from prefill.spare_horse import HORSE_NAME

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

REDIS_URL_VARIABLE = "PREFILL_TEST_REDIS_URL"
POSTGRES_URL_VARIABLE = "PREFILL_TEST_POSTGRES_URL"

DATABASE_KINDS = ["sqlite"] + (["postgresql"] if os.environ.get(POSTGRES_URL_VARIABLE) else [])
"""Every test runs on SQLite, and on PostgreSQL too where one is configured."""

WORKER_READY_SECONDS = 60.0
"""How long a worker subprocess may take to load its pipelines and register (2 busy cores)."""

WORKER_STOP_SECONDS = 10.0
"""How long a worker gets to shut down warmly before it is killed."""

JOB_WAIT_SECONDS = 30.0
"""How long a test waits for an import to reach `finished` or `failed`."""

POLL_SECONDS = 0.02
"""Pause between two looks at a status that is expected to change soon."""

HTTP_TIMEOUT_SECONDS = 10.0
"""Client timeout towards the API: a request that hangs fails the test instead of blocking it."""

FINAL = ("finished", "failed")


def wait_for(condition, *, timeout: float, what: str):
    """Poll `condition` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(POLL_SECONDS)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


# -- databases ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Database:
    kind: str
    url: str

    def clear(self) -> None:
        with session_scope(self.url) as session:
            session.execute(delete(CvImport))

    def rows(self) -> list[CvImport]:
        with session_scope(self.url) as session:
            return list(session.scalars(select(CvImport)))


@contextmanager
def open_database(kind: str, directory: Path) -> Iterator[Database]:
    """A migrated, empty database: a SQLite file in `directory`, or a private PostgreSQL schema."""
    if kind == "sqlite":
        url = f"sqlite:///{directory / 'prefill.db'}"
        upgrade(url)
        try:
            yield Database(kind, url)
        finally:
            engine_for(url).dispose()
        return
    base = os.environ[POSTGRES_URL_VARIABLE]
    schema = f"prefill_test_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    # Every connection (API, workers, Alembic) finds the tables in the private schema first.
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    try:
        upgrade(url_text)
        yield Database(kind, url_text)
    finally:
        engine_for(url_text).dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# -- Redis ---------------------------------------------------------------------------------------


@contextmanager
def shared_redis() -> Iterator[str]:
    """The session's Redis: the configured one (only its DB flushed, before and after) or a private one."""
    configured = os.environ.get(REDIS_URL_VARIABLE)
    if configured:
        client = Redis.from_url(configured)
        client.flushdb()
        try:
            yield configured
        finally:
            client.flushdb()
            client.close()
        return
    embedded = EmbeddedRedis()
    try:
        yield embedded.url
    finally:
        embedded.stop()


def redis_values(redis: Redis) -> Iterator[tuple[bytes, bytes]]:
    """Every key of the Redis DB with everything it holds, whatever its type, as one blob."""
    for key in redis.scan_iter(count=1000):
        kind = redis.type(key).decode()
        if kind == "string":
            parts = [redis.get(key) or b""]
        elif kind == "hash":
            parts = [item for pair in redis.hgetall(key).items() for item in pair]
        elif kind == "list":
            parts = redis.lrange(key, 0, -1)
        elif kind == "set":
            parts = list(redis.smembers(key))
        elif kind == "zset":
            parts = [member for member, _score in redis.zrange(key, 0, -1, withscores=True)]
        elif kind == "stream":
            parts = [item for _id, fields in redis.xrange(key) for pair in fields.items() for item in pair]
        elif kind == "none":  # expired between SCAN and TYPE
            continue
        else:
            pytest.fail(f"Redis key of unexpected type {kind}: {key!r}")
        yield key, b"\0".join([key, *parts])


# -- workers -------------------------------------------------------------------------------------


class WorkerProcess:
    """`prefill worker` in a subprocess; its log (stdout and stderr) goes to a file."""

    def __init__(self, settings: Settings, *, name: str, log_path: Path, temp_dir: Path) -> None:
        self.name = name
        self.log_path = log_path
        self.log_offset = 0
        """Where `log` starts: what an earlier test logged is not this test's business."""
        environment = {
            **os.environ,
            "PREFILL_REDIS_URL": settings.redis_url,
            "PREFILL_DATABASE_URL": settings.database_url,
            "PREFILL_QUEUE_NAME": settings.queue_name,
            "PREFILL_REPARSE_QUEUE_NAME": settings.reparse_queue_name,
            "TMPDIR": str(temp_dir),
        }
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "prefill.cli", "worker", "--name", name],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_registered(self, queue: Queue) -> None:
        def registered() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.name} exited with {self.process.returncode}:\n{self.log()}")
            return any(worker.name == self.name for worker in Worker.all(queue=queue))

        wait_for(registered, timeout=WORKER_READY_SECONDS, what=f"worker {self.name} to register")

    def horse(self) -> psutil.Process | None:
        """The work-horse running the worker's current job, if there is one (not its idle spare)."""
        for child in psutil.Process(self.process.pid).children():
            with contextlib.suppress(psutil.NoSuchProcess):
                if child.name() == HORSE_NAME.decode():
                    return child
        return None

    def log(self) -> str:
        with self.log_path.open("rb") as log:
            log.seek(self.log_offset)
            return log.read().decode("utf-8", errors="replace")

    def skip_log(self) -> None:
        """Start `log` (and `job_starts`) from now on."""
        self.log_offset = self.log_path.stat().st_size

    def job_starts(self, queue_name: str, job_id: str) -> int:
        """How many times the worker took the job from the queue (RQ logs `queue: job id` each time)."""
        return self.log().count(f"{queue_name}: {job_id}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # RQ's warm shutdown
            try:
                self.process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- the API -------------------------------------------------------------------------------------


@contextmanager
def api_server(settings: Settings) -> Iterator[httpx.Client]:
    """`create_app(settings)` served by uvicorn in a thread on a free port; yields a client for it."""
    listener = socket.create_server(("127.0.0.1", 0))
    # asyncio sets TCP_NODELAY on accepted sockets only for protocol-6 listeners: without it every answer
    # waits ~40 ms for Nagle and delayed ACKs (uvicorn.run with host/port is not affected).
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), log_level="warning", lifespan="off", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started, timeout=10, what="the API server to start")
        host, port = listener.getsockname()
        with httpx.Client(base_url=f"http://{host}:{port}", timeout=HTTP_TIMEOUT_SECONDS) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


# -- the service -------------------------------------------------------------------------------


@dataclass(slots=True)
class Service:
    """The API, one worker, their Redis and database, as the tests drive them."""

    settings: Settings
    database: Database
    redis: Redis
    queue: Queue
    worker: WorkerProcess
    api: httpx.Client
    temp_dir: Path
    """The temp dir of the service's processes."""

    def upload(self, data: bytes, filename: str = "cv.docx") -> httpx.Response:
        return self.api.post("/v1/imports", files={"file": (filename, data, "application/octet-stream")})

    def wait_final(self, import_id: str) -> tuple[dict, list[str]]:
        """The import once `finished` or `failed`, and every status seen on the way."""
        seen: list[str] = []

        def final() -> dict | None:
            response = self.api.get(f"/v1/imports/{import_id}")
            assert response.status_code == 200, response.text
            body = response.json()
            if not seen or seen[-1] != body["status"]:
                seen.append(body["status"])
            return body if body["status"] in FINAL else None

        return wait_for(final, timeout=JOB_WAIT_SECONDS, what=f"import {import_id} to end"), seen

    def parse(self, data: bytes, filename: str = "cv.docx") -> dict:
        """Upload and wait: the import once it ended."""
        response = self.upload(data, filename)
        assert response.status_code == 202, response.text
        return self.wait_final(response.json()["id"])[0]

    def reset(self) -> None:
        """Forget earlier tests: no import rows, no stored uploads, no waiting jobs."""
        self.database.clear()
        for job_id in store.stored_job_ids(self.redis):
            store.discard(self.redis, job_id)
        self.queue.empty()
        self.worker.skip_log()


@contextmanager
def running_service(
    *, database: Database, redis_url: str, directory: Path, temp_dir: Path
) -> Iterator[Service]:
    """API and worker on a queue of their own (several services may share one Redis); the worker's
    temp dir is `temp_dir` (the API's is the `service_temp_dir` fixture's)."""
    settings = Settings(
        database_url=database.url,
        redis_url=redis_url,
        queue_name=f"prefill-test-{database.kind}-{secrets.token_hex(4)}",
    )
    redis = connect(settings)
    queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
    worker = WorkerProcess(
        settings, name=f"{settings.queue_name}-worker", log_path=directory / "worker.log", temp_dir=temp_dir
    )
    try:
        worker.wait_until_registered(queue)
        with api_server(settings) as api:
            yield Service(settings, database, redis, queue, worker, api, temp_dir)
    finally:
        worker.stop()
        redis.close()


# -- fixtures (imported by the test modules) -------------------------------------------------------


@pytest.fixture(scope="session", params=DATABASE_KINDS)
def database(request, tmp_path_factory) -> Iterator[Database]:
    with open_database(request.param, tmp_path_factory.mktemp(f"db-{request.param}")) as opened:
        yield opened


@pytest.fixture(scope="session")
def service_temp_dir(tmp_path_factory) -> Iterator[Path]:
    """The temp dir of the service's processes (the workers' TMPDIR, `tempfile`'s in this process, where
    the API runs): a private one, so what they write there is told apart from what other programs on
    the machine write to the system temp dir."""
    directory = tmp_path_factory.mktemp("service-tmp")
    previous, tempfile.tempdir = tempfile.tempdir, str(directory)
    try:
        yield directory
    finally:
        tempfile.tempdir = previous


@pytest.fixture(scope="session")
def redis_url(service_temp_dir: Path) -> Iterator[str]:
    """The session's Redis (a private one lives in the service's temp dir, which the privacy tests scan)."""
    with shared_redis() as url:
        yield url


@pytest.fixture(scope="session")
def shared_service(
    database: Database, redis_url: str, service_temp_dir: Path, tmp_path_factory
) -> Iterator[Service]:
    with running_service(
        database=database,
        redis_url=redis_url,
        directory=tmp_path_factory.mktemp(f"service-{database.kind}"),
        temp_dir=service_temp_dir,
    ) as started:
        yield started


@pytest.fixture
def service(shared_service: Service) -> Service:
    """The session's service for this database, with nothing left from earlier tests."""
    shared_service.reset()
    return shared_service


# -- test data -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    """A fixture CV and the distinctive text its draft must contain."""

    path: Path
    kind: str
    """The draft's `source.kind`."""

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def expected(self) -> dict:
        return json.loads((self.path.parent / "expected.json").read_text(encoding="utf-8"))

    def distinctive_texts(self) -> list[str]:
        """The person's e-mail, full name and latest job title."""
        personal = self.expected["personal"]
        return [
            personal["email"],
            f"{personal['first_name']} {personal['last_name']}",
            self.expected["experience"][0]["title"],
        ]


SAMPLES = {
    "docx": Sample(FIXTURES / "cvs" / "gareth-pryce-docx-two-column-table" / "cv.docx", "docx"),
    "pdf": Sample(FIXTURES / "cvs" / "marcus-ellery-pdf-two-pages" / "cv.pdf", "pdf"),
    "linkedin_pdf": Sample(FIXTURES / "linkedin/pdf/en-grouped-roles/profile.pdf", "linkedin_pdf"),
    "linkedin_zip": Sample(FIXTURES / "linkedin/zip/era-2023-basic/export.zip", "linkedin_zip"),
}

BAD_INPUTS = FIXTURES / "bad"
BAD_INPUT_CODES: dict[str, str] = json.loads((BAD_INPUTS / "expected_errors.json").read_text("utf-8"))


def files_since(moment: float, directory: Path) -> list[Path]:
    """Files under `directory` created or modified since `moment` (a time.time())."""
    found = []
    for parent, _dirs, files in os.walk(directory, onerror=lambda _error: None):
        for name in files:
            path = Path(parent, name)
            try:
                if path.is_file() and path.stat().st_mtime >= moment:
                    found.append(path)
            except OSError:
                continue  # gone, or not ours to read
    return found


def long_cv_pdf(*, pages: int, heading_lines: list[str]) -> bytes:
    """A real text PDF of `pages` dense pages (slow to parse, as a long CV is) after `heading_lines`."""
    body = [
        f"{2000 + n % 20} - {2001 + n % 20}  Programme officer, regional office {n}: budgets and reports"
        for n in range(60)
    ]
    return build_pdf(
        [lines(50, 60, heading_lines + body[len(heading_lines) :], leading=12) for _ in range(pages)]
    )
