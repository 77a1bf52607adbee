"""A work-horse forked before its job arrives, so a job starts without waiting for a fork.

RQ forks a work-horse when it has dequeued a job: the fork of a ~290 MiB worker, the child's first
copy-on-write faults and its new Redis connection all sit between the job's dequeue and its start. A
`SpareHorseWorker` forks the next horse as soon as the previous job is over (and once at start-up): it
opens its own Redis and database connections, then waits on a pipe. The worker hands it the dequeued
job's ids through the pipe and monitors it like any horse; RQ's own fork remains the fallback when no
live spare is there. A spare whose worker dies reads the end of the pipe and exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import os
import signal
from dataclasses import dataclass

from rq import Worker
from rq.executions import Execution

SPARE_NAME = b"prefill-spare"
"""Process name (`ps`, /proc/<pid>/comm) of a forked horse waiting for its job."""

HORSE_NAME = b"prefill-horse"
"""Process name of a horse running a job."""

_PR_SET_NAME = 15
_MAX_MESSAGE_BYTES = 4096


def name_process(name: bytes) -> None:
    """Set the process name shown by `ps` (Linux; elsewhere nothing happens)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_NAME, ctypes.c_char_p(name), 0, 0, 0)


@dataclass(slots=True)
class Spare:
    pid: int
    pipe: int
    """The write end of the pipe the spare waits on."""

    def hand_over(self, message: dict) -> bool:
        """Give the spare its job; False when it is gone (then reaped) and a fork must do instead."""
        try:
            if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                return False
            os.write(self.pipe, json.dumps(message).encode())
            return True
        except (OSError, ChildProcessError):
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, os.WNOHANG)
            return False
        finally:
            os.close(self.pipe)


class SpareHorseWorker(Worker):
    """An RQ worker whose horses are forked ahead of their jobs (see the module docstring)."""

    _spare: Spare | None = None

    def prepare_spare(self) -> None:
        """Runs in a new spare before it waits: open what its job will need (Redis here)."""
        self.connection.ping()

    def bootstrap(self, *args, **kwargs) -> None:
        super().bootstrap(*args, **kwargs)
        self._fork_spare()

    def execute_job(self, job, queue) -> None:
        try:
            super().execute_job(job, queue)
        finally:
            self._fork_spare()

    def fork_work_horse(self, job, queue) -> None:
        spare, self._spare = self._spare, None
        message = {
            "job_id": job.id,
            "queue": queue.name,
            "execution_id": self.execution.id,
            "execution_created_at": self.execution.created_at.timestamp(),
        }
        if spare is None or not spare.hand_over(message):
            super().fork_work_horse(job, queue)
            return
        os.environ["RQ_WORKER_ID"] = self.name
        os.environ["RQ_JOB_ID"] = job.id
        self._horse_pid = spare.pid
        self.procline(f"Handed {job.id} to spare {spare.pid}")

    def main_work_horse(self, job, queue) -> None:
        name_process(HORSE_NAME)
        super().main_work_horse(job, queue)

    def _fork_spare(self) -> None:
        if self._spare is not None:
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(write_end)
            self._serve_as_spare(read_end)
        os.close(read_end)
        self._spare = Spare(pid, write_end)

    def _serve_as_spare(self, pipe: int) -> None:
        """The spare's life: get ready, wait for a job, run it as RQ's horse would; never returns."""
        try:
            os.setpgrp()  # as RQ's horses: a Ctrl-C on the terminal is for the worker, not for them
            name_process(SPARE_NAME)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            with contextlib.suppress(Exception):  # a connection not opened now opens with the job
                self.prepare_spare()
            data = os.read(pipe, _MAX_MESSAGE_BYTES)
            if not data:
                os._exit(0)  # the worker is gone
            message = json.loads(data)
            job = self.job_class.fetch(
                message["job_id"], connection=self.connection, serializer=self.serializer
            )
            queue = self.queue_class(
                message["queue"],
                connection=self.connection,
                job_class=self.job_class,
                serializer=self.serializer,
            )
            execution = Execution(message["execution_id"], job.id, self.connection, worker_name=self.name)
            execution.created_at = dt.datetime.fromtimestamp(message["execution_created_at"], tz=dt.UTC)
            self.execution = execution
            os.environ["RQ_WORKER_ID"] = self.name
            os.environ["RQ_JOB_ID"] = job.id
            self.main_work_horse(job, queue)
        except BaseException:  # noqa: BLE001 - a horse never returns into the worker's loop
            os._exit(1)
        os._exit(0)
