"""Recording and reading acceptances of the privacy agreement."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from prefill.errors import ServiceError
from prefill.workflow.accounts.models import UserAccount
from prefill.workflow.consent.agreement import current_agreement
from prefill.workflow.consent.models import PrivacyConsent


class PrivacyNotAccepted(ServiceError):
    code = "privacy_not_accepted"
    status = 422
    message = "Accept the current privacy agreement (GET /v1/privacy) to continue; nothing was stored."


def require_current(*, accepted: bool, version: str | None) -> str:
    """The version accepted, or PrivacyNotAccepted unless it is the one in force."""
    current = current_agreement().version
    if not accepted or version != current:
        raise PrivacyNotAccepted()
    return current


def record_acceptance(session: Session, *, user: UserAccount, version: str) -> PrivacyConsent:
    consent = PrivacyConsent(user_id=user.id, version=version)
    session.add(consent)
    return consent


def accepted_version(session: Session, *, user: UserAccount) -> str | None:
    """The version the account accepted last, None if it never did (HR accounts)."""
    return session.scalars(
        select(PrivacyConsent.version)
        .where(PrivacyConsent.user_id == user.id)
        .order_by(PrivacyConsent.accepted_at.desc(), PrivacyConsent.id.desc())
    ).first()


def consents_of(session: Session, *, user: UserAccount) -> list[PrivacyConsent]:
    return list(
        session.scalars(
            select(PrivacyConsent).where(PrivacyConsent.user_id == user.id).order_by(PrivacyConsent.id)
        )
    )
