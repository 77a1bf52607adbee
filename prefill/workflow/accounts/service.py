"""Accounts: registration, log-in sessions, forgotten user name, password reset, deactivation, export.

Keyword-only functions taking the request's session; the caller commits. Mails go through
`prefill.workflow.mail` and therefore leave only after that commit.

`EXPORTERS` is the registry behind `GET /v1/me/export`: each entry is a function
`(session, user) -> (key, JSON-able value)` and its result becomes `export[key]`. Other domains append
theirs when their service module is imported, e.g. in `profile/service.py`:

    from prefill.workflow.accounts.service import EXPORTERS
    EXPORTERS.append(lambda session, user: ("profile", profile_as_json(session, user=user)))
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from rq import Queue
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from prefill.errors import ServiceError
from prefill.instants import as_utc, utcnow
from prefill.models.tables import CvImport
from prefill.pipelines.imports import service as imports_service
from prefill.settings import Settings
from prefill.workflow.accounts import throttle
from prefill.workflow.accounts.models import AuthSession, OneTimeToken, UserAccount
from prefill.workflow.accounts.policy import check_password, normalize_email, normalize_username
from prefill.workflow.accounts.schemas import AccountCreate, AccountPublic
from prefill.workflow.accounts.security import (
    burn_verification,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)
from prefill.workflow.consent import service as consent
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.mail.models import OutboxMessage
from prefill.workflow.mail.sender import send_mail
from prefill.workflow.mail.templates import render

PASSWORD_RESET = "password_reset"
"""`OneTimeToken.purpose` of a password-reset token."""

Exporter = Callable[[Session, UserAccount], tuple[str, Any]]


class UsernameTaken(ServiceError):
    code = "username_taken"
    status = 409
    message = "This user name is taken; choose another."


class EmailUnavailable(ServiceError):
    # Neutral on purpose: it does not say that an account has this address (its owner gets a mail).
    code = "email_unavailable"
    status = 409
    message = "This e-mail address cannot be used to register. If it is yours, log in or reset your password."


class RegistrationConflict(ServiceError):
    code = "registration_conflict"
    status = 409
    message = "This user name or e-mail address was registered at the same moment. Please try again."


class InvalidCredentials(ServiceError):
    code = "invalid_credentials"
    status = 401
    message = "The user name or the password is wrong."


class InvalidToken(ServiceError):
    code = "invalid_token"
    status = 400
    message = "This code is not valid: it was used already or it expired. Ask for a new one."


# -- registration ----------------------------------------------------------------------------------


def register(session: Session, *, settings: Settings, data: AccountCreate) -> tuple[UserAccount, str]:
    """Create a candidate account and log it in; returns the account and its session token.

    Nothing is read or written before the privacy agreement in force is accepted.
    """
    version = consent.require_current(accepted=data.accept_privacy, version=data.privacy_version)
    user = _create(
        session,
        settings=settings,
        username=data.username,
        email=data.email,
        password=data.password,
        role="candidate",
        language=data.language,
    )
    consent.record_acceptance(session, user=user, version=version)
    return user, open_session(session, settings=settings, user=user)


def create_hr_user(
    session: Session, *, settings: Settings, username: str, email: str, password: str, language: str = "en"
) -> UserAccount:
    """An HR account (the `prefill create-hr-user` command; the API cannot set a role).

    Raises ValueError for a malformed user name or e-mail address, and the errors of registration.
    """
    return _create(
        session,
        settings=settings,
        username=normalize_username(username),
        email=normalize_email(email),
        password=password,
        role="hr",
        language=language,
    )


def _create(
    session: Session,
    *,
    settings: Settings,
    username: str,
    email: str,
    password: str,
    role: str,
    language: str,
) -> UserAccount:
    check_password(password, username=username, email=email)
    if session.scalars(select(UserAccount.id).where(UserAccount.username == username)).first():
        raise UsernameTaken()
    owner = session.scalars(select(UserAccount).where(UserAccount.email == email)).first()
    if owner is not None:
        _mail(session, settings=settings, user=owner, template="email_in_use")
        raise EmailUnavailable()
    user = UserAccount(
        id=str(uuid.uuid4()),
        username=username,
        email=email,
        password_hash=hash_password(password, settings=settings),
        role=role,
        language=language,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # registered by a concurrent request since the checks above
        raise RegistrationConflict() from None
    return user


# -- sessions --------------------------------------------------------------------------------------


def open_session(session: Session, *, settings: Settings, user: UserAccount) -> str:
    """A new log-in session for `user`; returns its token (only its hash is stored)."""
    now = utcnow()
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id, AuthSession.expires_at <= now))
    token = new_token()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + dt.timedelta(seconds=settings.session_ttl_seconds),
        )
    )
    return token


def session_expiry(session: Session, *, token: str) -> dt.datetime:
    return as_utc(session.get_one(AuthSession, token_hash(token)).expires_at)


def log_in(
    session: Session, *, settings: Settings, login: str, password: str, address: str
) -> tuple[UserAccount, str]:
    """Check the password and open a session; returns the account and the token.

    Raises TooManyAttempts before looking at the password when the account or the address used up
    its failures, and InvalidCredentials (after recording the failure: the caller must commit it).
    """
    now = utcnow()
    user = _find_by_login(session, login)
    address_hash = token_hash(address)
    user_id = user.id if user is not None else None
    throttle.check(session, settings=settings, user_id=user_id, address_hash=address_hash, now=now)
    if user is None:
        burn_verification(password, settings=settings)
    if user is None or not verify_password(user.password_hash, password, settings=settings):
        throttle.record_failure(
            session, settings=settings, user_id=user_id, address_hash=address_hash, now=now
        )
        raise InvalidCredentials()
    throttle.clear_account(session, user_id=user.id)
    if needs_rehash(user.password_hash, settings=settings):
        user.password_hash = hash_password(password, settings=settings)
    return user, open_session(session, settings=settings, user=user)


def log_out(session: Session, *, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))


def _find_by_login(session: Session, login: str) -> UserAccount | None:
    value = login.strip().lower()
    column = UserAccount.email if "@" in value else UserAccount.username
    return session.scalars(select(UserAccount).where(column == value)).first()


# -- forgotten user name, password reset -----------------------------------------------------------


def send_username_reminder(session: Session, *, settings: Settings, email: str) -> None:
    """Mail the user name to the address if an account has it; silent otherwise."""
    try:
        address = normalize_email(email)
    except ValueError:
        return
    user = session.scalars(select(UserAccount).where(UserAccount.email == address)).first()
    if user is not None:
        _mail(session, settings=settings, user=user, template="forgot_username", username=user.username)


def request_password_reset(session: Session, *, settings: Settings, login: str) -> None:
    """Mail a single-use reset token to the account named by `login`; silent when there is none.

    A new request replaces the account's earlier tokens.
    """
    user = _find_by_login(session, login)
    if user is None:
        return
    session.execute(
        delete(OneTimeToken).where(OneTimeToken.user_id == user.id, OneTimeToken.purpose == PASSWORD_RESET)
    )
    token = new_token()
    now = utcnow()
    session.add(
        OneTimeToken(
            token_hash=token_hash(token),
            user_id=user.id,
            purpose=PASSWORD_RESET,
            created_at=now,
            expires_at=now + dt.timedelta(seconds=settings.password_reset_ttl_seconds),
        )
    )
    _mail(
        session,
        settings=settings,
        user=user,
        template="password_reset",
        username=user.username,
        token=token,
        minutes=settings.password_reset_ttl_seconds // 60,
    )


def confirm_password_reset(session: Session, *, settings: Settings, token: str, new_password: str) -> None:
    """Set the new password, spend the token and log out every session of the account."""
    row = session.scalars(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == token_hash(token),
            OneTimeToken.purpose == PASSWORD_RESET,
            OneTimeToken.expires_at > utcnow(),
        )
    ).first()
    if row is None:
        raise InvalidToken()
    user = session.get_one(UserAccount, row.user_id)
    check_password(new_password, username=user.username, email=user.email)
    user.password_hash = hash_password(new_password, settings=settings)
    session.execute(
        delete(OneTimeToken).where(OneTimeToken.user_id == user.id, OneTimeToken.purpose == PASSWORD_RESET)
    )
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    throttle.clear_account(session, user_id=user.id)
    _mail(session, settings=settings, user=user, template="password_changed", username=user.username)


def _mail(
    session: Session, *, settings: Settings, user: UserAccount, template: str, **values: object
) -> None:
    text = render(template, language=user.language, **values)
    send_mail(session, to=user.email, subject=text.subject, body=text.body, settings=settings)


# -- the account itself ----------------------------------------------------------------------------


def account_public(session: Session, *, user: UserAccount) -> AccountPublic:
    accepted = consent.accepted_version(session, user=user)
    current = current_agreement().version
    return AccountPublic(
        id=user.id,
        username=user.username,
        email=user.email,
        role=user.role,
        language=user.language,
        created_at=user.created_at,
        privacy_accepted_version=accepted,
        privacy_current_version=current,
        privacy_acceptance_required=user.role == "candidate" and accepted != current,
    )


def accept_privacy(session: Session, *, user: UserAccount, version: str) -> None:
    """Accept the agreement in force again (it changed since the account accepted it)."""
    consent.record_acceptance(
        session, user=user, version=consent.require_current(accepted=True, version=version)
    )


def deactivate(session: Session, *, queue: Queue, user: UserAccount) -> None:
    """Delete the account and everything personal: its imports (cancelling their parses), the mails
    waiting for it in the outbox and, through ON DELETE CASCADE, whatever other tables attach to it."""
    for import_id in session.scalars(select(CvImport.id).where(CvImport.owner_id == user.id)).all():
        imports_service.delete_import(session=session, queue=queue, import_id=import_id, owner_id=user.id)
    session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == user.email))
    session.delete(user)


def export(session: Session, *, user: UserAccount) -> dict[str, Any]:
    """All the account's data, one key per exporter (see `EXPORTERS`)."""
    document: dict[str, Any] = {"exported_at": utcnow()}
    for exporter in EXPORTERS:
        key, value = exporter(session, user)
        document[key] = value
    return document


