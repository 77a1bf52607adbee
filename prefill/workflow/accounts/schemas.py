"""Request and response shapes of the accounts API. No request schema has `role`: HR accounts are
created by `prefill create-hr-user` only; responses never carry a password hash."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from prefill.instants import as_utc
from prefill.workflow.accounts.policy import (
    EMAIL_MAX_CHARS,
    PASSWORD_MAX_CHARS,
    normalize_email,
    normalize_username,
)

TOKEN_MAX_CHARS = 128
"""Longest token accepted in a request (ours have 43 characters)."""


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown field (say `role`) is an error, not ignored


class AccountCreate(_Request):
    username: Annotated[str, Field(max_length=256), AfterValidator(normalize_username)]
    email: Annotated[str, Field(max_length=EMAIL_MAX_CHARS + 16), AfterValidator(normalize_email)]
    password: str = Field(max_length=PASSWORD_MAX_CHARS * 4)
    """Checked by `policy.check_password` (one error code, `weak_password`, for every rule); the bound
    here only caps the request's size."""
    language: Literal["en", "fr"] = "en"
    accept_privacy: bool = False
    privacy_version: str | None = Field(default=None, max_length=32)
    """The version of `GET /v1/privacy` the person read and accepted."""


class SessionCreate(_Request):
    login: str = Field(min_length=1, max_length=EMAIL_MAX_CHARS)
    """User name or e-mail address."""
    password: str = Field(min_length=1, max_length=PASSWORD_MAX_CHARS)


class ForgotUsername(_Request):
    email: str = Field(min_length=1, max_length=EMAIL_MAX_CHARS)


class PasswordResetRequest(_Request):
    login: str = Field(min_length=1, max_length=EMAIL_MAX_CHARS)
    """User name or e-mail address."""


class PasswordResetConfirm(_Request):
    token: str = Field(min_length=1, max_length=TOKEN_MAX_CHARS)
    new_password: str = Field(max_length=PASSWORD_MAX_CHARS * 4)


class PrivacyAcceptance(_Request):
    version: str = Field(max_length=32)


class AccountPublic(BaseModel):
    id: str
    username: str
    email: str
    role: Literal["candidate", "hr"]
    language: Literal["en", "fr"]
    created_at: dt.datetime
    privacy_accepted_version: str | None
    """The version of the privacy agreement the account accepted last (None for HR accounts)."""
    privacy_current_version: str
    privacy_acceptance_required: bool
    """The agreement changed since the candidate accepted it: ask them to accept it (POST /v1/me/privacy)."""

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return as_utc(value)


class SessionPublic(BaseModel):
    token: str
    """Send as `Authorization: Bearer <token>`; also set as the `prefill_session` cookie."""
    expires_at: dt.datetime


class LoggedIn(BaseModel):
    account: AccountPublic
    session: SessionPublic


class Accepted(BaseModel):
    """The same answer whether or not an account matched (no account enumeration)."""

    status: Literal["accepted"] = "accepted"
    message: str
