"""Who is calling: `CurrentUser` (401 without a valid session) and `OptionalUser` (None if anonymous).

The session token comes as `Authorization: Bearer <token>` or in the `prefill_session` cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session

from prefill.deps import SessionDep
from prefill.errors import ServiceError
from prefill.instants import utcnow
from prefill.workflow.accounts.models import AuthSession, UserAccount
from prefill.workflow.accounts.security import token_hash

SESSION_COOKIE = "prefill_session"


class NotAuthenticated(ServiceError):
    code = "not_authenticated"
    status = 401
    message = "Log in to continue."


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403
    message = "This needs another role."


def request_token(request: Request) -> str | None:
    """The session token the request carries (the bearer header wins over the cookie)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


async def optional_user(request: Request, session: SessionDep) -> UserAccount | None:
    # `async`, so an anonymous request costs no thread-pool hop; the lookup itself runs in the pool.
    token = request_token(request)
    if token is None:
        return None
    return await run_in_threadpool(_session_user, session, token)


def _session_user(session: Session, token: str) -> UserAccount | None:
    return session.scalars(
        select(UserAccount)
        .join(AuthSession, AuthSession.user_id == UserAccount.id)
        .where(AuthSession.token_hash == token_hash(token), AuthSession.expires_at > utcnow())
    ).first()


async def optional_user_id(user: Annotated[UserAccount | None, Depends(optional_user)]) -> str | None:
    return user.id if user is not None else None


async def current_user(user: Annotated[UserAccount | None, Depends(optional_user)]) -> UserAccount:
    if user is None:
        raise NotAuthenticated()
    return user


async def hr_user(user: Annotated[UserAccount, Depends(current_user)]) -> UserAccount:
    if user.role != "hr":
        raise Forbidden()
    return user


OptionalUser = Annotated[UserAccount | None, Depends(optional_user)]
OptionalUserId = Annotated[str | None, Depends(optional_user_id)]
"""The caller's account id, None if anonymous: the `owner_id` of what they create or reach."""
CurrentUser = Annotated[UserAccount, Depends(current_user)]
HrUser = Annotated[UserAccount, Depends(hr_user)]
