"""Throttling of failed log-ins per account and per client address, counted in the database (so the
limit holds across API processes) over a sliding window."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from prefill.errors import ServiceError
from prefill.instants import as_utc
from prefill.settings import Settings
from prefill.workflow.accounts.models import LoginAttempt


class TooManyAttempts(ServiceError):
    code = "too_many_attempts"
    status = 429
    message = "Too many failed log-ins. Wait before trying again, or reset your password."

    def __init__(self, *, retry_after_seconds: int) -> None:
        super().__init__()
        self.retry_after_seconds = retry_after_seconds


def check(
    session: Session, *, settings: Settings, user_id: str | None, address_hash: str, now: dt.datetime
) -> None:
    """Raise TooManyAttempts (with the wait) when the account or the address used up its failures."""
    window = dt.timedelta(seconds=settings.login_failure_window_seconds)
    limits = [(LoginAttempt.address_hash == address_hash, settings.login_failures_per_address)]
    if user_id is not None:
        limits.append((LoginAttempt.user_id == user_id, settings.login_failures_per_account))
    longest = max(
        _wait(session, condition, limit=limit, window=window, now=now) for condition, limit in limits
    )
    if longest > 0:
        raise TooManyAttempts(retry_after_seconds=longest)


def _wait(session: Session, condition, *, limit: int, window: dt.timedelta, now: dt.datetime) -> int:
    """Seconds until fewer than `limit` failures matching `condition` are left in the window (0: none)."""
    times = [
        as_utc(moment)
        for moment in session.scalars(
            select(LoginAttempt.attempted_at)
            .where(condition, LoginAttempt.attempted_at > now - window)
            .order_by(LoginAttempt.attempted_at)
        )
    ]
    if len(times) < limit:
        return 0
    # Once the oldest failures beyond the limit leave the window, the count is below the limit again.
    free_at = times[len(times) - limit] + window
    return max(1, math.ceil((free_at - now).total_seconds()))


def record_failure(
    session: Session, *, settings: Settings, user_id: str | None, address_hash: str, now: dt.datetime
) -> None:
    session.add(LoginAttempt(user_id=user_id, address_hash=address_hash, attempted_at=now))
    # Failures older than the window count for nothing: forget them.
    since = now - dt.timedelta(seconds=settings.login_failure_window_seconds)
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= since))


def clear_account(session: Session, *, user_id: str) -> None:
    """A successful log-in clears the account's failures (not the address's)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.user_id == user_id))
