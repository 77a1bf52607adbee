"""Password hashes (argon2id, parameters from the settings) and opaque tokens (only their SHA-256 is
stored)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from prefill.settings import Settings

TOKEN_BYTES = 32
"""Entropy of session and one-time tokens."""


@cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID)


def hasher_for(settings: Settings) -> PasswordHasher:
    return _hasher(
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )


def hash_password(password: str, *, settings: Settings) -> str:
    return hasher_for(settings).hash(password)


def verify_password(password_hash: str, password: str, *, settings: Settings) -> bool:
    try:
        return hasher_for(settings).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, *, settings: Settings) -> bool:
    """The hash was made with other parameters than today's settings."""
    return hasher_for(settings).check_needs_rehash(password_hash)


@cache
def _decoy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash(secrets.token_urlsafe(TOKEN_BYTES))


def burn_verification(password: str, *, settings: Settings) -> None:
    """Spend the time of a real verification when no account matched, so timing does not tell."""
    key = (
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )
    verify_password(_decoy_hash(*key), password, settings=settings)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
