"""Account tables: accounts, log-in sessions, failed log-ins, one-time tokens.

Everything attached to an account references `user_account.id` with ON DELETE CASCADE, so deleting
the account (deactivation) deletes it too; other domains' tables follow the same rule.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from prefill.instants import utcnow
from prefill.models.tables import Base


class UserAccount(Base):
    __tablename__ = "user_account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    """Stored lower-cased: user names are case-insensitive."""
    email: Mapped[str] = mapped_column(String(254), unique=True)
    """Stored lower-cased."""
    password_hash: Mapped[str] = mapped_column(String(255))
    """argon2id."""
    role: Mapped[str] = mapped_column(String(16), default="candidate")
    """candidate | hr. HR accounts are created by `prefill create-hr-user` only."""
    language: Mapped[str] = mapped_column(String(2), default="en")
    """Language of the mails sent to the account (en | fr)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuthSession(Base):
    """A log-in: the token is opaque and only its hash is stored."""

    __tablename__ = "auth_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """One failed log-in, counted per account and per client address (in the database, so the count
    holds across API processes)."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    """None when the log-in named no account."""
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    """SHA-256 of the client address: counted, never stored in clear."""
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class OneTimeToken(Base):
    """A mailed token (password reset): only its hash is stored; deleted when used."""

    __tablename__ = "one_time_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
