"""The short-lived store an upload waits in until its worker takes it (Redis, with a TTL)."""

from __future__ import annotations

from redis import Redis

UPLOAD_PREFIX = "prefill:upload:"
"""Key prefix of stored uploads; the rest of the key is the job id."""


def upload_key(job_id: str) -> str:
    return f"{UPLOAD_PREFIX}{job_id}"


def put(redis: Redis, job_id: str, data: bytes, *, ttl_seconds: int) -> bool:
    """Store an upload unless the same one already waits; False means its parse is already queued."""
    return bool(redis.set(upload_key(job_id), data, ex=ttl_seconds, nx=True))


def take(redis: Redis, job_id: str) -> bytes | None:
    """The upload's bytes, or None when they expired (the job discards them right after)."""
    return redis.get(upload_key(job_id))


def discard(redis: Redis, job_id: str) -> None:
    redis.delete(upload_key(job_id))


def age_seconds(redis: Redis, job_id: str, *, ttl_seconds: int) -> int | None:
    """How long an upload has been waiting (from its remaining TTL), or None when it is gone."""
    remaining = redis.ttl(upload_key(job_id))
    return None if remaining < 0 else ttl_seconds - remaining


def stored_job_ids(redis: Redis) -> list[str]:
    return [key.decode()[len(UPLOAD_PREFIX) :] for key in redis.scan_iter(match=f"{UPLOAD_PREFIX}*")]
