"""The import queue under load: real Redis, real RQ workers, a real HTTP server, real DOCX uploads.

    python bench/queue_load.py [--redis-url URL] [--database-url URL] [--docs N] [--clients N] [--json OUT]

Measures, in this order:

1. fork probe: in a fresh interpreter holding the models like a worker, the cost of `fork()` and the
   parse time of a work-horse forked from a parent that never parsed vs one that parsed once;
2. throughput with 1 and with 2 worker processes: N distinct uploads go through the API while no
   worker runs, the queue list is parked under another key, the workers start and wait idle, then
   the list is put back and the clock runs until the last draft is stored;
3. queue overhead on one idle worker: Redis' MONITOR timestamps every command, so enqueue -> job start
   is split into wake-up, worker bookkeeping, hand-over to the spare horse (forked ahead), horse set-up;
   plus the GET of a finished import;
4. upload -> draft latency with `--clients` concurrent clients polling, 2 workers;
5. worker memory: each parent's RSS with the models loaded, and each work-horse's RSS, USS (private)
   and shared memory while it parses (`/proc/<pid>/smaps_rollup`).

Uploads are made distinct by rewriting `cp:revision` in `docProps/core.xml` (the parser does not read
it), so the dedup by content hash never skips a parse. Every process started here is stopped, and the
temporary directory removed, on exit or Ctrl-C. Only loopback and unix-socket addresses are accepted.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # runs from a checkout without installing

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import httpx  # noqa: E402
import psutil  # noqa: E402
from redis import Redis  # noqa: E402
from rq import Queue, Worker  # noqa: E402
from rq.job import Job  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.procmem import children, smaps  # noqa: E402
from prefill.db import session_scope, upgrade  # noqa: E402
from prefill.embedded_redis import EmbeddedRedis  # noqa: E402
from prefill.models.tables import CvImport  # noqa: E402
from prefill.pipelines.imports.service import job_id_for  # noqa: E402
from prefill.settings import Settings  # noqa: E402

FIXTURES = REPO / "fixtures" / "cvs"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

DEFAULT_DOCS = 200
"""Uploads per throughput run."""
DEFAULT_CLIENTS = 20
"""Concurrent clients of the latency run."""
DEFAULT_OVERHEAD_JOBS = 40
"""Single jobs timed one at a time on an idle worker."""
DEFAULT_LATENCY_UPLOADS = 100
"""Uploads the concurrent clients make in all (each client makes its share, one after another)."""
MEMORY_JOBS = 30
"""Jobs queued while the work-horses' memory is sampled."""
FORK_ROUNDS = 20
"""Forks timed by the probe; horse parses are timed on a quarter as many."""
RESULT_FETCHES = 3
"""GETs of each finished import in the overhead run."""
JOB_POLL_SECONDS = 0.002
"""How often the overhead run reads a running job's record (it lives only while the job runs)."""
MONITORED_STEPS = (
    "enqueue_to_dequeue",
    "dequeue_to_busy",
    "busy_to_horse_started",
    "horse_started_to_job_code",
    "take_upload",
    "parse_store_finalize",
    "enqueue_to_job_code",
)
"""Steps of a job timed under MONITOR; the first six are consecutive, the last is their sum up to the code."""

BENCH_REDIS_DB = 15
"""Redis database used on a shared Redis when the URL names none; it must be empty."""
POLL_INTERVAL_SECONDS = 0.2
"""How often a latency-run client asks whether its draft is ready (a browser's pace)."""
DB_POLL_INTERVAL_SECONDS = 0.1
"""How often the throughput run counts finished imports in the database."""
IDLE_SETTLE_SECONDS = 0.5
"""Pause after workers report idle, so both are blocked on the queue when it is released."""
READY_TIMEOUT_SECONDS = 180.0
"""Longest wait for the API or the workers (model load) to come up."""
PHASE_TIMEOUT_SECONDS = 600.0
"""Longest any one run may take before the benchmark gives up on it."""
JOB_TIMEOUT_SECONDS = 30.0
"""Longest wait for one job of the overhead run."""
STOP_TIMEOUT_SECONDS = 10.0
"""How long a stopped process gets before it is killed."""
UPLOAD_THREADS = 4
"""Threads posting the throughput run's uploads (no worker runs then, so they compete with nobody)."""
MEMORY_SAMPLE_SECONDS = 0.002
"""Pause between two looks at the workers' children while sampling horse memory."""
MONITOR_STOP = "prefill-bench-monitor-stop"
"""Echoed to Redis to end the MONITOR reader."""