def _export_account(session: Session, user: UserAccount) -> tuple[str, Any]:
    return "account", account_public(session, user=user).model_dump()


def _export_consents(session: Session, user: UserAccount) -> tuple[str, Any]:
    rows = consent.consents_of(session, user=user)
    return "privacy_consents", [{"version": r.version, "accepted_at": as_utc(r.accepted_at)} for r in rows]


def _export_sessions(session: Session, user: UserAccount) -> tuple[str, Any]:
    rows = session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.created_at)
    )
    return "sessions", [
        {"created_at": as_utc(r.created_at), "expires_at": as_utc(r.expires_at)} for r in rows
    ]


def _export_imports(session: Session, user: UserAccount) -> tuple[str, Any]:
    rows = session.scalars(select(CvImport).where(CvImport.owner_id == user.id).order_by(CvImport.created_at))
    return "imports", [
        {
            "id": r.id,
            "filename": r.filename,
            "status": r.status,
            "created_at": as_utc(r.created_at),
            "finished_at": as_utc(r.finished_at) if r.finished_at else None,
            "parser_version": r.parser_version,
            "draft": r.draft,
        }
        for r in rows
    ]


EXPORTERS: list[Exporter] = [_export_account, _export_consents, _export_sessions, _export_imports]
"""`(session, user) -> (key, value)` functions behind `GET /v1/me/export`; other domains append theirs."""
