"""Redis connections with short timeouts: a Redis that is down gives an error fast, never a hang."""

from __future__ import annotations

from redis import Redis
from redis.backoff import NoBackoff
from redis.driver_info import DriverInfo
from redis.retry import Retry

from prefill.settings import Settings

_DRIVER_INFO = DriverInfo(name=None, lib_version=None)
"""No client name or version sent: redis-py would otherwise read its package metadata (~5 ms) and send
two CLIENT SETINFO round trips on every new connection, which every forked work-horse pays again
before its job can start."""


def connect(settings: Settings, *, url: str | None = None) -> Redis:
    """A client for the queue's Redis. It reconnects by itself once Redis is back."""
    target = url or settings.redis_url
    if target is None:
        raise RuntimeError("PREFILL_REDIS_URL is not set (prefill serve starts a private Redis)")
    return Redis.from_url(
        target,
        socket_connect_timeout=settings.redis_timeout_seconds,
        socket_timeout=2 * settings.redis_timeout_seconds,
        health_check_interval=10,
        retry=Retry(NoBackoff(), 1),
        driver_info=_DRIVER_INFO,
    )