_REVISION = re.compile(rb"<cp:revision>[^<]*</cp:revision>")
_CORE_END = b"</cp:coreProperties>"


# --- inputs ---------------------------------------------------------------------------------------


class DocxFactory:
    """Distinct but equally valid DOCX files: the fixtures in turn, each copy with its own revision."""

    def __init__(self) -> None:
        self.sources = [path.read_bytes() for path in sorted(FIXTURES.glob("*docx*/cv.docx"))]
        if not self.sources:
            raise SystemExit(f"no DOCX fixtures under {FIXTURES}")
        self.serial = secrets.randbelow(10**9) * 10**6  # unique across runs on a persistent database

    def make(self, count: int) -> list[bytes]:
        made = []
        for _ in range(count):
            self.serial += 1
            made.append(_with_revision(self.sources[self.serial % len(self.sources)], self.serial))
        return made


def _with_revision(docx: bytes, revision: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                tag = b"<cp:revision>%d</cp:revision>" % revision
                found = _REVISION.search(data)
                data = _REVISION.sub(tag, data) if found else data.replace(_CORE_END, tag + _CORE_END)
            copy.writestr(item, data)
    return out.getvalue()


# --- statistics -------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    """p50/p95/mean/max in milliseconds of values given in seconds."""
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


# --- processes --------------------------------------------------------------------------------------


def _require_loopback(url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("unix", "sqlite") or parts.scheme.startswith("sqlite"):
        return
    if parts.hostname not in LOOPBACK_HOSTS:
        raise SystemExit(f"{what} must be on loopback or a unix socket, not {parts.hostname!r}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM (RQ's warm shutdown), then SIGKILL; work-horses left behind are killed too."""
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
    for child in descendants:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its reaped children (a worker's work-horses)."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class Stack:
    """Redis, the database, the API server and the workers of one benchmark run."""

    workdir: Path
    redis_url: str
    database_url: str
    embedded: EmbeddedRedis | None
    api: subprocess.Popen | None = None
    base_url: str = ""
    workers: list[subprocess.Popen] = field(default_factory=list)
    worker_names: list[str] = field(default_factory=list)
    started_workers: int = 0

    @property
    def settings(self) -> Settings:
        return Settings(redis_url=self.redis_url, database_url=self.database_url)

    @property
    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "PREFILL_REDIS_URL": self.redis_url,
            "PREFILL_DATABASE_URL": self.database_url,
            "PYTHONPATH": str(REPO),
        }

    def redis(self, **options: Any) -> Redis:
        return Redis.from_url(self.redis_url, **options)

    @property
    def queue(self) -> Queue:
        return Queue(self.settings.queue_name, connection=self.redis())

    def _log(self, name: str):
        return (self.workdir / f"{name}.log").open("wb")

    def _spawn(self, command: list[str], log) -> subprocess.Popen:
        # A session of its own: Ctrl-C reaches only the benchmark, which then stops everything in order.
        return subprocess.Popen(
            command, env=self.environment, cwd=REPO, stdout=log, stderr=log, start_new_session=True
        )

    def start_api(self) -> None:
        port = _free_port()
        command = [sys.executable, "-m", "uvicorn", "prefill.api:app", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
        with self._log("api") as log:
            self.api = self._spawn(command, log)
        self.base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.api.poll() is not None:
                raise SystemExit(f"the API exited; see {self.workdir / 'api.log'}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/v1/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise SystemExit("the API did not become healthy in time")

    def start_workers(self, count: int) -> None:
        """Start `count` worker processes and wait until every one is idle on the queue."""
        for _ in range(count):
            self.started_workers += 1
            name = f"bench-{os.getpid()}-{self.started_workers}"
            command = [sys.executable, "-m", "prefill.cli", "worker", "--name", name]
            with self._log(name) as log:
                self.workers.append(self._spawn(command, log))
            self.worker_names.append(name)
        redis = self.redis()
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if any(worker.poll() is not None for worker in self.workers):
                raise SystemExit(f"a worker exited; see the logs in {self.workdir}")
            idle = {w.name for w in Worker.all(connection=redis) if w.get_state() == "idle"}
            if idle >= set(self.worker_names):
                time.sleep(IDLE_SETTLE_SECONDS)
                return
            time.sleep(0.1)
        raise SystemExit("the workers did not become idle in time")

    def stop_workers(self) -> None:
        for worker in self.workers:
            _stop(worker)
        self.workers, self.worker_names = [], []

    def close(self) -> None:
        self.stop_workers()
        if self.api is not None:
            _stop(self.api)
        if self.embedded is not None:
            self.embedded.stop()
        else:
            with contextlib.suppress(Exception):
                self.redis().flushdb()  # the dedicated database was empty when the benchmark began

    def cpu_snapshot(self) -> dict[str, float]:
        """CPU seconds so far of each part: API, workers (with their horses), Redis, this process, and
        the whole machine (what other programs on it take is the machine's less the rest)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        redis_cpu = self.redis().info("cpu")
        machine = psutil.cpu_times()
        return {
            "api": _cpu_seconds(self.api.pid) if self.api else 0.0,
            "workers": sum(_cpu_seconds(worker.pid) for worker in self.workers),
            "redis": redis_cpu["used_cpu_user"] + redis_cpu["used_cpu_sys"],
            "bench": usage.ru_utime + usage.ru_stime,
            "machine": sum(machine) - machine.idle - machine.iowait,
        }


@contextlib.contextmanager
def stack(redis_url: str | None, database_url: str | None) -> Iterator[Stack]:
    workdir = Path(tempfile.mkdtemp(prefix="prefill-bench-queue-"))
    embedded = None
    try:
        if redis_url is None:
            embedded = EmbeddedRedis()
            redis_url = embedded.url
        else:
            redis_url = _with_database(redis_url)
            if Redis.from_url(redis_url).dbsize():
                raise SystemExit(f"{redis_url} is not empty: give the benchmark a database of its own")
        database_url = database_url or f"sqlite:///{workdir / 'bench.db'}"
        upgrade(database_url)
        service = Stack(workdir=workdir, redis_url=redis_url, database_url=database_url, embedded=embedded)
        embedded = None  # the stack owns it now
        try:
            service.start_api()
            yield service
        finally:
            service.close()
    finally:
        if embedded is not None:
            embedded.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _with_database(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix" or parts.path.strip("/"):
        return url
    return urlunsplit(parts._replace(path=f"/{BENCH_REDIS_DB}"))


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    used = {part: round(after[part] - before[part], 2) for part in before}
    used["others"] = round(used["machine"] - sum(v for part, v in used.items() if part != "machine"), 2)
    return used


# --- API client -------------------------------------------------------------------------------------


def upload(client: httpx.Client, data: bytes) -> str:
    response = client.post("/v1/imports", files={"file": ("cv.docx", data, DOCX_MIME)})
    if response.status_code != 202:
        raise RuntimeError(f"upload refused: {response.status_code} {response.text[:200]}")
    return response.json()["id"]


def upload_all(service: Stack, docs: list[bytes]) -> list[str]:
    def post(chunk: list[bytes]) -> list[str]:
        with httpx.Client(base_url=service.base_url, timeout=30) as client:
            return [upload(client, data) for data in chunk]

    chunks = [docs[n::UPLOAD_THREADS] for n in range(UPLOAD_THREADS)]
    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        return [import_id for ids in pool.map(post, chunks) for import_id in ids]


def finished_at(database_url: str, ids: list[str]) -> dict[str, float]:
    """Epoch seconds at which each import's draft (or failure) was stored."""
    with session_scope(database_url) as session:
        rows = session.execute(select(CvImport.id, CvImport.finished_at).where(CvImport.id.in_(ids)))
        return {row.id: _epoch(row.finished_at) for row in rows if row.finished_at is not None}


def _epoch(moment: dt.datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()  # SQLite drops the zone


def count_status(database_url: str, ids: list[str], statuses: tuple[str, ...]) -> int:
    with session_scope(database_url) as session:
        query = select(func.count()).where(CvImport.id.in_(ids), CvImport.status.in_(statuses))
        return session.scalar(query) or 0


# --- 1. fork probe ----------------------------------------------------------------------------------

_FORK_PROBE = """
import gc, json, os, statistics, sys, time
from prefill.parser import parse_bytes
from prefill.parser.nlp import load_pipelines

docs = [open(path, "rb").read() for path in sys.argv[2:]]
rounds = int(sys.argv[1])

def freeze():
    gc.collect()
    gc.freeze()

def fork_once():
    read, write = os.pipe()
    before = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.write(write, repr(time.perf_counter()).encode())
        os._exit(0)
    returned = time.perf_counter()
    os.close(write)
    child_ran = float(os.read(read, 64))
    os.close(read)
    os.waitpid(pid, 0)
    return returned - before, child_ran - before, time.perf_counter() - before

def horse_parse(data):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        started = time.perf_counter()
        parse_bytes(data)
        os.write(write, repr(time.perf_counter() - started).encode())
        os._exit(0)
    os.close(write)
    elapsed = float(os.read(read, 64))
    os.close(read)
    os.waitpid(pid, 0)
    return elapsed

def median_ms(values):
    return round(statistics.median(values) * 1000, 2)

load_pipelines()
freeze()
forks = [fork_once() for _ in range(rounds)]
horses = max(1, rounds // 4)
cold = [horse_parse(docs[n % len(docs)]) for n in range(horses)]
for data in docs:
    parse_bytes(data)
freeze()
warm = [horse_parse(docs[n % len(docs)]) for n in range(horses)]
in_process = []
for n in range(horses):
    started = time.perf_counter()
    parse_bytes(docs[n % len(docs)])
    in_process.append(time.perf_counter() - started)
print(json.dumps({
    "fork_call_p50_ms": median_ms([f[0] for f in forks]),
    "fork_to_child_running_p50_ms": median_ms([f[1] for f in forks]),
    "fork_to_child_reaped_p50_ms": median_ms([f[2] for f in forks]),
    "horse_parse_parent_never_parsed_p50_ms": median_ms(cold),
    "horse_parse_parent_parsed_once_p50_ms": median_ms(warm),
    "in_process_warm_parse_p50_ms": median_ms(in_process),
}))
"""


def fork_probe(docs: list[Path]) -> dict[str, float]:
    command = [sys.executable, "-c", _FORK_PROBE, str(FORK_ROUNDS), *map(str, docs)]
    done = subprocess.run(
        command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
        timeout=PHASE_TIMEOUT_SECONDS, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


# --- 2. throughput ----------------------------------------------------------------------------------


def throughput(service: Stack, docs: list[bytes], *, workers: int) -> dict[str, Any]:
    """Docs/s of `workers` processes on a queue filled beforehand and released at once."""
    ids = upload_all(service, docs)
    redis = service.redis()
    queue_key = service.queue.key
    parked = f"prefill-bench:parked:{os.getpid()}"
    redis.rename(queue_key, parked)  # the workers must not start on it while they load their models
    try:
        service.start_workers(workers)
        before = service.cpu_snapshot()
        started = time.time()
        redis.rename(parked, queue_key)  # wakes the workers blocked on the queue
        deadline = time.monotonic() + PHASE_TIMEOUT_SECONDS
        while count_status(service.database_url, ids, ("finished", "failed")) < len(ids):
            if time.monotonic() > deadline:
                raise SystemExit(f"throughput run with {workers} worker(s) did not finish in time")
            time.sleep(DB_POLL_INTERVAL_SECONDS)
        after = service.cpu_snapshot()
        ended = max(finished_at(service.database_url, ids).values())
        failed = count_status(service.database_url, ids, ("failed",))
    finally:
        service.stop_workers()
    seconds = ended - started
    return {
        "workers": workers,
        "docs": len(ids),
        "failed": failed,
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(ids) / seconds, 2),
        "cpu_seconds": cpu_used(before, after),
    }


# --- 3. queue overhead ------------------------------------------------------------------------------


class CommandLog:
    """Redis' MONITOR stream, kept as (server time, command) for the benchmark's database only."""

    KEPT = ("RPUSH", "HGETALL", "HSET", "GET", "DEL", "ECHO")

    def __init__(self, service: Stack) -> None:
        self.db = service.redis().connection_pool.connection_kwargs.get("db", 0)
        self.client = service.redis(socket_timeout=None)
        self.commands: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.stopper = service.redis()

    def _read(self) -> None:
        with self.client.monitor() as monitor:
            for entry in monitor.listen():
                command = entry["command"]
                if entry.get("db", self.db) != self.db or not command.startswith(self.KEPT):
                    continue
                if command == f"ECHO {MONITOR_STOP}":
                    return
                self.commands.append((entry["time"], command[:160]))  # never an upload's bytes

    def __enter__(self) -> CommandLog:
        self.thread.start()
        time.sleep(0.2)  # MONITOR is on before the first job
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopper.echo(MONITOR_STOP)
        self.thread.join(timeout=STOP_TIMEOUT_SECONDS)

    def first(self, predicate: Callable[[str], bool], *, after: float = 0.0) -> float | None:
        return next((t for t, command in list(self.commands) if t >= after and predicate(command)), None)

    def wait_for(self, predicate: Callable[[str], bool], *, after: float = 0.0) -> float:
        deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            moment = self.first(predicate, after=after)
            if moment is not None:
                return moment
            time.sleep(0.002)
        raise SystemExit("a job of the overhead run did not finish in time")


def _rq_time(value: bytes) -> dt.datetime:
    return dt.datetime.fromisoformat(value.decode())


def _wait(condition: Callable[[], Any], what: str) -> Any:
    """Poll `condition` until it returns something truthy, for at most a job's timeout."""
    deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(JOB_POLL_SECONDS)
    raise SystemExit(f"overhead run: {what} did not happen in time")


def _fetch_results(client: httpx.Client, import_id: str, fetches: list[float]) -> None:
    for _ in range(RESULT_FETCHES):
        fetched = time.perf_counter()
        body = client.get(f"/v1/imports/{import_id}").json()
        fetches.append(time.perf_counter() - fetched)
        if body["status"] != "finished":
            raise SystemExit(f"an overhead job ended {body['status']}")


def _plain_overhead(service: Stack, docs: list[bytes]) -> dict[str, Any]:
    """RQ's own `enqueued_at` -> `started_at` (read from the job while it runs) and the result fetch."""
    redis = service.redis()
    delays, uploads, fetches = [], [], []
    with httpx.Client(base_url=service.base_url, timeout=30) as client:
        for data in docs:
            key = Job.key_for(job_id_for(data))
            posted = time.perf_counter()
            import_id = upload(client, data)
            uploads.append(time.perf_counter() - posted)
            enqueued, started = _wait(
                lambda k=key: (times := redis.hmget(k, "enqueued_at", "started_at"))[1] and times,
                "a job start",
            )  # the job record is deleted when the job ends (result_ttl=0): read it while it runs
            delays.append((_rq_time(started) - _rq_time(enqueued)).total_seconds())
            _wait(lambda k=key: not redis.exists(k), "a job end")
            time.sleep(IDLE_SETTLE_SECONDS / 5)  # the worker is back on the queue when the next job comes
            _fetch_results(client, import_id, fetches)
    return {
        "enqueued_to_started": percentiles(delays),
        "result_fetch": percentiles(fetches),
        "upload_post": percentiles(uploads),
    }


def _monitored_overhead(service: Stack, docs: list[bytes]) -> dict[str, Any]:
    """Each step between enqueue and the end of a job, timed by Redis itself (MONITOR)."""
    worker = service.worker_names[0]
    queue_key = service.queue.key
    steps: dict[str, list[float]] = {name: [] for name in MONITORED_STEPS}
    with CommandLog(service) as log:
        for data in docs:
            job_id = job_id_for(data)
            with httpx.Client(base_url=service.base_url, timeout=30) as client:
                upload(client, data)
            enqueued = log.wait_for(lambda c, j=job_id: c == f"RPUSH {queue_key} {j}")
            dequeued = log.wait_for(lambda c, j=job_id: c == f"HGETALL rq:job:{j}", after=enqueued)
            busy = log.wait_for(lambda c: c == f"HSET rq:worker:{worker} state busy", after=dequeued)
            horse = log.wait_for(
                lambda c, j=job_id: c.startswith(f"HSET rq:job:{j}") and "status started" in c, after=busy
            )
            code = log.wait_for(lambda c, j=job_id: c == f"GET prefill:upload:{j}", after=horse)
            parsed = log.wait_for(lambda c, j=job_id: c == f"DEL prefill:upload:{j}", after=code)
            idle = log.wait_for(lambda c: c == f"HSET rq:worker:{worker} state idle", after=parsed)
            moments = (enqueued, dequeued, busy, horse, code, parsed, idle)
            for name, begin, end in zip(MONITORED_STEPS, moments, moments[1:], strict=False):
                steps[name].append(end - begin)
            steps["enqueue_to_job_code"].append(code - enqueued)
            time.sleep(IDLE_SETTLE_SECONDS / 5)
    return {name: percentiles(values) for name, values in steps.items()}


def queue_overhead(service: Stack, docs: list[bytes]) -> dict[str, Any]:
    """Single jobs on one idle worker: half timed plainly, half under MONITOR for the breakdown."""
    service.start_workers(1)
    try:
        half = max(1, len(docs) // 2)
        result = _plain_overhead(service, docs[:half])
        result["breakdown_under_monitor"] = _monitored_overhead(service, docs[half:] or docs[:1])
    finally:
        service.stop_workers()
    result["enqueued_to_started_plus_fetch_p50_ms"] = round(
        result["enqueued_to_started"]["p50_ms"] + result["result_fetch"]["p50_ms"], 2
    )
    return result


# --- 4. upload -> draft latency ---------------------------------------------------------------------


def concurrent_latency(service: Stack, docs: list[bytes], *, clients: int) -> dict[str, Any]:
    """`clients` clients, each uploading its share one after another and polling until the draft."""
    seen: dict[str, tuple[float, float]] = {}  # import id -> (posted at, draft seen at), epoch seconds
    errors: list[str] = []

    def client_loop(share: list[bytes]) -> None:
        with httpx.Client(base_url=service.base_url, timeout=30) as client:
            for data in share:
                posted = time.time()
                import_id = upload(client, data)
                status = "timeout"
                deadline = time.monotonic() + PHASE_TIMEOUT_SECONDS
                while time.monotonic() < deadline:
                    status = client.get(f"/v1/imports/{import_id}").json()["status"]
                    if status in ("finished", "failed"):
                        break
                    time.sleep(POLL_INTERVAL_SECONDS)
                if status != "finished":
                    errors.append(status)
                seen[import_id] = (posted, time.time())

    before = service.cpu_snapshot()
    started = time.time()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client_loop, [docs[n::clients] for n in range(clients)]))
    seconds = time.time() - started
    after = service.cpu_snapshot()
    stored = finished_at(service.database_url, list(seen))
    return {
        "clients": clients,
        "uploads": len(seen),
        "not_finished": len(errors),
        "poll_interval_ms": POLL_INTERVAL_SECONDS * 1000,
        "draft_stored": percentiles([stored[i] - posted for i, (posted, _) in seen.items() if i in stored]),
        "draft_seen_by_client": percentiles([done - posted for posted, done in seen.values()]),
        "docs_per_s": round(len(seen) / seconds, 2),
        "seconds": round(seconds, 3),
        "cpu_seconds": cpu_used(before, after),
    }


# --- 5. worker memory -------------------------------------------------------------------------------


def worker_memory(service: Stack, docs: list[bytes]) -> dict[str, Any]:
    """Each worker parent's memory while idle, and each work-horse's at its largest seen while parsing."""
    service.start_workers(2)
    try:
        parents = [smaps(worker.pid) for worker in service.workers]
        horses: dict[int, dict[str, int]] = {}
        ids = upload_all(service, docs)
        deadline = time.monotonic() + PHASE_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            for worker in service.workers:
                for horse in children(worker.pid):
                    sample = smaps(horse)
                    if sample and sample["uss"] > horses.get(horse, {}).get("uss", -1):
                        horses[horse] = sample
            if count_status(service.database_url, ids, ("finished", "failed")) == len(ids):
                break
            time.sleep(MEMORY_SAMPLE_SECONDS)
        parents_after = [smaps(worker.pid) for worker in service.workers]
    finally:
        service.stop_workers()
    mib = 1024 * 1024

    def median_mib(samples: list[dict[str, int]], key: str) -> float | None:
        return round(statistics.median(s[key] for s in samples) / mib, 1) if samples else None

    samples = list(horses.values())
    return {
        "parent_rss_mib": [round(p["rss"] / mib, 1) for p in parents if p],
        "parent_rss_after_jobs_mib": [round(p["rss"] / mib, 1) for p in parents_after if p],
        "horses_sampled": len(samples),
        "horse_rss_mib": median_mib(samples, "rss"),
        "horse_uss_mib": median_mib(samples, "uss"),
        "horse_pss_mib": median_mib(samples, "pss"),
        "horse_shared_mib": median_mib(samples, "shared"),
        "horse_shared_fraction": round(statistics.median(s["shared"] / s["rss"] for s in samples), 3)
        if samples
        else None,
    }


# --- report -----------------------------------------------------------------------------------------


def _table(title: str, rows: list[tuple[str, Any]]) -> None:
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


def _ms(stats: dict[str, Any]) -> str:
    return f"p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms (n={stats['n']})"


def _cpu(seconds: dict[str, float]) -> str:
    return ", ".join(f"{part} {value}" for part, value in seconds.items())


def report(figures: dict[str, Any]) -> None:
    probe = figures["fork_probe"]
    _table("Fork probe (a worker-sized interpreter, models loaded, GC frozen)", [
        ("fork() call", f"{probe['fork_call_p50_ms']} ms"),
        ("fork -> child running", f"{probe['fork_to_child_running_p50_ms']} ms"),
        ("fork -> child exited and reaped", f"{probe['fork_to_child_reaped_p50_ms']} ms"),
        ("horse parse, parent never parsed", f"{probe['horse_parse_parent_never_parsed_p50_ms']} ms"),
        ("horse parse, parent parsed once", f"{probe['horse_parse_parent_parsed_once_p50_ms']} ms"),
        ("in-process warm parse", f"{probe['in_process_warm_parse_p50_ms']} ms"),
    ])  # fmt: skip
    runs = figures["throughput"]
    rows = [
        (f"{run['workers']} worker(s)", f"{run['docs']} docs in {run['seconds']} s = "
         f"{run['docs_per_s']} docs/s ({run['failed']} failed); CPU s: {_cpu(run['cpu_seconds'])}")
        for run in runs
    ]  # fmt: skip
    rows.append(("2 workers / 1 worker", f"{figures['throughput_ratio']}x (target >= 1.8x)"))
    _table("Throughput, DOCX (queue filled beforehand, released to idle workers)", rows)
    overhead = figures["queue_overhead"]
    steps = overhead["breakdown_under_monitor"]
    _table("Queue overhead, one job at a time on an idle worker", [
        ("enqueued_at -> started_at, RQ's own (a)", _ms(overhead["enqueued_to_started"])),
        ("result fetch, GET of a finished import (b)", _ms(overhead["result_fetch"])),
        ("(a) + (b), p50", f"{overhead['enqueued_to_started_plus_fetch_p50_ms']} ms (target <= 10 ms)"),
        ("upload POST -> 202", _ms(overhead["upload_post"])),
        ("under MONITOR (which slows Redis and adds load):", ""),
        ("  enqueue -> dequeue (wake-up)", _ms(steps["enqueue_to_dequeue"])),
        ("  dequeue -> worker busy (RQ bookkeeping)", _ms(steps["dequeue_to_busy"])),
        ("  busy -> horse started (hand-over to the spare)", _ms(steps["busy_to_horse_started"])),
        ("  horse started -> job code runs", _ms(steps["horse_started_to_job_code"])),
        ("  enqueue -> job code runs", _ms(steps["enqueue_to_job_code"])),
        ("  job code: take the upload (GET, DEL)", _ms(steps["take_upload"])),
        ("  parse, store draft, RQ finalize, reap", _ms(steps["parse_store_finalize"])),
    ])  # fmt: skip
    latency = figures["latency"]
    _table(f"Upload -> draft, {latency['clients']} concurrent clients, 2 workers", [
        ("draft stored (server side)", _ms(latency["draft_stored"])),
        (f"draft seen (client polls every {latency['poll_interval_ms']:.0f} ms)",
         _ms(latency["draft_seen_by_client"])),
        ("throughput meanwhile", f"{latency['docs_per_s']} docs/s, {latency['not_finished']} not finished"),
        (f"CPU s in {latency['seconds']} s", _cpu(latency["cpu_seconds"])),
    ])  # fmt: skip
    memory = figures["memory"]
    _table("Worker memory (MiB; horses at their largest sample while parsing, medians)", [
        ("worker parent RSS, models loaded", memory["parent_rss_mib"]),
        ("worker parent RSS after jobs", memory["parent_rss_after_jobs_mib"]),
        ("horses sampled", memory["horses_sampled"]),
        ("horse RSS / USS (private) / PSS", f"{memory['horse_rss_mib']} / {memory['horse_uss_mib']} / "
         f"{memory['horse_pss_mib']}"),
        ("horse shared with parent", f"{memory['horse_shared_mib']} ({memory['horse_shared_fraction']:.0%})"
         if memory["horse_shared_fraction"] is not None else "no horse sampled"),
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--redis-url", help=f"a loopback Redis (DB {BENCH_REDIS_DB} unless named; it must be empty)"
    )
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="uploads per throughput run")
    parser.add_argument("--clients", type=int, default=DEFAULT_CLIENTS)
    parser.add_argument("--uploads", type=int, default=DEFAULT_LATENCY_UPLOADS, help="latency-run uploads")
    parser.add_argument("--overhead-jobs", type=int, default=DEFAULT_OVERHEAD_JOBS)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    for url, what in ((args.redis_url, "--redis-url"), (args.database_url, "--database-url")):
        if url:
            _require_loopback(url, what)
    if min(args.docs, args.clients, args.uploads, args.overhead_jobs) < 1:
        parser.error("counts must be positive")
    # Ctrl-C (even when started in the background) and SIGTERM end the run the same way: the finally
    # blocks stop every process and remove the files.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    factory = DocxFactory()
    started = time.monotonic()
    figures: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "command": " ".join(["python", "bench/queue_load.py", *(argv if argv is not None else sys.argv[1:])]),
    }
    figures["fork_probe"] = fork_probe(sorted(FIXTURES.glob("*docx*/cv.docx"))[:5])
    with stack(args.redis_url, args.database_url) as service:
        figures["redis"] = "embedded" if service.embedded else "given"
        figures["database"] = service.database_url.split(":", 1)[0]
        figures["throughput"] = [
            throughput(service, factory.make(args.docs), workers=count) for count in (1, 2)
        ]
        one, two = figures["throughput"]
        figures["throughput_ratio"] = round(two["docs_per_s"] / one["docs_per_s"], 2)
        figures["queue_overhead"] = queue_overhead(service, factory.make(args.overhead_jobs))
        service.start_workers(2)
        try:
            figures["latency"] = concurrent_latency(service, factory.make(args.uploads), clients=args.clients)
        finally:
            service.stop_workers()
        figures["memory"] = worker_memory(service, factory.make(MEMORY_JOBS))
    figures["run_seconds"] = round(time.monotonic() - started, 1)
    report(figures)
    print(f"\n{figures['command']}: {figures['run_seconds']} s, {figures['date']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: every process it started is stopped, its files removed", file=sys.stderr)
        sys.exit(130)
