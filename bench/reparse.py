"""Batch re-parse throughput and memory: real Redis, real RQ workers, real files.

    python bench/reparse.py [--docs N] [--workers 1 2] [--zip] [--json OUT]

For each worker count: a fresh SQLite database and a private Redis, an archive of N generated CVs
(`fixtures/reparse_archive.py --good-only`: DOCX, PDF, LinkedIn PDFs and exports), the workers started
and idle (models loaded), then the clock runs from the run's dispatch (plan + enqueue) until the last
document is recorded. Reports documents per second, the speed-up over the first count, the median
parse time per document, and the peak memory of each worker: its own RSS, and its work-horse's RSS,
USS (private) and PSS, sampled from /proc while the run goes on. A report, not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # runs from a checkout without installing
sys.path.insert(0, str(REPO / "fixtures"))

from reparse_archive import build_archive  # noqa: E402
from rq import Queue, Worker  # noqa: E402
from rq.serializers import JSONSerializer  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.procmem import children, peak_rss, smaps  # noqa: E402
from prefill.db import engine_for, session_scope, upgrade  # noqa: E402
from prefill.embedded_redis import EmbeddedRedis  # noqa: E402
from prefill.instants import utcnow  # noqa: E402
from prefill.pipelines.reparse import service  # noqa: E402
from prefill.pipelines.reparse.models import ReparseDocument  # noqa: E402
from prefill.redis_connection import connect  # noqa: E402
from prefill.settings import Settings  # noqa: E402
from prefill.worker_pool import spawn_workers, stop_workers  # noqa: E402

DEFAULT_DOCS = 600
"""Documents per run."""

SAMPLE_SECONDS = 0.1
"""Pause between two looks at the workers' peak memory (cheap: `/proc/<pid>/status`)."""

PROGRESS_EVERY = 3
"""Every this many looks, the run's progress is read from the database too."""

DETAILED_EVERY = 10
"""Every this many looks, the work-horses' USS and PSS are read too (`smaps_rollup`, costly)."""

WORKER_READY_SECONDS = 120.0
"""Longest the workers may take to load their models and register."""

RUN_TIMEOUT_SECONDS = 1800.0

MIB = 1024 * 1024


def _recorded(database_url: str, run_id: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(
            select(func.count()).where(ReparseDocument.run_id == run_id, ReparseDocument.status != "pending")
        )


def _wait_registered(settings: Settings, redis, count: int) -> None:
    queue = Queue(settings.reparse_queue_name, connection=redis, serializer=JSONSerializer)
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while len(Worker.all(queue=queue)) < count:
        if time.monotonic() > deadline:
            raise SystemExit("workers did not register in time")
        time.sleep(0.2)


def measure(workers: int, *, source: Path, docs: int, directory: Path) -> dict[str, Any]:
    """One run over `source` with `workers` worker processes on a fresh database and Redis."""
    database_url = f"sqlite:///{directory / f'bench-{workers}.db'}"
    upgrade(database_url)
    redis_server = EmbeddedRedis()
    settings = Settings(database_url=database_url, redis_url=redis_server.url)
    redis = connect(settings)
    processes = spawn_workers(settings, count=workers, name="bench")
    peaks: dict[int, dict[str, float]] = {p.pid: {} for p in processes}
    try:
        _wait_registered(settings, redis, workers)
        with session_scope(database_url) as session:
            run, _resumed = service.start_run(session=session, source=source, created_by=None, now=utcnow())
            run_id = run.id
        started = time.perf_counter()
        service.dispatch(run_id=run_id, settings=settings, redis=redis)
        for tick in itertools.count():
            if tick % PROGRESS_EVERY == 0 and _recorded(database_url, run_id) >= docs:
                break
            if time.perf_counter() - started > RUN_TIMEOUT_SECONDS:
                raise SystemExit("the run did not finish in time")
            _sample(peaks, detailed=tick % DETAILED_EVERY == 0)
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        with session_scope(database_url) as session:
            parse_times = session.scalars(
                select(ReparseDocument.seconds).where(ReparseDocument.run_id == run_id)
            ).all()
            failed = session.scalar(
                select(func.count()).where(
                    ReparseDocument.run_id == run_id, ReparseDocument.status == "failed"
                )
            )
    finally:
        stop_workers(processes)
        redis.close()
        redis_server.stop()
        engine_for(database_url).dispose()
    return {
        "workers": workers,
        "documents": docs,
        "failed": failed,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 2),
        "parse_ms_median": round(statistics.median(parse_times) * 1000, 1),
        "peak_memory_mib_per_worker": list(peaks.values()),
    }


def _sample(peaks: dict[int, dict[str, float]], *, detailed: bool) -> None:
    """Raise each worker's peaks: its own and its work-horse's peak RSS (cheap, every tick) and, when
    `detailed`, the horse's USS and PSS from `smaps` (costly on a large process, so now and then)."""
    for pid, peak in peaks.items():
        samples = {"worker_rss": peak_rss(pid)}
        for horse in children(pid):
            samples["horse_rss"] = peak_rss(horse)
            if detailed and (memory := smaps(horse)) is not None:
                samples |= {"horse_uss": memory["uss"], "horse_pss": memory["pss"]}
        for label, value in samples.items():
            if value is not None:
                peak[label] = max(peak.get(label, 0.0), round(value / MIB, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--zip", action="store_true", help="the archive as one ZIP file instead of a folder")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="prefill-bench-reparse-") as temp:
        directory = Path(temp)
        source = directory / ("archive.zip" if args.zip else "archive")
        build_archive(source, count=args.docs, as_zip=args.zip, good_only=True)
        results = [measure(n, source=source, docs=args.docs, directory=directory) for n in args.workers]
    base = results[0]["docs_per_s"]
    print(
        f"{'workers':>7} {'docs':>6} {'seconds':>8} {'docs/s':>8} {'speed-up':>8} {'parse ms':>9}  "
        "peak memory per worker (MiB)"
    )
    for result in results:
        memory = "; ".join(
            f"worker RSS {m.get('worker_rss')}, horse RSS {m.get('horse_rss')} / USS {m.get('horse_uss')} "
            f"/ PSS {m.get('horse_pss')}"
            for m in result["peak_memory_mib_per_worker"]
        )
        print(
            f"{result['workers']:>7} {result['documents']:>6} {result['seconds']:>8} "
            f"{result['docs_per_s']:>8} {result['docs_per_s'] / base:>7.2f}x "
            f"{result['parse_ms_median']:>9}  {memory}"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"source": "zip" if args.zip else "folder", "runs": results}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
