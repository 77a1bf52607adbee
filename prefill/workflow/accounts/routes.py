"""`/v1/accounts`, `/v1/sessions`, `/v1/me`: register, log in and out, recover, deactivate, export."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from prefill.deps import QueueDep, SessionDep, SettingsDep
from prefill.errors import ServiceError
from prefill.settings import Settings
from prefill.workflow.accounts import service
from prefill.workflow.accounts.deps import SESSION_COOKIE, CurrentUser, request_token
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.accounts.schemas import (
    Accepted,
    AccountCreate,
    AccountPublic,
    ForgotUsername,
    LoggedIn,
    PasswordResetConfirm,
    PasswordResetRequest,
    SessionCreate,
    SessionPublic,
)
from prefill.workflow.accounts.throttle import TooManyAttempts

router = APIRouter(prefix="/v1", tags=["accounts"])

MAIL_ACCEPTED = Accepted(message="If an account matches, a mail is on its way to its address.")
"""The one answer to a recovery request, whether or not an account matched."""


def _answered(error: ServiceError) -> JSONResponse:
    """The error as a response instead of an exception: the request's session then commits what the
    failure must leave behind (a failed log-in to count, a mail to the address's owner)."""
    headers = {"Retry-After": str(error.retry_after_seconds)} if isinstance(error, TooManyAttempts) else None
    return JSONResponse(
        {"error": {"code": error.code, "message": str(error)}}, status_code=error.status, headers=headers
    )


def _logged_in(
    session: SessionDep, *, settings: Settings, user: UserAccount, token: str, response: Response
) -> LoggedIn:
    expires_at = service.session_expiry(session, token=token)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=settings.session_cookie_secure,
    )
    return LoggedIn(
        account=service.account_public(session, user=user),
        session=SessionPublic(token=token, expires_at=expires_at),
    )


@router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=LoggedIn,
    responses={409: {"description": "`username_taken`, or `email_unavailable` (neutral wording)"}},
)
def register(
    data: AccountCreate, session: SessionDep, settings: SettingsDep, response: Response
) -> LoggedIn | JSONResponse:
    """Create a candidate account and log in. `accept_privacy` must be true and `privacy_version` the
    version of `GET /v1/privacy`: otherwise 422 `privacy_not_accepted` and nothing is stored."""
    try:
        user, token = service.register(session, settings=settings, data=data)
    except service.EmailUnavailable as error:
        return _answered(error)
    session.flush()
    return _logged_in(session, settings=settings, user=user, token=token, response=response)


@router.post("/sessions", status_code=status.HTTP_201_CREATED, response_model=LoggedIn)
def log_in(
    data: SessionCreate, request: Request, session: SessionDep, settings: SettingsDep, response: Response
) -> LoggedIn | JSONResponse:
    """Log in with the user name or the e-mail address. Failed log-ins are throttled per account and
    per client address: 429 `too_many_attempts` with `Retry-After`."""
    address = request.client.host if request.client else "unknown"
    try:
        user, token = service.log_in(
            session, settings=settings, login=data.login, password=data.password, address=address
        )
    except (service.InvalidCredentials, TooManyAttempts) as error:
        return _answered(error)
    session.flush()
    return _logged_in(session, settings=settings, user=user, token=token, response=response)


@router.delete("/sessions/current", status_code=status.HTTP_204_NO_CONTENT)
def log_out(request: Request, session: SessionDep, _user: CurrentUser) -> Response:
    """Log out: the token stops working."""
    service.log_out(session, token=request_token(request) or "")
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


@router.post("/accounts/forgot-username", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def forgot_username(data: ForgotUsername, session: SessionDep, settings: SettingsDep) -> Accepted:
    """Mail the user name to the address, if an account has it. Same answer either way."""
    service.send_username_reminder(session, settings=settings, email=data.email)
    return MAIL_ACCEPTED


@router.post("/accounts/password-reset", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def password_reset(data: PasswordResetRequest, session: SessionDep, settings: SettingsDep) -> Accepted:
    """Mail a single-use reset code to the account (user name or e-mail). Same answer either way."""
    service.request_password_reset(session, settings=settings, login=data.login)
    return MAIL_ACCEPTED


@router.post("/accounts/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def password_reset_confirm(
    data: PasswordResetConfirm, session: SessionDep, settings: SettingsDep
) -> Response:
    """Set a new password with the mailed code; every session of the account is logged out."""
    service.confirm_password_reset(
        session, settings=settings, token=data.token, new_password=data.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=AccountPublic)
def me(session: SessionDep, user: CurrentUser) -> AccountPublic:
    return service.account_public(session, user=user)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def deactivate(session: SessionDep, queue: QueueDep, user: CurrentUser) -> Response:
    """Delete the account with its profile, imports, drafts and applications in progress. Final."""
    service.deactivate(session, queue=queue, user=user)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


@router.get("/me/export")
def export(session: SessionDep, user: CurrentUser) -> JSONResponse:
    """All the account's data as one JSON document (a download)."""
    return JSONResponse(
        jsonable_encoder(service.export(session, user=user)),
        headers={"Content-Disposition": 'attachment; filename="prefill-export.json"'},
    )
