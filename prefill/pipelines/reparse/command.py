"""`prefill reparse SOURCE` (its arguments are in prefill.cli): run or resume a re-parse of a folder or
ZIP archive, follow it with a progress bar, and write its versioned report.

With `PREFILL_REDIS_URL` set, the run goes to that Redis and whatever workers serve it (any number, on
any host that sees SOURCE at the same path); `--workers N` adds local ones. Without it, the command
starts a private Redis and `PREFILL_WORKERS` local workers for the run. Ctrl-C pauses the run (its
waiting jobs leave the queue, running ones finish); the same command resumes it.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from rq import Worker

from prefill.db import session_scope, upgrade
from prefill.embedded_redis import EmbeddedRedis
from prefill.instants import utcnow
from prefill.pipelines.reparse import service
from prefill.pipelines.reparse.service import Progress
from prefill.pipelines.reparse.source import source_kind
from prefill.redis_connection import connect
from prefill.settings import Settings
from prefill.worker_pool import spawn_workers, stop_workers

EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (or SIGTERM): the run is paused, and the same command resumes it."""

POLL_SECONDS = 0.5
"""Pause between two looks at the run's progress."""

LOG_EVERY_SECONDS = 10.0
"""When stderr is not a terminal, a progress line this often instead of a redrawn bar."""

BAR_WIDTH = 30

REPORT_NAME = "documents.jsonl"
SUMMARY_NAME = "summary.json"


class Interrupted(Exception):
    """SIGTERM, handled like Ctrl-C."""


def run(args: argparse.Namespace, settings: Settings) -> int:
    source_kind(args.source)  # a wrong path is refused before any Redis or worker is started
    upgrade(settings.database_url)
    embedded = EmbeddedRedis() if settings.redis_url is None else None
    if embedded is not None:
        settings = settings.model_copy(update={"redis_url": embedded.url})
    local = args.workers if args.workers is not None else (settings.workers if embedded else 0)
    workers = spawn_workers(settings, count=local, name="reparse") if local else []
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return _run(args, settings, local_workers=local)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        stop_workers(workers)
        if embedded is not None:
            embedded.stop()


def _raise_interrupted(_signum, _frame) -> None:
    raise Interrupted()


def _run(args: argparse.Namespace, settings: Settings, *, local_workers: int) -> int:
    redis = connect(settings)
    with session_scope(settings.database_url) as session:
        run, resumed = service.start_run(
            session=session, source=args.source, created_by=None, now=utcnow(), new=args.new
        )
        run_id = run.id
    service.dispatch(run_id=run_id, settings=settings, redis=redis)
    out = sys.stderr
    if not args.quiet:
        verb = "resuming" if resumed else "started"
        print(f"prefill: {verb} re-parse run {run_id} of {args.source}", file=out)
        if not local_workers and not Worker.all(queue=service.make_queue(redis, settings)):
            print("prefill: no worker serves the queue: start `prefill worker` (or use --workers)", file=out)
    try:
        state = _follow(settings, run_id, out=None if args.quiet else out)
    except (KeyboardInterrupt, Interrupted):
        service.pause(run_id=run_id, settings=settings, redis=redis)
        print(f"\nprefill: run {run_id} paused; run the same command again to resume it", file=sys.stderr)
        return EXIT_INTERRUPTED
    folder = write_report(settings, run_id, out_dir=args.out or Path(settings.reparse_report_dir))
    if not args.quiet:
        print(f"prefill: {state.parsed} parsed, {state.failed} failed; report in {folder}", file=out)
    print(folder)
    return 0


def _follow(settings: Settings, run_id: str, *, out: TextIO | None) -> Progress:
    """Poll the run until no document is pending, drawing its progress on `out`."""
    drawn_at = 0.0
    terminal = out is not None and out.isatty()
    while True:
        with session_scope(settings.database_url) as session:
            state = service.progress(session=session, run=service.get_run(session, run_id), now=utcnow())
        finished = state.status in ("finished", "failed")
        if out is not None and (terminal or finished or time.monotonic() - drawn_at >= LOG_EVERY_SECONDS):
            out.write(("\r" if terminal else "") + progress_line(state) + ("" if terminal else "\n"))
            if terminal and finished:
                out.write("\n")
            out.flush()
            drawn_at = time.monotonic()
        if finished:
            return state
        time.sleep(POLL_SECONDS)


def progress_line(state: Progress) -> str:
    """`  412/1000  41% [############··················]  38.2 docs/s  ETA 0:00:15  3 failed`"""
    total = state.total or 0
    share = state.done / total if total else 0.0
    filled = round(share * BAR_WIDTH)
    rate = f"{state.rate:6.1f} docs/s" if state.rate else "     - docs/s"
    eta = state.eta_seconds
    eta_text = "ETA " + (time.strftime("%H:%M:%S", time.gmtime(eta)) if eta is not None else "--:--:--")
    failed = f"  {state.failed} failed" if state.failed else ""
    return (
        f"{state.done:>7}/{total:<7} {share:4.0%} [{'#' * filled}{'·' * (BAR_WIDTH - filled)}] "
        f"{rate}  {eta_text}{failed}"
    )


def write_report(settings: Settings, run_id: str, *, out_dir: Path) -> Path:
    """`<out>/reparse-<source>-<parser version>-<run id>/` with the JSON Lines and the summary."""
    with session_scope(settings.database_url) as session:
        run = service.get_run(session, run_id)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(run.source).stem) or "source"
        folder = out_dir / f"reparse-{name}-{run.parser_version}-{run.id}"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / REPORT_NAME).open("w", encoding="utf-8") as report:
            for line in service.report_lines(session=session, run=run):
                report.write(json.dumps(line, ensure_ascii=False) + "\n")
        summary = service.summary(session=session, run=run, now=utcnow())
    (folder / SUMMARY_NAME).write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return folder
